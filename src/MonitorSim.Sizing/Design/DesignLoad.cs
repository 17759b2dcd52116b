using System.Globalization;

namespace MonitorSim.Sizing.Design;

/// <summary>Where a candidate design load comes from.</summary>
public enum DesignLoadKind
{
    /// <summary>The scenario's rates at its busiest hour: event-driven operations × the peak factor.</summary>
    Peak,

    /// <summary>A re-registration storm: every camera of the largest platform (or the city) registering within the
    /// scenario's <c>reregister_jitter</c>, on top of the scenario's own rates.</summary>
    Storm,

    /// <summary>The busiest window of a replayed incident log (<c>--design-log</c>).</summary>
    Log,
}

/// <summary>One load the plan could be sized for: operations per second per operation, and how they were derived.</summary>
/// <param name="RatesPerS">Operations per second per operation name (before growth).</param>
/// <param name="Derivation">The arithmetic in words, with its inputs, for the report.</param>
public sealed record DesignLoadCandidate(DesignLoadKind Kind, IReadOnlyDictionary<string, double> RatesPerS, string Derivation)
{
    public double OpsPerSecond => RatesPerS.Values.Sum();

    /// <summary>"peak", "storm", "log": the candidate's name in reports and JSON.</summary>
    public string Name => Kind.ToString().ToLowerInvariant();
}

/// <summary>
/// The named design load the plan is sized for: the largest of its candidates (the scenario at its peak factor, a
/// re-registration storm, a replayed incident log's busiest window) × the growth over the plan's horizon.
/// <para>
/// Candidates are compared by their total operations per second. The capacity the search measures is in operations of the
/// scenario's own mix; a storm is registrations alone, a log has its own mix. Comparing totals assumes one operation of the
/// design load costs what one of the scenario's mix costs; the report says so beside the margin.
/// </para>
/// </summary>
/// <param name="Candidates">Every candidate considered, in the order peak, storm, log (those that apply).</param>
/// <param name="Growth">Multiplies the chosen candidate: the city's growth over the plan's horizon.</param>
public sealed record DesignLoad(IReadOnlyList<DesignLoadCandidate> Candidates, double Growth)
{
    /// <summary>The candidate with the most operations per second (the first of equals).</summary>
    public DesignLoadCandidate Chosen
    {
        get
        {
            var best = Candidates[0];
            foreach (var c in Candidates) if (c.OpsPerSecond > best.OpsPerSecond) best = c;
            return best;
        }
    }

    /// <summary>The design load: the chosen candidate's operations per second × growth.</summary>
    public double OpsPerSecond => Chosen.OpsPerSecond * Growth;

    /// <summary>The design load per operation (× growth).</summary>
    public IReadOnlyDictionary<string, double> RatesPerS => Chosen.RatesPerS.ToDictionary(r => r.Key, r => r.Value * Growth, StringComparer.Ordinal);

    /// <summary>Capacity over the design load: above 1 the capacity carries it with that much to spare.</summary>
    public double MarginOf(double capacityOpsPerSecond) => OpsPerSecond > 0 ? capacityOpsPerSecond / OpsPerSecond : double.PositiveInfinity;

    /// <summary>The design load from the candidates that apply; the storm and the log are optional.</summary>
    public static DesignLoad Of(double growth, DesignLoadCandidate peak, DesignLoadCandidate? storm = null, DesignLoadCandidate? log = null)
    {
        ArgumentNullException.ThrowIfNull(peak);
        if (!(double.IsFinite(growth) && growth > 0)) throw new ArgumentOutOfRangeException(nameof(growth), growth, "growth must be > 0");
        var all = new List<DesignLoadCandidate> { peak };
        if (storm is not null) all.Add(storm);
        if (log is not null) all.Add(log);
        return new DesignLoad(all, growth);
    }

    /// <summary>
    /// The scenario at its busiest hour: rate(op) = base(op) × P for event-driven operations, base(op) for device timers
    /// (<paramref name="unpeaked"/>: keepalives and registration refreshes tick at the same rate at every hour).
    /// </summary>
    /// <param name="baseRates">Operations per second per operation at the scenario's own load factor.</param>
    public static DesignLoadCandidate Peak(IReadOnlyDictionary<string, double> baseRates, IReadOnlySet<string> unpeaked, double peakFactor, double scenarioLoadFactor)
    {
        ArgumentNullException.ThrowIfNull(baseRates);
        ArgumentNullException.ThrowIfNull(unpeaked);
        if (!(double.IsFinite(peakFactor) && peakFactor >= 1)) throw new ArgumentOutOfRangeException(nameof(peakFactor), peakFactor, "the peak factor must be at least 1");
        var rates = baseRates.ToDictionary(r => r.Key, r => r.Value * (unpeaked.Contains(r.Key) ? 1 : peakFactor), StringComparer.Ordinal);
        var timers = unpeaked.Where(baseRates.ContainsKey).Order(StringComparer.Ordinal).ToList();
        return new DesignLoadCandidate(DesignLoadKind.Peak, rates,
            $"the scenario's rates at its load factor {S(scenarioLoadFactor)} ({S(baseRates.Values.Sum())} ops/s) with event-driven operations × the peak factor {S(peakFactor)}" +
            (timers.Count > 0 ? $" (device timers {string.Join(", ", timers)} at their own rate)" : ""));
    }

    /// <summary>
    /// A re-registration storm: <see cref="StormSpec.Cameras"/> cameras registering within <see cref="StormSpec.JitterS"/>
    /// seconds, uniformly (the scenario's <c>reregister_jitter</c> spreads each camera's re-registration uniformly over it),
    /// so cameras / jitter registrations a second on top of the scenario's own rates (the rest of the city goes on working,
    /// at its average, not its peak: an outage does not wait for the busiest hour).
    /// </summary>
    public static DesignLoadCandidate Storm(IReadOnlyDictionary<string, double> baseRates, StormSpec storm)
    {
        ArgumentNullException.ThrowIfNull(baseRates);
        ArgumentNullException.ThrowIfNull(storm);
        var rates = new Dictionary<string, double>(baseRates, StringComparer.Ordinal);
        rates[storm.RegistrationOperation] = rates.GetValueOrDefault(storm.RegistrationOperation) + storm.RegistrationsPerS;
        return new DesignLoadCandidate(DesignLoadKind.Storm, rates,
            $"{storm.Cameras:N0} cameras of {storm.Where} re-registering within reregister_jitter {S(storm.JitterS)} s ({S(storm.RegistrationsPerS)} {storm.RegistrationOperation}/s) " +
            $"on top of the scenario's rates at its load factor ({S(baseRates.Values.Sum())} ops/s)");
    }

    /// <summary>A replayed incident log's busiest window: its events per second per operation over that window.</summary>
    public static DesignLoadCandidate Log(LogPeak peak)
    {
        ArgumentNullException.ThrowIfNull(peak);
        return new DesignLoadCandidate(DesignLoadKind.Log, peak.RatesPerS,
            $"{peak.File}: the busiest {S(peak.WindowS)} s of {peak.Events:N0} events, {peak.EventsInWindow:N0} events from {peak.WindowStartUtc:yyyy-MM-dd HH:mm:ss}Z");
    }

    private static string S(double v) => v.ToString("#,0.###", CultureInfo.InvariantCulture);
}
