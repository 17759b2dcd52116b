using System.IO.Compression;
using System.Text;
using System.Text.Json;
using MonitorSim.Domain.Operations;

namespace MonitorSim.Load.Replay;

/// <summary>
/// Reads an incident log as a stream, line by line, in constant memory (a 256 KB buffer; a multi-gigabyte file never sits
/// in memory), gzip-compressed or not (by the <c>.gz</c> name or the gzip magic bytes). Two formats:
/// <list type="bullet">
/// <item>CSV with a header: <c>timestamp</c>, <c>source</c>, <c>event</c> required, <c>alarm_type</c> and <c>step</c>
/// optional, in any order; no quoting is needed (no field contains a comma), a quoted field loses its quotes; blank lines
/// and lines starting with <c>#</c> are skipped.</item>
/// <item>JSON Lines: one object per line with the same keys (unknown keys are ignored); blank lines are skipped.</item>
/// </list>
/// Line numbers are the file's (a CSV header is line 1). A valid line allocates nothing; a rejected one carries its
/// reason, field and message. A line is rejected when it is malformed, names an unknown source, event type, alarm type or
/// step, or when its time is more than <see cref="Tolerance"/> earlier than the latest valid time before it.
/// </summary>
public sealed class IncidentLogReader : IDisposable
{
    private const int MaxLine = 64 * 1024;
    private readonly Stream _stream;
    private readonly SourceMap _sources;
    private readonly long _toleranceTicks;
    private byte[] _buffer = new byte[256 * 1024];
    private int _start, _end;
    private bool _eof;
    private long _line;
    private long _latest = long.MinValue;
    private int _colTimestamp = -1, _colSource = -1, _colEvent = -1, _colAlarm = -1, _colStep = -1, _columns;
    private readonly byte[] _scratch = new byte[224]; // JSON values, unescaped: timestamp 64, source 64, event, alarm_type, step 32 each
    private readonly Range[] _cells = new Range[8];

    public IncidentLogReader(string path, SourceMap sources, TimeSpan tolerance)
    {
        File = path;
        _sources = sources;
        Tolerance = tolerance;
        _toleranceTicks = tolerance.Ticks;
        Stream raw;
        try
        {
            raw = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LogFormatException(e is FileNotFoundException or DirectoryNotFoundException
                ? $"{path}: no such log file (looked for {Path.GetFullPath(path)})"
                : $"{path}: cannot read the log: {e.Message}");
        }
        Span<byte> magic = stackalloc byte[2];
        var got = raw.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        raw.Position = 0;
        Compressed = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b);
        _stream = Compressed ? new GZipStream(raw, CompressionMode.Decompress) : raw;

