using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Replay;
using MonitorSim.Sizing.Design;

namespace MonitorSim.Harness.Capacity;

/// <summary>
/// Reads <c>size --design-log FILE</c>: an incident log in the replay's formats (CSV or JSON Lines, gzip or not, read by
/// <see cref="IncidentLogReader"/> against the scenario's topology), and finds its busiest window
/// (<see cref="BusiestWindow"/>) of <see cref="WindowS"/> seconds.
/// <para>
/// Unlike <c>replay</c>, which replays what it can and lists the rest in rejects.csv, a design log must be read whole: a
/// design load taken from a log with lines left out would understate the worst moment it is meant to describe. So the
/// first rejected line is an error naming the file, line and field, and the command exits 2 before anything runs.
/// </para>
/// </summary>
public static class DesignLog
{
    /// <summary>
    /// Ten seconds: shorter than a default trial's 20 s steady window, so that a burst a trial of that length would have to
    /// carry is not averaged away over the quiet around it; ten one-second bins, so that one second's clump of timestamps
    /// written to the second does not become the design rate on its own.
    /// </summary>
    public const int WindowS = 10;

    /// <summary>How far a timestamp may go back: any distance (the bins do not need the events in order).</summary>
    private static readonly TimeSpan AnyOrder = TimeSpan.FromDays(3650);

    /// <summary>The busiest window of the log at <paramref name="path"/>; throws <see cref="LogFormatException"/> on a missing
    /// or unreadable file, a bad header, a rejected line or a log without events.</summary>
    /// <param name="operationNames">The scenario's name for each kind of operation; a kind it lacks keeps its own name.</param>
    public static LogPeak Read(string path, CityTopology topology, IReadOnlyDictionary<OperationKind, string> operationNames)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(operationNames);
        var window = new BusiestWindow(WindowS);
        using var reader = new IncidentLogReader(path, new SourceMap(topology), AnyOrder);
        var names = LogEvents.Replayable.ToDictionary(k => k, k => operationNames.TryGetValue(k, out var n) ? n : OperationNames.Of(k));
        while (reader.Read(out var record))
        {
            if (!record.IsValid)
                throw new LogFormatException($"{path}:{record.Line}:{(string.IsNullOrEmpty(record.Field) ? "" : $" {record.Field}:")} {record.Message} " +
                                             $"({RejectReasons.Name(record.Reason)}; a design log is read whole: fix or remove the line)");
            window.Add(record.UtcTicks, names[record.Kind]);
        }
        return window.Peak(path) ?? throw new LogFormatException($"{path}: the log has no events to take a design load from");
    }
}
