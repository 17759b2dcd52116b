using MonitorSim.Domain.Time;
using MonitorSim.Harness.Measurement;
using MonitorSim.Harness.Session;
using MonitorSim.Sizing.Planning;
using MonitorSim.Sizing.Prediction;

namespace MonitorSim.Harness.Capacity;

/// <summary>The drain probes of a sizing run: the heaviest light load again, its operations issued in bursts deep enough
/// that the tree takes about the SLO's limit to work each off (<see cref="BacklogDrain"/>).</summary>
public sealed partial class SizeJob
{
    /// <summary>Probes at one tick whose median is the drain rate (the search's boundary repeats, at most this many).</summary>
    private const int DrainRepeats = 3;

    /// <summary>Probes run at most: one to size the bursts, one more if its drain was far from the target, then the
    /// repeats at the last tick.</summary>
    private static int DrainProbesAtMost(int repeats) => Math.Min(DrainRepeats, Math.Max(1, repeats)) + 2;

    /// <summary>The shortest tick: below it a burst is a few of the generator's own 1-ms ticks, no backlog.</summary>
    private const double MinDrainTickSeconds = 0.05;

    /// <summary>
    /// Runs drain probes at the load of <paramref name="smooth"/> (the heaviest light trial that held the SLO) until
    /// <see cref="DrainRepeats"/> of them at one tick measured a drain, or <see cref="DrainProbesAtMost"/> ran. The first
    /// tick is the one whose bursts would drain in the SLO's limit if the tree drained them at <paramref name="guess"/>
    /// ops/s (the light trials' own prediction); each next one is scaled by how far the last drain fell from the limit
    /// (<see cref="BacklogDrain.NextTickSeconds"/>), up to a third of the steady window (three bursts in it at least).
    /// Numbered from <paramref name="firstNumber"/> and kept out of the steps: their latency includes the bursts' wait.
    /// </summary>
    private async Task<BacklogDrain?> DrainAsync(StepMeasurement smooth, double guess, PercentileSlo slo, int firstNumber, TreeSession session,
        JournalCounter? journal, bool isolated, bool generatorApart, CancellationToken ct)
    {
        if (smooth.GeneratorLagMeanMs is not { } smoothLag || !double.IsFinite(smooth.MeanLatencyMs) || !(smooth.CompletedPerSecond > 0)) return null;
        var target = slo.LimitMs / 1000;
        var maxTick = Math.Max(MinDrainTickSeconds, settings.Steady.TotalSeconds / 3);
        var tick = Math.Clamp(guess > 0 ? target * guess / smooth.CompletedPerSecond : maxTick, MinDrainTickSeconds, maxTick);
        var drain = new BacklogDrain([], smooth.MeanLatencyMs - smoothLag, target);
        var repeats = Math.Min(DrainRepeats, Math.Max(1, settings.Search.BoundaryRepeats));
        for (var i = 0; i < DrainProbesAtMost(settings.Search.BoundaryRepeats) && !ct.IsCancellationRequested; i++)
        {
            var number = firstNumber + drain.Probes.Count;
            progress.Info($"drain probe, trial {number}: load factor {Show(smooth.LoadFactor)} issued in bursts every {Durations.Format(TimeSpan.FromSeconds(tick))} " +
                          $"(aiming at bursts the tree takes {Durations.Format(TimeSpan.FromSeconds(target))} to drain, the SLO's limit), warm-up " +
                          $"{Durations.Format(settings.WarmUp)} + steady {Durations.Format(settings.Steady)} …");
            var step = await TrialMeasurement.RunAsync(number, smooth.LoadFactor, scenario, settings, session, journal, progress, ct, TimeSpan.FromSeconds(tick));
            if (ct.IsCancellationRequested) break; // cut short: its bursts were not all drained in the window
            // The generator's CPU an operation, where it shares the cores predicted for (as Point counts its CPU there).
            var generatorPerOp = !(isolated && generatorApart) && step.GeneratorCpuSeconds is { } g && step.CompletedPerSecond > 0
                ? g / (step.CompletedPerSecond * step.SteadySeconds) : 0;
            var probe = new DrainProbe(number, smooth.LoadFactor, tick, step.CompletedPerSecond, step.MeanLatencyMs, step.GeneratorLagMeanMs ?? double.NaN,
                Point(step, null, isolated, generatorApart).BusyCores, generatorPerOp);
            drain = drain with { Probes = [.. drain.Probes, probe] };
            progress.Info($"  bursts of {Show(probe.BacklogOps)} operations drained in {Show(probe.DrainSeconds(drain.UnloadedMs) * 1000)} ms: " +
                          (probe.DrainOpsPerSecond(drain.UnloadedMs) is { } mu ? $"{Show(mu)} ops/s" : "no drain rate (the burst did not queue, or was not drained before the next)") +
                          $"; {Show(probe.BusyCores)} busy cores on average, the generator's CPU {Show(probe.GeneratorSecondsPerOp * 1e6)} µs an operation");
            if (drain.Counted.Count >= repeats) break;
            tick = drain.NextTickSeconds(probe, MinDrainTickSeconds, maxTick);
        }
        return drain.Probes.Count == 0 ? null : drain;
    }
}
