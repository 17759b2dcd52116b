using System.Globalization;
using MonitorSim.Harness;
using MonitorSim.Load.Results;

namespace MonitorSim.Dashboard;

/// <summary>What the run is in the page's words.</summary>
public enum DashboardPhase { Starting, Running, Finished, Failed }

/// <summary>
/// Everything the live page shows, as the run tells it (<see cref="DashboardProgress"/>): the current window's interval
/// rows, events, thresholds so far, every node's latest CPU and memory, a sizing search's trials, and once the run is over
/// its final figures and reports. Thread-safe (the engine's reporter thread, the node watch and the web server's requests
/// all reach it); each change bumps <see cref="Version"/> and wakes whoever waits on <see cref="Changed"/>. Pure: no I/O.
/// </summary>
public sealed class DashboardState(string kind, string title, Func<DateTime>? utcNow = null)
{
    /// <summary>Info lines kept for the page: the last this many.</summary>
    public const int InfoLines = 30;

    private readonly Lock _gate = new();
    private readonly Func<DateTime> _now = utcNow ?? (() => DateTime.UtcNow);
    private readonly List<string> _info = [];
    private readonly List<TrialProgress> _trials = [];
    private readonly Dictionary<int, NodeSample> _nodes = [];
    private LiveWindow _window = new(null, 0);
    private DashboardPhase _phase = DashboardPhase.Starting;
    private string? _message;
    private FinalFigures? _final;
    private long _version;
    private TaskCompletionSource _changed = NewSignal();

    public string Kind => kind;

    public string Title => title;

    /// <summary>Grows with every change.</summary>
    public long Version { get { lock (_gate) return _version; } }

    /// <summary>Completes at the next change.</summary>
    public Task Changed { get { lock (_gate) return _changed.Task; } }

    public void Info(string message) => Change(() =>
    {
        _info.Add(message);
        if (_info.Count > InfoLines) _info.RemoveAt(0);
    });

    /// <summary>A new measured window: the charts start again (a sizing step's clock starts at 0).</summary>
    public void WindowStarted(WindowStart start) => Change(() =>
    {
        _window = new LiveWindow(start, _window.Number + 1);
        _phase = DashboardPhase.Running;
        foreach (var n in _nodes.Keys.ToList()) _nodes[n] = _nodes[n] with { BusyCores = null };
    });

    public void Interval(TimelineRow row) => Change(() =>
    {
        _window.Rows.Add(row);
        if (_phase == DashboardPhase.Starting) _phase = DashboardPhase.Running;
    });

    public void Event(string text) => Change(() => _window.Events.Add(text));

    public void Thresholds(IReadOnlyList<ThresholdResult> soFar) => Change(() => _window.Thresholds = soFar);

    /// <summary>The nodes' latest figures; a node that stops answering, or answers again, is marked on the charts at the
    /// run time now (the last row's time plus the wall time since it ended).</summary>
    public void Nodes(IReadOnlyList<NodeSample> samples) => Change(() =>
    {
        foreach (var s in samples)
        {
            var before = _nodes.GetValueOrDefault(s.Number);
            _nodes[s.Number] = s;
            if (before is null || before.Lost == s.Lost || _window.Start is null) continue;
            var at = RunTimeNow().ToString("0.0", CultureInfo.InvariantCulture);
            _window.Events.Add(s.Lost ? $"t={at}s node {s.Number} stopped answering" : $"t={at}s node {s.Number} answers again");
        }
    });

    public void Trial(TrialProgress trial) => Change(() =>
    {
        var i = _trials.FindIndex(t => t.Number == trial.Number);
        if (i >= 0) _trials[i] = trial;
        else _trials.Add(trial);
    });

    /// <summary>The run is over: its final figures (summary.json's object) and the reports written, by file name.</summary>
    public void Finish(string finalJson, IReadOnlyList<string> reports, string folder) => Change(() =>
    {
        _final = new FinalFigures(finalJson, reports, folder);
        _phase = DashboardPhase.Finished;
    });

    /// <summary>The run stopped without results.</summary>
    public void Fail(string message) => Change(() =>
    {
        _phase = DashboardPhase.Failed;
        _message = message;
    });

    /// <summary>The report files the page may link to (and the server may serve): none before the end.</summary>
    public (IReadOnlyList<string> Files, string Folder)? Reports
    {
        get { lock (_gate) return _final is { } f ? (f.Reports, f.Folder) : null; }
    }

    /// <summary>A copy of what the page needs now. A client that has the first <paramref name="fromRow"/> rows of window
    /// <paramref name="knownWindow"/> gets only the rows after them if that is still the current window, else all.</summary>
    internal DashboardView View(int knownWindow = -1, int fromRow = 0)
    {
        lock (_gate)
        {
            var rows = _window.Rows;
            fromRow = knownWindow == _window.Number ? Math.Clamp(fromRow, 0, rows.Count) : 0;
            var window = new WindowView(_window.Start, _window.Number, rows.Count, rows.GetRange(fromRow, rows.Count - fromRow), fromRow,
                rows.Count > 0 ? rows[^1] : null, [.. _window.Events], _window.Thresholds);
            return new DashboardView(kind, title, _phase, _message, window, [.. _nodes.Values.OrderBy(n => n.Number)], [.. _trials], [.. _info],
                _final, _version, _now());
        }
    }

    private double RunTimeNow()
    {
        if (_window.Rows.Count == 0) return 0;
        var last = _window.Rows[^1];
        return last.EndedUtc is { } ended ? last.TS + Math.Max(0, (_now() - ended).TotalSeconds) : last.TS;
    }

    private void Change(Action change)
    {
        TaskCompletionSource woken;
        lock (_gate)
        {
            change();
            _version++;
            woken = _changed;
            _changed = NewSignal();
        }
        woken.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One measured window as it goes: a run has one, a sizing search one per step (and its settling load).</summary>
    private sealed class LiveWindow(WindowStart? start, int number)
    {
        public WindowStart? Start { get; } = start;
        public int Number { get; } = number;
        public List<TimelineRow> Rows { get; } = [];
        public List<string> Events { get; } = [];
        public IReadOnlyList<ThresholdResult> Thresholds { get; set; } = [];
    }
}

/// <summary>A finished run's figures: summary.json's object as JSON, the report files and their folder.</summary>
internal sealed record FinalFigures(string Json, IReadOnlyList<string> Reports, string Folder);

/// <summary>A consistent copy of the state for one message to the page.</summary>
internal sealed record DashboardView(
    string Kind,
    string Title,
    DashboardPhase Phase,
    string? Message,
    WindowView Window,
    IReadOnlyList<NodeSample> Nodes,
    IReadOnlyList<TrialProgress> Trials,
    IReadOnlyList<string> Info,
    FinalFigures? Final,
    long Version,
    DateTime SentUtc);

/// <summary>The current window in a <see cref="DashboardView"/>: its rows from <paramref name="FromRow"/> on (the client
/// has the earlier ones), the latest row, its events and its thresholds so far.</summary>
internal sealed record WindowView(
    WindowStart? Start,
    int Number,
    int RowCount,
    IReadOnlyList<TimelineRow> NewRows,
    int FromRow,
    TimelineRow? Latest,
    IReadOnlyList<string> Events,
    IReadOnlyList<ThresholdResult> Thresholds);
