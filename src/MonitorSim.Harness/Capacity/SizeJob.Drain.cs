using MathNet.Numerics.Statistics;
using MonitorSim.Domain.Time;
using MonitorSim.Harness.Measurement;
using MonitorSim.Harness.Session;
using MonitorSim.Sizing.Planning;
using MonitorSim.Sizing.Prediction;

namespace MonitorSim.Harness.Capacity;

/// <summary>The drain probes of a sizing run: the heaviest light load again, its operations issued in bursts aimed at the
/// SLO's limit, each burst timed from the generator's wake to its first and last completions (<see cref="BacklogDrain"/>).</summary>
public sealed partial class SizeJob
{
    /// <summary>Drain probes a run makes: the search's boundary repeats, at most three.</summary>
    private static int DrainProbesAtMost(int repeats) => Math.Clamp(repeats, 1, 3);

    /// <summary>The shortest tick: below it a burst is a few of the generator's own 1-ms ticks, no backlog.</summary>
    private const double MinDrainTickSeconds = 0.05;

    /// <summary>The most a probe's average load may be of the rate it is aimed at: at a fifth, the tree is idle four fifths
    /// of the time between bursts, and every burst starts on empty mailboxes.</summary>
    private const double MaxProbeShareOfRate = 0.2;

    /// <summary>
    /// Runs <see cref="DrainProbesAtMost"/> drain probes at the load of <paramref name="smooth"/> (the heaviest light trial
    /// that held the SLO), or at a heavier one where that load's bursts would be too small (<see cref="ProbeLoadFactor"/>).
    /// On several nodes every node's generator issues its share in bursts on the same ticks of the
    /// agreed start, and each burst is timed across the nodes: its operations summed, worked off when the last node's last
    /// answer came (<see cref="Load.Engine.BurstDrain.InStep"/>). The tick is the one whose bursts would take the SLO's limit to
    /// work off (<see cref="AimedTickSeconds"/>): at <paramref name="guess"/> ops/s (<see cref="FirstDrainAim"/>) for the
    /// first probe, at the median rate the probes before measured for each later one, within
    /// [<see cref="MinDrainTickSeconds"/>, a third of the steady window] so that the window holds three bursts at least.
    /// Numbered from <paramref name="firstNumber"/> and kept out of the steps: their latency includes the bursts' wait.
    /// </summary>
    private async Task<BacklogDrain?> DrainAsync(StepMeasurement smooth, double guess, PercentileSlo slo, int firstNumber, TreeSession session,
        JournalCounter? journal, bool isolated, bool generatorApart, CancellationToken ct)
    {
        if (!(smooth.CompletedPerSecond > 0)) return null;
        var target = slo.LimitMs / 1000;
        var maxTick = Math.Max(MinDrainTickSeconds, settings.Steady.TotalSeconds / 3);
        var probes = new List<DrainProbe>();
        var opsPerLoadFactor = smooth.CompletedPerSecond / smooth.LoadFactor;
        var longestTick = InStepWithClearances(maxTick, ClearAfterWallSeconds, MinDrainTickSeconds, maxTick).TickSeconds;
        for (var i = 0; i < DrainProbesAtMost(settings.Search.BoundaryRepeats) && !ct.IsCancellationRequested; i++)
        {
            var rate = AimRate(guess, probes);
            var load = ProbeLoadFactor(target, rate, smooth.LoadFactor, opsPerLoadFactor, longestTick);
            var aimed = AimedTickSeconds(target, guess, probes, load * opsPerLoadFactor, MinDrainTickSeconds, maxTick);
            var (tick, perClearance) = InStepWithClearances(aimed, ClearAfterWallSeconds, MinDrainTickSeconds, maxTick);
            var number = firstNumber + probes.Count;
            progress.Info($"drain probe, trial {number}: load factor {Show(load)}" +
                          (load > smooth.LoadFactor ? $" (the heaviest light trial's {Show(smooth.LoadFactor)} raised so that a burst is deep enough at the longest tick)" : "") +
                          $" issued in bursts every {Durations.Format(TimeSpan.FromSeconds(tick))} " +
                          $"(aimed at bursts the tree takes {Durations.Format(TimeSpan.FromSeconds(target))} to work off, the SLO's limit, at {Show(rate)} ops/s" +
                          (probes.Count == 0 ? "" : " measured by the probes before") + InStep(perClearance) + "), warm-up " +
                          $"{Durations.Format(settings.WarmUp)} + steady {Durations.Format(settings.Steady)} …");
            var step = await TrialMeasurement.RunAsync(number, load, scenario, settings, session, journal, progress, ct, TimeSpan.FromSeconds(tick), _quiet);
            if (ct.IsCancellationRequested) break; // cut short: its last bursts were not all worked off in the window
            var probe = new DrainProbe(number, load, tick, step.CompletedPerSecond, step.Bursts, Point(step, null, isolated, generatorApart).BusyCores);
            probes.Add(probe);
            progress.Info(step.Bursts is { } b
                ? $"  {b.Count} bursts of {Show(b.MedianOperations)} operations worked off in {Show(b.MedianDrainSeconds * 1000)} ms, the first " +
                  $"answered after {Show(b.MedianFirstAnswerSeconds * 1000)} ms (medians): {Show(b.MedianOpsPerSecond)} ops/s from first answer to last; " +
                  $"{Show(probe.BusyCores)} busy cores on average"
                : "  no burst timed in the steady window");
        }
        return probes.Count == 0 ? null : new BacklogDrain(probes, target);
    }

