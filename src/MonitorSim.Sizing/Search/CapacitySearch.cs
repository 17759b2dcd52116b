using System.Globalization;

namespace MonitorSim.Sizing.Search;

/// <summary>
/// The capacity of a configuration: the highest load at which every threshold holds, found as network benchmarks find
/// throughput (RFC 2544 §26.1 and RFC 8219's binary search, with the IETF MLRsearch draft's repeated boundary trials):
/// <list type="number">
/// <item>Bracket: from the first load, double while trials pass (halve while they fail), or step by
/// <see cref="SearchSettings.BracketFactor"/>, until a passing load L sits below a failing load U.</item>
/// <item>Bisect: try √(L·U) (the geometric middle, since the resolution is relative) until U / L ≤ 1 + resolution.</item>
/// <item>Confirm: run L again until it has passed <see cref="SearchSettings.BoundaryRepeats"/> trials. If it fails
/// instead (as often as fails a load), U moves down to it and the search goes on below it.</item>
/// </list>
/// A load fails when <see cref="SearchSettings.FailuresToFail"/> of its trials have failed. A load that failed fewer
/// and passed none bounds the bracket from above at once, provisionally, and is run again (<see cref="SearchPhase.Recheck"/>)
/// only if it still bounds it when the bracket is within the resolution: a load above the capacity fails again, and the
/// bisection below it usually finds a lower failure that takes its place, so only the failure the answer rests on is
/// rechecked (the 2026-12-05 default search of the baseline rechecked five loads that lower failures then replaced). With
/// the default of 2 this is the IETF MLRsearch draft's point that one trial is a sample: a single window disturbed from
/// outside (a process still compiling, a collection in the generator, a busy shared machine) cannot set the capacity, while
/// a load that really breaks a threshold breaks it again; if the recheck passes, the bracket moves back up above it. With
/// 1 it is RFC 2544's rule, a threshold broken once fails the load. A pass is always repeated at the boundary because
/// one lucky window proves little. The answer is an interval [L, U]: L passed every repeat it needed and failed fewer
/// trials than fail a load, U failed. <see cref="SearchSettings.MaxDuration"/> bounds the search's time as
/// <see cref="SearchSettings.MaxTrials"/> bounds its trials (MLRsearch's search duration maximum): a trial that would
/// end past it is not started. Pure: the trials are run by the injected runner and the time read from the injected
/// clock, so the search is tested without any load.
/// </summary>
public sealed class CapacitySearch
{
    private readonly SearchSettings _settings;
    private readonly Dictionary<double, (int Passes, int Fails)> _tried = [];

