using MonitorSim.Domain.Operations;
using MonitorSim.Load.Engine;

namespace MonitorSim.Load.Replay;

/// <summary>
/// Writes an incident log in the CSV format <see cref="IncidentLogReader"/> reads: the header
/// <c>timestamp,source,event,alarm_type,step</c>, then one event per line, sources as device codes (see
/// <see cref="SourceMap"/>), timestamps with 7 fractional digits and the offset. Formats into a byte buffer: no
/// allocation per event.
/// </summary>
public sealed class IncidentLogWriter : IDisposable
{
    public const string Header = "timestamp,source,event,alarm_type,step";
    private static readonly byte[][] KindBytes = Enum.GetValues<OperationKind>().Select(k => System.Text.Encoding.UTF8.GetBytes(OperationNames.Of(k))).ToArray();
    private static readonly byte[][] AlarmBytes = Enum.GetValues<AlarmType>().Select(t => System.Text.Encoding.UTF8.GetBytes(LogEvents.AlarmName((int)t))).ToArray();
    private static readonly byte[][] StepBytes = LogEvents.StepNames.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
    private readonly Stream _out;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _used;

    public IncidentLogWriter(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        _out = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest)
            : file;
        var header = System.Text.Encoding.UTF8.GetBytes(Header + "\n");
        header.CopyTo(_buffer, 0);
        _used = header.Length;
    }

    /// <summary>Events written.</summary>
    public long Count { get; private set; }

    /// <param name="subject">A camera index, or a point index for service_flow and clue_intake.</param>
    /// <param name="detail">The alarm type (alarm), the step (service_flow), or −1.</param>
    public void Write(long utcTicks, int offsetMinutes, OperationKind kind, int subject, int detail)
    {
        if (_buffer.Length - _used < 160) Flush();
        var span = _buffer.AsSpan(_used);
        var n = LogTimestamp.Format(utcTicks, offsetMinutes, span);
        span[n++] = (byte)',';
        var prefix = LogEvents.AboutPoint(kind) ? "32030000001180"u8 : "32030000001320"u8;
        prefix.CopyTo(span[n..]);
        n += prefix.Length;
        for (int k = 5, v = subject; k >= 0; k--, v /= 10) span[n + k] = (byte)('0' + v % 10);
        n += 6;
        span[n++] = (byte)',';
        KindBytes[(int)kind].CopyTo(span[n..]);
        n += KindBytes[(int)kind].Length;
        span[n++] = (byte)',';
        if (kind == OperationKind.Alarm && detail >= 0) { AlarmBytes[detail].CopyTo(span[n..]); n += AlarmBytes[detail].Length; }
        span[n++] = (byte)',';
        if (kind == OperationKind.ServiceFlow && detail >= 0) { StepBytes[detail].CopyTo(span[n..]); n += StepBytes[detail].Length; }
        span[n++] = (byte)'\n';
        _used += n;
        Count++;
    }

    public void Flush()
    {
        _out.Write(_buffer, 0, _used);
        _used = 0;
    }

    public void Dispose()
    {
        Flush();
        _out.Dispose();
    }
}