    /// <summary>
    /// The rate the first drain probe of a node count is aimed at (the later ones at what the probes before them measured):
    /// the light trials' predicted capacity <paramref name="lightGuessOpsPerSecond"/>, or, when higher, an earlier node
    /// count's drain rate scaled linearly to <paramref name="nodes"/> nodes (<paramref name="earlier"/>). Under 0.4-core
    /// quotas the light guess came out 21,000–70,000 ops/s against drain rates of 225,000–314,000 (2026-12-07,
    /// docs/sizing.md), so a first probe aimed at it issued bursts the tree worked off in 32–89 ms instead of 250, and a
    /// shallow burst reads a low rate. Linear scaling from one node errs high (two such nodes drained at 1.28× and 1.68× one
    /// node's rate), which makes the first bursts deeper than aimed, not shallower; from two nodes to three it came within
    /// 6 % of the rate measured (536,362 aimed, 569,118 measured, 2026-12-07). The probe's load stays within a fifth of the
    /// rate (<see cref="ProbeLoadFactor"/>). Only the aim uses the earlier count: the prediction it feeds is the probes' own
    /// measurement, and the searched capacity, which checks it, is never an input.
    /// </summary>
    internal static double FirstDrainAim(double lightGuessOpsPerSecond, (int Nodes, double OpsPerSecond)? earlier, int nodes) =>
        earlier is { Nodes: > 0, OpsPerSecond: > 0 } e && nodes > 0
            ? Math.Max(lightGuessOpsPerSecond, e.OpsPerSecond * nodes / e.Nodes)
            : lightGuessOpsPerSecond;

    /// <summary>
    /// The tick whose bursts the tree would take <paramref name="targetSeconds"/> to work off: τ = target · rate / load, the
    /// rate being the median drain rate of the <paramref name="before"/> probes that timed a burst, else
    /// <paramref name="guessOpsPerSecond"/> (the light trials' predicted capacity), within [<paramref name="minSeconds"/>,
    /// <paramref name="maxSeconds"/>]; the longest with neither. Re-aimed after each probe because the guess can be far off:
    /// on three 0.4-core nodes (2026-12-06, `2bcf342`) it was a sixth of the rate the probes then measured, and bursts aimed
    /// at 250 ms were worked off in 40 ms, too short for the rate of a tree whose nodes run 4 ms in every 10 (their μ came
    /// out 21.5 % below the searched capacity).
    /// </summary>
    internal static double AimedTickSeconds(double targetSeconds, double guessOpsPerSecond, IReadOnlyList<DrainProbe> before, double loadOpsPerSecond,
        double minSeconds, double maxSeconds)
    {
        var rate = AimRate(guessOpsPerSecond, before);
        return Math.Clamp(rate > 0 && loadOpsPerSecond > 0 ? targetSeconds * rate / loadOpsPerSecond : maxSeconds, minSeconds, maxSeconds);
    }

    /// <summary>The rate a probe is aimed at: the median drain rate of the <paramref name="before"/> probes that timed a
    /// burst, else <paramref name="guessOpsPerSecond"/>.</summary>
    private static double AimRate(double guessOpsPerSecond, IReadOnlyList<DrainProbe> before)
    {
        var measured = before.Where(p => p.DrainOpsPerSecond is not null).Select(p => p.DrainOpsPerSecond!.Value).ToList();
        return measured.Count > 0 ? measured.Median() : guessOpsPerSecond;
    }