    public CapacitySearch(SearchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Problem() is { } problem) throw new ArgumentException(problem, nameof(settings));
        _settings = settings;
    }

    /// <summary>Runs trials through <paramref name="runTrial"/> until the search ends; <paramref name="onTrial"/> hears
    /// each trial as it ends. Cancelling ends the search with what it found so far; the trial in hand was cut short, so
    /// its verdict judged part of a window and is not counted. <paramref name="time"/> (the system's clock by default)
    /// times the trials for <see cref="SearchSettings.MaxDuration"/>.</summary>
    public async Task<SearchResult> RunAsync(Func<TrialRequest, CancellationToken, Task<TrialVerdict>> runTrial, CancellationToken ct,
        Action<SearchTrial>? onTrial = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(runTrial);
        var clock = time ?? TimeProvider.System;
        var started = clock.GetTimestamp();
        var longest = TimeSpan.Zero;
        var trail = new List<SearchTrial>();
        while (true)
        {
            var (lower, upper) = (Lower(), Upper());
            if (ct.IsCancellationRequested) return End(false, "stopped by the user");
            if (trail.Count >= _settings.MaxTrials)
                return End(false, $"the budget of {_settings.MaxTrials} trials ran out" + Bracket(lower, upper));
            if (Next(lower, upper) is not { } next) return End(Converged(lower, upper), Reason(lower, upper));
            // The longest trial so far stands for the next: trials differ by their loads' start-up, not by their windows.
            var spent = clock.GetElapsedTime(started);
            if (_settings.MaxDuration is { } limit && trail.Count > 0 && spent + longest > limit)
                return End(false, $"the time budget of {Seconds(limit)} ran out: {Seconds(spent)} spent, and the next trial " +
                                  $"(the longest so far took {Seconds(longest)}) would have ended past it" + Bracket(lower, upper));

            var request = new TrialRequest(trail.Count + 1, next.Load, next.Phase, lower, upper);
            var trialStarted = clock.GetTimestamp();
            var verdict = await runTrial(request, ct);
            if (ct.IsCancellationRequested)
                return End(false, $"stopped by the user during trial {request.Number} (load {Show(next.Load)}), which was cut short and is not counted");
            var took = clock.GetElapsedTime(trialStarted);
            if (took > longest) longest = took;
            var (passes, fails) = _tried.GetValueOrDefault(next.Load);
            _tried[next.Load] = verdict.Passed ? (passes + 1, fails) : (passes, fails + 1);
            var trial = new SearchTrial(request.Number, next.Load, next.Phase, verdict.Passed, verdict.Broken, Lower(), Upper());
            trail.Add(trial);
            onTrial?.Invoke(trial);
        }

        SearchResult End(bool converged, string reason) => new(Lower(), Upper(), converged, reason, trail);
    }

    /// <summary>The upper end of the bracket: the lowest load that has failed (as often as fails a load) or that failed
    /// and has not passed yet (provisionally, until its recheck).</summary>
    private double? Upper() => _tried.Where(t => Failed(t.Value) || Undecided(t.Value)).Select(t => (double?)t.Key).Min();

    /// <summary>The highest load below <see cref="Upper"/> that passed a trial and is not failed.</summary>
    private double? Lower()
    {
        var upper = Upper() ?? double.PositiveInfinity;
        return _tried.Where(t => !Failed(t.Value) && t.Value.Passes > 0 && t.Key < upper).Select(t => (double?)t.Key).Max();
    }

    private bool Failed((int Passes, int Fails) tried) => tried.Fails >= _settings.FailuresToFail;

    /// <summary>Whether a load has failed, not yet as often as fails a load, and never passed: it bounds the bracket until
    /// its recheck decides it.</summary>
    private bool Undecided((int Passes, int Fails) tried) => tried is { Passes: 0, Fails: > 0 } && !Failed(tried);

    private bool Undecided(double load) => Undecided(_tried.GetValueOrDefault(load));

    private bool Confirmed(double load) => _tried.GetValueOrDefault(load).Passes >= _settings.BoundaryRepeats;

    /// <summary>The next trial, or null when the search has its answer (or can go no further).</summary>
    private (double Load, SearchPhase Phase)? Next(double? lower, double? upper)
    {
        var s = _settings;
        switch (lower, upper)
        {
            case (null, null):
                return (s.StartLoad, SearchPhase.Bracket);
            case (null, { } u):
                // Everything tried failed: step down by the bracket factor (halve, by default), but not below the floor;
                // failing at the floor ends the search once that failure is decided.
                if (u > s.MinLoad) return (Math.Max(u / s.BracketFactor, s.MinLoad), SearchPhase.Bracket);
                return Undecided(u) ? (u, SearchPhase.Recheck) : null;
            case ({ } l, null):
                // Everything tried passed: step up by the bracket factor (double, by default) to the ceiling; at the
                // ceiling, confirm it and stop.
                if (l < s.MaxLoad) return (Math.Min(l * s.BracketFactor, s.MaxLoad), SearchPhase.Bracket);
                return Confirmed(l) ? null : (l, SearchPhase.Repeat);
            case ({ } l, { } u):
                if (u / l > 1 + s.Resolution) return (Math.Sqrt(l * u), SearchPhase.Bisect);
                // Within the resolution: decide the failure the answer rests on first (if its recheck passes, the
                // bracket moves above it and the lower end's repeats would have been spent on the wrong load), then
                // repeat the lower end.
                if (Undecided(u)) return (u, SearchPhase.Recheck);
                return Confirmed(l) ? null : (l, SearchPhase.Repeat);
        }
    }

    private bool Converged(double? lower, double? upper) =>
        lower is { } l && upper is { } u && u / l <= 1 + _settings.Resolution && Confirmed(l) && !Undecided(u);

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s";

    private string Reason(double? lower, double? upper) => (lower, upper) switch
    {
        ({ } l, { } u) => $"the capacity lies between {Show(l)} ({Record(l)}) and {Show(u)} (failed {_tried[u].Fails} of {_tried[u].Passes + _tried[u].Fails}), " +
                          $"within the resolution of {(_settings.Resolution * 100).ToString("0.##", CultureInfo.InvariantCulture)} %",
        ({ } l, null) => $"every trial passed up to the highest load allowed, {Show(l)}: the capacity is above it",
        (null, { } u) => $"every trial failed down to the lowest load allowed, {Show(u)}: the capacity is below it",
        _ => "no trial ran",
    };

    private string Record(double load) => _tried[load] switch
    {
        (var p, 0) => $"passed all {p} of its trials",
        var (p, f) => $"passed {p} of its {p + f} trials",
    };

    private static string Bracket(double? lower, double? upper) =>
        $" (bracket: passed {(lower is { } l ? Show(l) : "none")}, failed {(upper is { } u ? Show(u) : "none")})";

    private static string Show(double v) => SearchSettings.Show(v);
}