        // The format: by the name, else by the first non-blank character ('{' is JSON Lines).
        var name = Compressed && path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        if (name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase)) Format = LogFormat.JsonLines;
        else if (name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) Format = LogFormat.Csv;
        else Format = PeekFirst() == '{' ? LogFormat.JsonLines : LogFormat.Csv;

        if (Format == LogFormat.JsonLines) return;
        // The CSV header: the first line that is neither blank nor a comment.
        while (true)
        {
            if (!NextLine(out var header)) throw new LogFormatException($"{path}:1: the log is empty; a CSV log starts with a header: timestamp,source,event[,alarm_type][,step]");
            if (Skip(header)) continue;
            var column = 0;
            var at = 1;
            var count = SplitCells(header, _cells);
            for (var k = 0; k < count; k++)
            {
                var range = _cells[k];
                var cell = Trim(header[range]);
                var text = Encoding.UTF8.GetString(cell).ToLowerInvariant();
                ref var slot = ref Unsafe(text);
                if (text is not ("timestamp" or "source" or "event" or "alarm_type" or "step"))
                    throw new LogFormatException($"{path}:{_line}:{at}: {text}: unknown column; a log's columns are timestamp, source, event, alarm_type, step");
                if (slot >= 0) throw new LogFormatException($"{path}:{_line}:{at}: {text}: this column appears twice");
                slot = column++;
                at += range.End.GetOffset(header.Length) - range.Start.GetOffset(header.Length) + 1;
            }
            _columns = column;
            var missing = new[] { ("timestamp", _colTimestamp), ("source", _colSource), ("event", _colEvent) }.Where(c => c.Item2 < 0).Select(c => c.Item1).ToList();
            if (missing.Count > 0)
                throw new LogFormatException($"{path}:{_line}: the header lacks {string.Join(", ", missing)}; a log's columns are timestamp, source, event (required), alarm_type, step");
            return;
        }

        ref int Unsafe(string text)
        {
            switch (text)
            {
                case "timestamp": return ref _colTimestamp;
                case "source": return ref _colSource;
                case "event": return ref _colEvent;
                case "alarm_type": return ref _colAlarm;
                case "step": return ref _colStep;
                default: return ref _dummy;
            }
        }
    }

    private int _dummy = -1;

    public string File { get; }
    public LogFormat Format { get; }
    public bool Compressed { get; }
    public TimeSpan Tolerance { get; }

    /// <summary>Data lines read so far (not the header, blank lines or comments).</summary>
    public long LinesRead { get; private set; }

    /// <summary>Reads the next data line; false at the end of the file.</summary>
    public bool Read(out LogRecord record)
    {
        while (NextLine(out var line))
        {
            if (Skip(line)) continue;
            LinesRead++;
            record = Format == LogFormat.Csv ? ParseCsv(line) : ParseJson(line);
            if (record.IsValid)
            {
                if (_latest != long.MinValue && record.UtcTicks < _latest - _toleranceTicks)
                {
                    record = Reject(RejectReason.TimeWentBack, "timestamp",
                        $"{TimeSpan.FromTicks(_latest - record.UtcTicks).TotalSeconds:0.###} s earlier than an event before it (tolerance {Tolerance.TotalSeconds:0.###} s)");
                }
                else if (record.UtcTicks > _latest) _latest = record.UtcTicks;
            }
            return true;
        }
        record = default;
        return false;
    }

    private LogRecord ParseCsv(ReadOnlySpan<byte> line)
    {
        var cells = _cells;
        var n = SplitCells(line, cells);
        if (n != _columns)
            return Reject(RejectReason.Malformed, "", $"has {line.Count((byte)',') + 1} fields, the header has {_columns}");
        return Validate(Cell(line, cells[_colTimestamp]), Cell(line, cells[_colSource]), Cell(line, cells[_colEvent]),
            _colAlarm >= 0 ? Cell(line, cells[_colAlarm]) : default, _colStep >= 0 ? Cell(line, cells[_colStep]) : default);
    }

    /// <summary>Splits at commas into <paramref name="cells"/>; returns how many cells (more than fit: cells.Length + 1).</summary>
    private static int SplitCells(ReadOnlySpan<byte> line, Range[] cells)
    {
        var n = 0;
        var start = 0;
        while (true)
        {
            var comma = line[start..].IndexOf((byte)',');
            var end = comma < 0 ? line.Length : start + comma;
            if (n == cells.Length) return n + 1;
            cells[n++] = new Range(start, end);
            if (comma < 0) return n;
            start = end + 1;
        }
    }

    private static ReadOnlySpan<byte> Cell(ReadOnlySpan<byte> line, Range r)
    {
        var c = Trim(line[r]);
        if (c.Length >= 2 && c[0] == '"' && c[^1] == '"') c = c[1..^1];
        return c;
    }

    private LogRecord ParseJson(ReadOnlySpan<byte> line)
    {
        // Values are copied (unescaped) into small stack buffers, so an escaped string costs no allocation either.
        var scratch = _scratch;
        int nTs = -1, nSrc = -1, nEv = -1, nAl = -1, nSt = -1;
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return Reject(RejectReason.Malformed, "", "not a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                int at, size;
                ref int length = ref nTs;
                string field;
                if (reader.ValueTextEquals("timestamp"u8)) { (at, size) = (0, 64); field = "timestamp"; }
                else if (reader.ValueTextEquals("source"u8)) { (at, size) = (64, 64); length = ref nSrc; field = "source"; }
                else if (reader.ValueTextEquals("event"u8)) { (at, size) = (128, 32); length = ref nEv; field = "event"; }
                else if (reader.ValueTextEquals("alarm_type"u8)) { (at, size) = (160, 32); length = ref nAl; field = "alarm_type"; }
                else if (reader.ValueTextEquals("step"u8)) { (at, size) = (192, 32); length = ref nSt; field = "step"; }
                else
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null) continue;
                if (reader.TokenType != JsonTokenType.String) return Reject(RejectReason.Malformed, field, "is not a string");
                if ((reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length) > size)
                    return Reject(RejectReason.Malformed, field, "is too long");
                length = reader.CopyString(scratch.AsSpan(at, size));
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) return Reject(RejectReason.Malformed, "", "not one JSON object");
        }
        catch (JsonException e)
        {
            return Reject(RejectReason.Malformed, "", $"not valid JSON ({e.Message.Split(" LineNumber")[0]})");
        }
        if (nTs < 0) return Reject(RejectReason.Malformed, "timestamp", "missing");
        if (nSrc < 0) return Reject(RejectReason.Malformed, "source", "missing");
        if (nEv < 0) return Reject(RejectReason.Malformed, "event", "missing");
        return Validate(scratch.AsSpan(0, nTs), scratch.AsSpan(64, nSrc), scratch.AsSpan(128, nEv),
            nAl < 0 ? default : scratch.AsSpan(160, nAl), nSt < 0 ? default : scratch.AsSpan(192, nSt));
    }

    private LogRecord Validate(ReadOnlySpan<byte> timestamp, ReadOnlySpan<byte> source, ReadOnlySpan<byte> eventName,
        ReadOnlySpan<byte> alarm, ReadOnlySpan<byte> step)
    {
        if (!LogTimestamp.TryParse(timestamp, out var utc, out var offset, out var error))
            return Reject(RejectReason.Malformed, "timestamp", $"'{Encoding.UTF8.GetString(timestamp)}': {error}");
        if (LogEvents.KindOf(eventName) is not { } kind)
            return Reject(RejectReason.UnknownEvent, "event", $"'{Encoding.UTF8.GetString(eventName)}' is not an event type; expected one of {LogEvents.KindList}");
        var what = _sources.Resolve(source, out var subject);
        if (what == SourceKind.Unknown)
            return Reject(RejectReason.UnknownSource, "source", $"'{Encoding.UTF8.GetString(source)}' names nothing in this topology ({_sources.Describe()})");
        if (LogEvents.AboutPoint(kind) && what == SourceKind.Camera)
            subject = _sources.Topology.PointOf(new Domain.Topology.CameraId(subject)).Value; // a camera's event at its point
        else if (!LogEvents.AboutPoint(kind) && what == SourceKind.Point)
            return Reject(RejectReason.UnknownSource, "source", $"'{Encoding.UTF8.GetString(source)}' is a service point; a {Engine.OperationNames.Of(kind)} comes from a camera");
        var detail = -1;
        if (kind == OperationKind.Alarm)
        {
            if (alarm.IsEmpty) return Reject(RejectReason.Malformed, "alarm_type", "an alarm needs its alarm_type");
            detail = LogEvents.AlarmOf(alarm);
            if (detail < 0)
                return Reject(RejectReason.Malformed, "alarm_type", $"'{Encoding.UTF8.GetString(alarm)}' is not an alarm type; expected one of {string.Join(", ", Scenarios.AlarmTypeNames.ByName.Keys)}");
        }
        else if (kind == OperationKind.ServiceFlow && !step.IsEmpty)
        {
            detail = LogEvents.StepOf(step);
            if (detail < 0) return Reject(RejectReason.Malformed, "step", $"'{Encoding.UTF8.GetString(step)}' is not a step; expected one of {string.Join(", ", LogEvents.StepNames)}");
        }
        return new LogRecord(_line, utc, offset, kind, subject, detail);
    }

    private LogRecord Reject(RejectReason reason, string field, string message) =>
        new(_line, 0, 0, default, -1, -1, reason, field, message);

    /// <summary>The next line without its end-of-line (LF or CRLF); a line longer than 64 KB is returned cut (it fails
    /// to parse, and is rejected as malformed).</summary>
    private bool NextLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var nl = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                line = _buffer.AsSpan(_start, nl);
                _start += nl + 1;
                _line++;
                if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
                if (line.Length > MaxLine) line = line[..MaxLine];
                return true;
            }
            if (_eof)
            {
                if (_start == _end) { line = default; return false; }
                line = _buffer.AsSpan(_start, _end - _start);
                _start = _end;
                _line++;
                if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
                return true;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            // One line fills the whole buffer: keep its first part and drop the rest up to its end.
            if (_buffer.Length < 4 * MaxLine) { Array.Resize(ref _buffer, 4 * MaxLine); }
            else
            {
                _end = MaxLine + 1;
                // Discard until the newline: read in place over the tail.
                while (true)
                {
                    var got = _stream.Read(_buffer, _end, _buffer.Length - _end);
                    if (got == 0) { _eof = true; return; }
                    var nl = _buffer.AsSpan(_end, got).IndexOf((byte)'\n');
                    if (nl >= 0)
                    {
                        _buffer.AsSpan(_end + nl, got - nl).CopyTo(_buffer.AsSpan(MaxLine + 1));
                        _end = MaxLine + 1 + got - nl;
                        return;
                    }
                }
            }
        }
        var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0) _eof = true;
        else _end += n;
    }

    /// <summary>The first byte that is not white space, without consuming anything (-1: none in the first buffer).</summary>
    private int PeekFirst()
    {
        var scanned = 0;
        while (true)
        {
            foreach (var b in _buffer.AsSpan(_start + scanned, _end - _start - scanned))
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return b;
            scanned = _end - _start;
            if (_eof || scanned == _buffer.Length) return -1;
            Fill();
        }
    }

    private static bool Skip(ReadOnlySpan<byte> line)
    {
        var t = Trim(line);
        return t.IsEmpty || t[0] == '#';
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s) => s.Trim(" \t"u8);

    public void Dispose() => _stream.Dispose();
}

/// <summary>An incident log's format.</summary>
public enum LogFormat
{
    Csv,
    JsonLines,
}
