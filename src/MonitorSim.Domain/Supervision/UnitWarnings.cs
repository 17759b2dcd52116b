namespace MonitorSim.Domain.Supervision;

/// <summary>The kinds of unit the indicator system tells apart (docs/domain.md#accountability-and-warnings).</summary>
public enum UnitType
{
    CityAgency,
    CountyDivision,
    TownOrSubDistrict,
    Village,
    ServiceCentre,
}

/// <summary>What counts against a unit in its early-warning score.</summary>
public enum WarningSignal
{
    /// <summary>A clue against the unit was substantiated (an outcome other than clarification).</summary>
    SubstantiatedClue,
    /// <summary>A clue the unit handled went past its deadline.</summary>
    MissedDeadline,
    /// <summary>The monitoring tree caught inaction at the unit (early leave, desk unattended in office hours).</summary>
    MonitoringDetection,
    /// <summary>A co-handling step at the unit missed its deadline.</summary>
    CoHandlingMissed,
    /// <summary>A look-back found a problem back.</summary>
    Reopened,
}

/// <summary>The yellow–orange–red early warning (docs/domain.md#accountability-and-warnings); red puts the unit under key supervision.</summary>
public enum WarningLevel
{
    None,
    Yellow,
    Orange,
    Red,
}

/// <summary>
/// One unit type's indicators: each signal's weight, the rolling window the score is summed over, and the score at which
/// each level starts. Thresholds must rise yellow ≤ orange ≤ red. The seed names the system but gives no numbers: the
/// values come from the scenario (see <see cref="Default"/> for the assumptions used when it gives none).
/// </summary>
public sealed record WarningIndicators(TimeSpan Window, IReadOnlyDictionary<WarningSignal, double> Weights, double Yellow, double Orange, double Red)
{
    /// <summary>Assumptions, not seed figures: a 90-day window; a missed deadline or a reopened case weighs twice a
    /// substantiated clue, a monitoring detection a fifth of one; smaller units warn at lower scores (a village with three
    /// substantiated clues in a quarter stands out more than a city agency with three).</summary>
    public static WarningIndicators Default(UnitType type)
    {
        var weights = new Dictionary<WarningSignal, double>
        {
            [WarningSignal.SubstantiatedClue] = 1, [WarningSignal.MissedDeadline] = 2, [WarningSignal.MonitoringDetection] = 0.2,
            [WarningSignal.CoHandlingMissed] = 0.5, [WarningSignal.Reopened] = 2,
        };
        var (y, o, r) = type switch
        {
            UnitType.Village => (2.0, 4.0, 6.0),
            UnitType.ServiceCentre or UnitType.TownOrSubDistrict => (3.0, 6.0, 9.0),
            _ => (5.0, 10.0, 15.0),
        };
        return new WarningIndicators(TimeSpan.FromDays(90), weights, y, o, r);
    }

    /// <summary>Why these indicators cannot be used, or null.</summary>
    public string? Problem() =>
        Window <= TimeSpan.Zero ? "the window must be longer than zero"
        : Weights.Values.Any(w => w < 0 || !double.IsFinite(w)) ? "weights must be finite and not negative"
        : !(Yellow > 0 && Yellow <= Orange && Orange <= Red) ? $"thresholds must rise from above zero: yellow {Yellow} ≤ orange {Orange} ≤ red {Red}"
        : null;

    public WarningLevel LevelOf(double score) =>
        score >= Red ? WarningLevel.Red : score >= Orange ? WarningLevel.Orange : score >= Yellow ? WarningLevel.Yellow : WarningLevel.None;
}

/// <summary>A unit's warning level changed (either way); <see cref="KeySupervision"/> while it is red.</summary>
public sealed record UnitWarningChanged(DateTime At, int Unit, WarningLevel From, WarningLevel To, double Score)
{
    public bool KeySupervision => To == WarningLevel.Red;
}

/// <summary>
/// The early warning of every unit: signals are added as they happen, each unit's score is the weighted sum of its
/// signals inside its type's rolling window, and the level follows the score both ways (signals age out of the window, and
/// a unit that improves steps down). Pure and in memory: the workflow actor persists the changes it reports. Signals must
/// arrive in time order.
/// </summary>
public sealed class UnitWarnings(Func<int, UnitType> typeOf, Func<UnitType, WarningIndicators> indicators)
{
    private readonly Dictionary<int, Queue<(DateTime At, double Weight)>> _signals = [];
    private readonly Dictionary<int, (WarningLevel Level, double Score)> _state = [];
    private DateTime _last = DateTime.MinValue;

    /// <summary>A unit's level now (None for a unit never signalled).</summary>
    public WarningLevel LevelOf(int unit) => _state.TryGetValue(unit, out var s) ? s.Level : WarningLevel.None;

    /// <summary>Units at red (under key supervision).</summary>
    public IEnumerable<int> UnderKeySupervision => _state.Where(s => s.Value.Level == WarningLevel.Red).Select(s => s.Key);

    /// <summary>Counts <paramref name="signal"/> against <paramref name="unit"/> at <paramref name="at"/>; the change of
    /// level it causes, or null.</summary>
    public UnitWarningChanged? Signal(int unit, WarningSignal signal, DateTime at)
    {
        Advance(at);
        var rules = indicators(typeOf(unit));
        if (!_signals.TryGetValue(unit, out var queue)) _signals[unit] = queue = new Queue<(DateTime, double)>();
        queue.Enqueue((at, rules.Weights.GetValueOrDefault(signal)));
        return Evaluate(unit, at, rules);
    }

    /// <summary>The levels that changed because signals aged out of their window by <paramref name="at"/>.</summary>
    public IReadOnlyList<UnitWarningChanged> Tick(DateTime at)
    {
        Advance(at);
        var changes = new List<UnitWarningChanged>();
        foreach (var unit in _signals.Keys.ToList())
            if (Evaluate(unit, at, indicators(typeOf(unit))) is { } change) changes.Add(change);
        return changes;
    }

    private void Advance(DateTime at)
    {
        if (at < _last) throw new ArgumentException($"signals must come in time order: {at:O} is before {_last:O}", nameof(at));
        _last = at;
    }

    private UnitWarningChanged? Evaluate(int unit, DateTime at, WarningIndicators rules)
    {
        var queue = _signals[unit];
        // A signal counts for its window: exactly one window after it, it no longer does.
        while (queue.Count > 0 && queue.Peek().At <= at - rules.Window) queue.Dequeue();
        var score = Math.Round(queue.Sum(s => s.Weight), 9); // five detections at 0.2 make 1, not 0.99999…
        var before = _state.TryGetValue(unit, out var s) ? s.Level : WarningLevel.None;
        var level = rules.LevelOf(score);
        _state[unit] = (level, score);
        return level == before ? null : new UnitWarningChanged(at, unit, before, level, score);
    }
}