    /// <summary>
    /// The load factor a probe runs at: <paramref name="lightLoadFactor"/> (the heaviest light trial's), unless its bursts
    /// at the longest tick allowed (<paramref name="longestTickSeconds"/>) would hold fewer operations than the tree works
    /// off in <paramref name="targetSeconds"/> at <paramref name="rateOpsPerSecond"/>; then the load whose bursts do,
    /// <c>target·rate / τmax</c> ops/s, at most <see cref="MaxProbeShareOfRate"/> of the rate. The tick cannot grow past
    /// τmax (a third of the steady window, in step with the alarms' clear time), so on several 0.4-core nodes, whose
    /// heaviest light trial is a small share of their rate, the bursts came out a quarter to a half of the aim; and a
    /// shallow burst reads a low rate: on two 0.4-core nodes at one 5-s tick (2026-12-07, docs/sizing.md), bursts of
    /// 26,000 operations were worked off at a median 187,797 ops/s and bursts of 52,000 at 272,726 (nine bursts each),
    /// where the searched capacity was 216,600 ops/s; the probes capped so had measured 176,485–189,315.
    /// </summary>
    internal static double ProbeLoadFactor(double targetSeconds, double rateOpsPerSecond, double lightLoadFactor, double opsPerLoadFactor,
        double longestTickSeconds)
    {
        if (!(rateOpsPerSecond > 0 && opsPerLoadFactor > 0 && longestTickSeconds > 0)) return lightLoadFactor;
        var deepEnoughOpsPerSecond = Math.Min(targetSeconds * rateOpsPerSecond / longestTickSeconds, MaxProbeShareOfRate * rateOpsPerSecond);
        return Math.Max(lightLoadFactor, deepEnoughOpsPerSecond / opsPerLoadFactor);
    }

    /// <summary>How long (wall seconds) the trials' platforms keep an alarm before they clear it.</summary>
    private double ClearAfterWallSeconds => scenario.Monitoring.AlarmClearAfter.TotalSeconds / scenario.Compression;

    /// <summary>", N bursts to the alarms' clear time …" when the tick divides it (<paramref name="bursts"/> of them).</summary>
    private string InStep(int? bursts) => bursts is { } n
        ? $"; {n} to the alarms' clear time of {Durations.Format(TimeSpan.FromSeconds(ClearAfterWallSeconds))}, so a burst's clearances come with a later burst"
        : "";

    /// <summary>
    /// The tick nearest <paramref name="aimedSeconds"/> (by ratio) that divides the alarms' clear time
    /// <paramref name="clearAfterSeconds"/> (wall) a whole number of times, within [<paramref name="minSeconds"/>,
    /// <paramref name="maxSeconds"/>], with that number n; <paramref name="aimedSeconds"/> itself and no n when none is. A platform clears each alarm
    /// that long after raising it, and journals the clearance then: with C = n·τ, burst k's clearances arrive while burst
    /// k + n is being worked off, and are timed with it, as a saturated tree pays them among its other work. Out of step,
    /// they fall in the idle time between bursts and the drain rate leaves them out: with a 5-s sweep clearing them
    /// (2026-12-05, c9e765f) the rate came out 22–77 % above the searched capacity.
    /// </summary>
    internal static (double TickSeconds, int? BurstsPerClearance) InStepWithClearances(double aimedSeconds, double clearAfterSeconds,
        double minSeconds, double maxSeconds)
    {
        if (!(clearAfterSeconds > 0) || !(aimedSeconds > 0)) return (aimedSeconds, null);
        var times = clearAfterSeconds / aimedSeconds;
        var inRange = new[] { Math.Floor(times), Math.Ceiling(times) }.Where(n => n >= 1).Select(n => (Tick: clearAfterSeconds / n, N: (int)n))
            .Where(c => c.Tick >= minSeconds && c.Tick <= maxSeconds).ToList();
        if (inRange.Count == 0) return (aimedSeconds, null);
        var best = inRange.MinBy(c => Math.Abs(Math.Log(c.Tick / aimedSeconds)));
        return (best.Tick, best.N);
    }
}
