using System.Diagnostics;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Engine;

namespace MonitorSim.Load.Replay;

/// <summary>
/// A log as the engine's arrivals: each valid line in the window is one arrival, offered on its event type's stream
/// (<see cref="IRoutedArrivals"/>), for its camera or point, carrying its alarm type or step. The first replayed event is
/// t = 0; an event at log time t is due at t / speed on the wall clock, so the engine's generator lag (actual send − due)
/// is the replay lag. At maximum speed each event is due when the previous one was sent: the lag is then the wait for a
/// slot under the in-flight cap. Lines are read as the generator asks for them (constant memory, any file size); a
/// rejected line goes to <c>onReject</c> and is counted, never silently dropped.
/// </summary>
public sealed class ReplayArrivals : ArrivalSequence, IRoutedArrivals, IDisposable
{
    private readonly IncidentLogReader _reader;
    private readonly ReplaySettings _settings;
    private readonly int[] _routeOfKind;
    private readonly Action<LogRecord> _onReject;
    private readonly CityTopology _topology;
    private readonly double _ticksPerLogTick;
    private long _runStart;
    private long _t0 = long.MinValue;
    private long _latest = long.MinValue;

    /// <param name="routeOfKind">Per <see cref="Domain.Operations.OperationKind"/>, the index of its stream in the run's plans.</param>
    public ReplayArrivals(IncidentLogReader reader, CityTopology topology, ReplaySettings settings, int[] routeOfKind, Action<LogRecord> onReject)
    {
        _reader = reader;
        _topology = topology;
        _settings = settings;
        _routeOfKind = routeOfKind;
        _onReject = onReject;
        _ticksPerLogTick = settings.Speed is { } speed ? Stopwatch.Frequency / (double)TimeSpan.TicksPerSecond / speed : 0;
        Tally = new ReplayTally(topology.Platforms.Count);
    }

    public int Route { get; private set; } = -1;
    public int Detail { get; private set; } = -1;

    /// <summary>What became of the lines read so far.</summary>
    public ReplayTally Tally { get; }

    /// <inheritdoc cref="ReplayTally.Replayed"/>
    public long Replayed => Tally.Replayed;

    /// <inheritdoc cref="ReplayTally.OutsideWindow"/>
    public long OutsideWindow => Tally.OutsideWindow;

    /// <inheritdoc cref="ReplayTally.Rejected"/>
    public long[] Rejected => Tally.Rejected;

    /// <inheritdoc cref="ReplayTally.PerKind"/>
    public long[] PerKind => Tally.PerKind;

    /// <inheritdoc cref="ReplayTally.PerPlatform"/>
    public long[] PerPlatform => Tally.PerPlatform;

    public long LinesRead => _reader.LinesRead;

    /// <summary>The log's columns or keys that are not its fields (<see cref="IncidentLogReader.IgnoredColumns"/>).</summary>
    public IReadOnlyList<string> IgnoredColumns => _reader.IgnoredColumns;

    /// <inheritdoc cref="ReplayTally.Span"/>
    public (long FirstUtc, long LastUtc, int OffsetMinutes)? Span => Tally.Span;

    public void Begin(long runStart) => _runStart = runStart;

    public override long Next(out int member)
    {
        while (_reader.Read(out var r))
        {
            if (!r.IsValid)
            {
                Tally.Reject(r.Reason);
                _onReject(r);
                continue;
            }
            if ((_settings.From is { } from && r.UtcTicks < from) || (_settings.To is { } to && r.UtcTicks >= to))
            {
                Tally.Outside();
                continue;
            }
            if (_t0 == long.MinValue) _t0 = r.UtcTicks;
            if (r.UtcTicks > _latest) _latest = r.UtcTicks;
            Route = _routeOfKind[(int)r.Kind];
            Detail = r.Detail;
            member = r.Subject;
            Tally.Replay(r, LogEvents.AboutPoint(r.Kind)
                ? _topology.PlatformOf(new PointId(r.Subject)).Value
                : _topology.PlatformOf(new CameraId(r.Subject)).Value);
            return _settings.Speed is null
                ? Math.Max(0, Stopwatch.GetTimestamp() - _runStart)
                // An event a little earlier than one before it (within the tolerance) is due with that one.
                : (long)((_latest - _t0) * _ticksPerLogTick);
        }
        member = -1;
        return End;
    }

    public void Dispose() => _reader.Dispose();
}
