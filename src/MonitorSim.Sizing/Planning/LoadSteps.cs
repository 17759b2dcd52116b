using System.Globalization;

namespace MonitorSim.Sizing.Planning;

/// <summary>
/// The load steps of a sizing run: load factors in a geometric series (start, start·r, start·r², …) and the rule that
/// ends the series. A step ends it when its SLO broke (the knee is behind) or when its completed throughput grew less
/// than <see cref="MinGrowth"/> over the step before (the system is saturated: more offered load only queues), but never
/// before <see cref="MinSteps"/> steps, the fewest the USL can be fitted on with one step held out to check it.
/// </summary>
/// <param name="Start">Load factor of the first step, &gt; 0.</param>
/// <param name="Ratio">Each step's load factor over the one before, &gt; 1.</param>
/// <param name="MaxSteps">The series ends here whatever happens (at least <see cref="MinSteps"/>).</param>
/// <param name="MinGrowth">Completed throughput must grow by at least this share per step (0.05 = 5 %).</param>
public sealed record LoadSteps(double Start, double Ratio, int MaxSteps, double MinGrowth = LoadSteps.DefaultMinGrowth)
{
    /// <summary>The USL has 3 parameters; fitted on 4 steps it keeps a degree of freedom, and the 5th is held out.</summary>
    public const int MinSteps = 5;

    public const double DefaultMinGrowth = 0.05;

    /// <summary>Load factor of step <paramref name="number"/> (1-based).</summary>
    public double FactorOf(int number)
    {
        if (number < 1) throw new ArgumentOutOfRangeException(nameof(number), number, "steps are numbered from 1");
        return Start * Math.Pow(Ratio, number - 1);
    }

    /// <summary>Every load factor the series may reach (up to <see cref="MaxSteps"/>).</summary>
    public IReadOnlyList<double> Factors() => Enumerable.Range(1, MaxSteps).Select(FactorOf).ToList();

    /// <summary>Why the series ends after the steps measured so far, or null to go on to the next step.</summary>
    public string? StopReason(IReadOnlyList<StepMeasurement> done)
    {
        ArgumentNullException.ThrowIfNull(done);
        if (done.Count == 0) return null;
        if (done.Count >= MaxSteps) return $"the maximum of {MaxSteps} steps was reached";
        if (done.Count < MinSteps) return null;
        var last = done[^1];
        if (!last.SloHeld)
            return $"the SLO broke at load factor {Show(last.LoadFactor)} ({string.Join(", ", last.Slo.Where(s => !s.Passed).Select(s => $"{s.Expr}: {(s.Value is { } v ? Show(v) : "no value")}"))})";
        var before = done[^2];
        var growth = before.CompletedPerSecond > 0 ? last.CompletedPerSecond / before.CompletedPerSecond - 1 : double.PositiveInfinity;
        if (growth < MinGrowth)
            return $"completed throughput grew {growth:P1} from load factor {Show(before.LoadFactor)} to {Show(last.LoadFactor)} " +
                   $"(less than {MinGrowth:P0}): the system is saturated";
        return null;
    }

    /// <summary>Checks the series' numbers; what is wrong, or null.</summary>
    public string? Problem() =>
        !(double.IsFinite(Start) && Start > 0) ? $"the first load factor must be > 0, got {Show(Start)}"
        : !(double.IsFinite(Ratio) && Ratio > 1) ? $"the step ratio must be > 1 (each step offers more), got {Show(Ratio)}"
        : MaxSteps < MinSteps ? $"at least {MinSteps} steps are needed (the USL's 3 parameters plus one, plus one step held out), got {MaxSteps}"
        : MaxSteps > 40 ? $"at most 40 steps, got {MaxSteps}"
        : !(MinGrowth is >= 0 and < 1) ? $"the minimum growth must lie in [0, 1), got {Show(MinGrowth)}"
        : null;

    private static string Show(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
