using System.Globalization;
using MathNet.Numerics.Statistics;
using MonitorSim.Sizing.Planning;

namespace MonitorSim.Sizing.Prediction;

/// <summary>
/// One drain probe: a light average load whose generator held what fell due in each tick and issued it at once, so that
/// every tick the tree received a backlog, worked it off and idled until the next; each burst timed from the generator's
/// wake to its first and last completions (<see cref="BurstFigures"/>).
/// </summary>
/// <param name="Number">The trial's number (after the search's).</param>
/// <param name="TickSeconds">The generator's tick τ: how long it waited between bursts.</param>
/// <param name="CompletedPerSecond">Operations completed per second over the steady window (the average load).</param>
/// <param name="Bursts">The steady window's bursts; null when none was timed.</param>
/// <param name="BusyCores">The probe's average busy cores: it must stay a light load.</param>
public sealed record DrainProbe(int Number, double LoadFactor, double TickSeconds, double CompletedPerSecond, BurstFigures? Bursts, double BusyCores)
{
    /// <summary>The median rate the probe's bursts were worked off at; null when none was timed.</summary>
    public double? DrainOpsPerSecond => Bursts is { Count: > 0, MedianOpsPerSecond: var r } && double.IsFinite(r) && r > 0 ? r : null;
}

/// <summary>
/// The tree's capacity measured at light loads as the rate it works off a backlog, as packet-train dispersion measures a
/// link's bottleneck rate without filling the link. Below its capacity an open load keeps the tree's mailboxes short, and
/// what an operation costs there (a thread's wake-up, a collection's share) is not what it costs when they are long; a
/// burst lengthens them for a moment while the average load stays light. Each burst is timed from the generator's wake to
/// its last completion, so the issuing is inside the drain, as the generator's share of the cores is inside a saturated
/// tree's rate; its rate runs from its first answer to its last (the dispersion), leaving out the one operation's way
/// through the tree that a burst pays once and a saturated tree's throughput does not. The bursts are aimed at the SLO's
/// limit (a backlog as deep as the SLO lets a saturated tree carry: the first probe's at the light trials' predicted
/// capacity, each later one's at the rate the probes before it measured), by the tick and, where the tick cannot grow
/// enough, by a heavier load. On the baseline on two cores the rate hardly moved with the depth (533,284–596,125 ops/s
/// medians from bursts of 47,000 to 363,000, docs/sizing.md, "Measured: drain probes"); on two 0.4-core nodes bursts of
/// 26,000 operations, a tenth of a second's work, read it 31 % lower than bursts of 52,000 (2026-12-07).
/// </summary>
/// <param name="Probes">Every drain probe, in the order they ran.</param>
/// <param name="TargetDrainSeconds">The drain time the bursts were aimed at: the SLO percentile's limit.</param>
public sealed record BacklogDrain(IReadOnlyList<DrainProbe> Probes, double TargetDrainSeconds)
{
    /// <summary>The probes that timed a burst: the ones the rate is the median of.</summary>
    public IReadOnlyList<DrainProbe> Counted => Probes.Where(p => p.DrainOpsPerSecond is not null).ToList();

    /// <summary>μ: the median of <see cref="Counted"/>'s drain rates; null when none timed a burst.</summary>
    public double? OpsPerSecond => Counted.Count == 0 ? null : Counted.Select(p => p.DrainOpsPerSecond!.Value).Median();

    /// <summary>The lowest and highest of <see cref="Counted"/>'s drain rates: the probes' own spread.</summary>
    public (double Low, double High)? Range => Counted.Count == 0 ? null
        : (Counted.Min(p => p.DrainOpsPerSecond!.Value), Counted.Max(p => p.DrainOpsPerSecond!.Value));

    /// <summary>What the rate was measured from, for the report.</summary>
    public string Describe(double opsPerLoadFactor)
    {
        if (OpsPerSecond is not { } mu) return $"no drain probe timed a burst ({Probes.Count} ran)";
        var counted = Counted;
        var (low, high) = Range!.Value;
        return $"drain probes {string.Join(", ", counted.Select(p => p.Number))} ({LoadFactors(counted)}, issued in bursts every " +
               $"{Ticks(counted)}, {Show(counted.Max(p => p.BusyCores))} busy cores at most): bursts of " +
               $"{Show(counted.Select(p => p.Bursts!.MedianOperations).Median())} operations worked off in " +
               $"{Show(counted.Select(p => p.Bursts!.MedianDrainSeconds).Median() * 1000)} ms" + FirstAnswer(counted) +
               $" (medians; aimed at {Show(TargetDrainSeconds * 1000)} ms, " +
               $"the SLO's limit), at {Show(mu)} ops/s (the median of the probes' medians; {Show(low)}–{Show(high)}), load factor {Show(mu / opsPerLoadFactor)}";
    }

    /// <summary>"833.333 ms", or, where later probes were re-aimed at the rate the first measured, each probe's tick in
    /// turn: "714.286, 2,500, 2,500 ms (each probe's, re-aimed at the rate measured before it)".</summary>
    private static string Ticks(IReadOnlyList<DrainProbe> counted) => OneOrEach(counted, p => p.TickSeconds * 1000) is var (ticks, each) && each
        ? $"{ticks} ms (each probe's, re-aimed at the rate measured before it)"
        : $"{ticks} ms";

    /// <summary>"load factor 32", or, where later probes ran heavier so that their bursts were deep enough at the longest
    /// tick, each probe's in turn: "load factors 16, 61.5, 64.2 (each probe's)".</summary>
    private static string LoadFactors(IReadOnlyList<DrainProbe> counted) => OneOrEach(counted, p => p.LoadFactor) is var (loads, each) && each
        ? $"load factors {loads} (each probe's)"
        : $"load factor {loads}";

    /// <summary>The one value every probe had, or each probe's in turn (<c>Each</c> true), shown.</summary>
    private static (string Shown, bool Each) OneOrEach(IReadOnlyList<DrainProbe> counted, Func<DrainProbe, double> value) =>
        counted.Select(value).Distinct().Count() == 1
            ? (Show(value(counted[0])), false)
            : (string.Join(", ", counted.Select(p => Show(value(p)))), true);

    /// <summary>", the first answered after F ms" where the probes timed their first answers.</summary>
    private static string FirstAnswer(IReadOnlyList<DrainProbe> counted)
    {
        var firsts = counted.Select(p => p.Bursts!.MedianFirstAnswerSeconds).Where(double.IsFinite).ToList();
        return firsts.Count == 0 ? "" : $", the first answered after {Show(firsts.Median() * 1000)} ms (the rate runs from the first answer to the last)";
    }

    private static string Show(double v) => v.ToString("#,0.###", CultureInfo.InvariantCulture);
}
