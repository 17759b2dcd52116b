using System.Diagnostics;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Time;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Load.Engine;

/// <summary>
/// The reporter: once per reporting interval it reads the run's figures into a timeline row (with the city's roll-up and
/// this process's working set), hands the row on, tells the events noted meanwhile and asks whether to abort; when the run
/// is over it adds a row for the answers that came after the last interval and builds the <see cref="LoadOutcome"/>.
/// Rows end on the interval grid: a reporter woken late covers the longer interval in one row rather than adding rows a
/// few ms long.
/// </summary>
/// <param name="probe">Reads the city's roll-up (it may be slow, or down: the last view is kept).</param>
/// <param name="onInterval">Hears every timeline row (live progress); it may be null.</param>
/// <param name="shouldAbort">Asked after every interval past the warm-up, with the figures so far and the seconds they
/// cover; a reason returned stops the run there (thresholds with <c>abort</c>). It may be null.</param>
internal sealed class IntervalReporter(ScenarioDefinition scenario, RunClock clock, OutcomeBuilder outcomes, RunEvents events,
    Func<CancellationToken, Task<TreeStatus>> probe, Action<TimelineRow>? onInterval, Func<LoadOutcome, double, string?>? shouldAbort)
{
    private readonly List<TimelineRow> _timeline = [];
    private TreeStatus _last = TreeStatus.Unknown;
    private long _previous;

    /// <summary>Why the run was aborted, or null.</summary>
    public string? AbortedBy { get; private set; }

    /// <summary>Reports every interval from the run's start until its end, until every stream has finished
    /// (<paramref name="finished"/>), or until the user stops it (<paramref name="ct"/>). Returns where the measured window
    /// ends: the run's end, or the row at which an abort or the last stream's finish cut it short.</summary>
    public async Task<long> RunAsync(CancellationToken finished, CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct, finished);
        var end = clock.End;
        var intervalTicks = LoadPlanner.Ticks(scenario.ReportInterval);
        _previous = clock.Start;
        for (long n = 1; ; )
        {
            var due = Math.Min(clock.Start + n * intervalTicks, end);
            var over = !await RunClock.WaitUntilAsync(due, wait.Token);
            if (over && ct.IsCancellationRequested) return end; // ended by the user
            // Counters are read at the interval's end; the city's roll-up is asked for afterwards (it may be slow or down).
            var now = Stopwatch.GetTimestamp();
            var counts = outcomes.TakeInterval(now, _previous);
            _previous = now;
            _last = await ProbeAsync(ct);
            var row = counts with { Tree = _last, WorkingSetMb = WorkingSetMb() };
            _timeline.Add(row);
            onInterval?.Invoke(row);
            events.TellNew();
            if (!row.WarmUp && shouldAbort is not null)
            {
                var measured = LoadPlanner.Seconds(now - clock.WarmEnd);
                if (shouldAbort(outcomes.Outcome(_timeline, _last, measured, null, events.All), measured) is { } reason)
                {
                    AbortedBy = reason;
                    events.Note($"t={row.TS:0.0}s run aborted: {reason}");
                    return now;
                }
            }
            if (over)
            {
                events.Note($"t={row.TS:0.0}s every stream has finished; the run ends before its duration ({Durations.Format(scenario.Duration)})");
                return now;
            }
            // A reporter woken late past the end has covered the run: no catch-up row a few ms long after it.
            if (due >= end || now >= end) return end;
            // A reporter woken late covers the longer interval in one row: the next row ends on the interval grid, at
            // least half an interval from now.
            n = Math.Max(n + 1, (now - clock.Start) / intervalTicks + 1);
            if (clock.Start + n * intervalTicks - now < intervalTicks / 2) n++;
        }
    }

    /// <summary>The run's outcome once it is over (every answer in or timed out): the city's roll-up read once more, a row
    /// for the answers that came after the last interval, the events not yet told; the totals cover the warm-up's end to
    /// <paramref name="measuredUntil"/>.</summary>
    public async Task<LoadOutcome> FinishAsync(long measuredUntil)
    {
        var final = await ProbeAsync(CancellationToken.None);
        if (_timeline.Count > 0)
        {
            // Answers that arrived after the last interval (within the completion timeout) get a row of their own.
            var tail = outcomes.TakeInterval(Stopwatch.GetTimestamp(), _previous) with { Tree = final, WorkingSetMb = WorkingSetMb() };
            if (tail.Offered + tail.Completed + tail.Failed > 0) _timeline.Add(tail);
        }
        events.TellNew();
        return outcomes.Outcome(_timeline, final, Math.Max(0, LoadPlanner.Seconds(measuredUntil - clock.WarmEnd)), AbortedBy, events.All);
    }

    private async Task<TreeStatus> ProbeAsync(CancellationToken ct)
    {
        try { return await probe(ct).WaitAsync(TimeSpan.FromSeconds(1), ct); }
        catch (Exception) { return _last; } // the city may be down (fault injection): keep its last known view
    }

    /// <summary>This process's working set now, in MB (Environment.WorkingSet reads it from the OS: once an interval is cheap).</summary>
    private static double WorkingSetMb() => Math.Round(Environment.WorkingSet / (1024.0 * 1024.0), 1);
}
