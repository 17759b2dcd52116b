using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace MonitorSim.Load.Replay;

/// <summary>
/// Reads an incident log as a stream, record by record, in constant memory (a 256 KB buffer; a multi-gigabyte file never
/// sits in memory), gzip-compressed or not (by the <c>.gz</c> name or the gzip magic bytes). Two formats:
/// <list type="bullet">
/// <item>CSV (RFC 4180) with a header naming <c>timestamp</c>, <c>source</c>, <c>event</c> (required), <c>alarm_type</c>
/// and <c>step</c> in any order, or other names mapped by <see cref="LogReadOptions.Columns"/>; other columns are ignored
/// (<see cref="IgnoredColumns"/>). A byte-order mark, CRLF, quoted fields with commas, doubled quotes and line breaks are
/// read as spreadsheets write them (<see cref="Utf8RecordReader"/>); blank lines and lines starting with <c>#</c> are
/// skipped.</item>
/// <item>JSON Lines: one object per line with the same keys; other keys are ignored and listed too.</item>
/// </list>
/// Line numbers are the file's (a CSV header is line 1; a record whose quoted field spans lines has the number of its
/// first). A valid line allocates nothing; a rejected one carries its reason, field and message
/// (<see cref="LogLineValidator"/>).
/// </summary>
public sealed class IncidentLogReader : IDisposable
{
    /// <summary>Unknown JSON keys listed at most (a log with a new key on every line would otherwise grow the list).</summary>
    private const int MaxIgnoredKeys = 32;

    private readonly Stream _stream;
    private readonly Utf8RecordReader _in;
    private readonly LogLineValidator _validator;
    private readonly LogColumns? _columns;
    private readonly byte[][] _keys;
    private readonly List<string> _ignored = [];
    private readonly List<byte[]> _ignoredKeys = [];
    private readonly byte[] _scratch = new byte[224]; // JSON values, unescaped: timestamp 64, source 64, event, alarm_type, step 32 each

    public IncidentLogReader(string path, SourceMap sources, TimeSpan tolerance, LogReadOptions? options = null)
    {
        options ??= LogReadOptions.Default;
        File = path;
        Tolerance = tolerance;
        _validator = new LogLineValidator(sources, tolerance, options.TimezoneOffsetMinutes);
        _keys = LogReadOptions.Fields.Select(f => Encoding.UTF8.GetBytes(options.ColumnOf(f))).ToArray();
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
        _in = new Utf8RecordReader(_stream);
        _in.SkipByteOrderMark();

        // The format: by the name, else by the first non-blank character ('{' is JSON Lines).
        var name = Compressed && path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        if (name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase)) Format = LogFormat.JsonLines;
        else if (name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) Format = LogFormat.Csv;
        else Format = _in.PeekFirst() == '{' ? LogFormat.JsonLines : LogFormat.Csv;
        if (Format == LogFormat.JsonLines) return;

        // The CSV header: the first record that is neither blank nor a comment.
        var status = _in.NextRecord();
        if (status == Utf8RecordReader.Status.End)
            throw new LogFormatException($"{path}:1: the log is empty; a CSV log starts with a header: timestamp,source,event[,alarm_type][,step]");
        if (status != Utf8RecordReader.Status.Record)
            throw new LogFormatException($"{path}:{_in.Line}: the header is not CSV: {(status == Utf8RecordReader.Status.TooLong ? "longer than 64 KB" : _in.Problem)}");
        var header = Enumerable.Range(0, _in.FieldCount).Select(i => Encoding.UTF8.GetString(_in[i])).ToList();
        _columns = LogColumns.Read(path, _in.Line, header, options);
        _ignored.AddRange(_columns.Ignored);
    }

    public string File { get; }
    public LogFormat Format { get; }
    public bool Compressed { get; }
    public TimeSpan Tolerance { get; }

    /// <summary>Data lines read so far (not the header, blank lines or comments; a record spanning lines is one).</summary>
    public long LinesRead { get; private set; }

    /// <summary>The CSV header's columns that are not the log's fields, or the JSON keys met so far that are not (at most
    /// 32), in order: ignored, and listed once in the replay's summary.</summary>
    public IReadOnlyList<string> IgnoredColumns => _ignored;

    /// <summary>Reads the next data line; false at the end of the file.</summary>
    public bool Read(out LogRecord record)
    {
        if (Format == LogFormat.Csv)
        {
            var status = _in.NextRecord();
            if (status == Utf8RecordReader.Status.End) { record = default; return false; }
            LinesRead++;
            record = status switch
            {
                Utf8RecordReader.Status.TooLong => Reject(RejectReason.Malformed, "", $"longer than {Utf8RecordReader.MaxRecord / 1024} KB"),
                Utf8RecordReader.Status.BadQuotes => Reject(RejectReason.Malformed, "", _in.Problem!),
                _ => ParseCsv(),
            };
            return true;
        }
        while (_in.NextLine(out var line, out var tooLong))
        {
            if (!tooLong && line.Trim(" \t"u8).IsEmpty) continue;
            LinesRead++;
            record = tooLong ? Reject(RejectReason.Malformed, "", $"longer than {Utf8RecordReader.MaxRecord / 1024} KB") : ParseJson(line);
            return true;
        }
        record = default;
        return false;
    }

    private LogRecord ParseCsv()
    {
        var c = _columns!;
        if (_in.FieldCount != c.Count)
            return Reject(RejectReason.Malformed, "", $"has {_in.FieldCount} fields, the header has {c.Count}");
        return _validator.Validate(_in.Line, _in[c[0]], _in[c[1]], _in[c[2]], c[3] >= 0 ? _in[c[3]] : default, c[4] >= 0 ? _in[c[4]] : default);
    }

    private LogRecord ParseJson(ReadOnlySpan<byte> line)
    {
        // Values are copied (unescaped) into small buffers, so an escaped string costs no allocation either.
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
                if (reader.ValueTextEquals(_keys[0])) { (at, size) = (0, 64); field = "timestamp"; }
                else if (reader.ValueTextEquals(_keys[1])) { (at, size) = (64, 64); length = ref nSrc; field = "source"; }
                else if (reader.ValueTextEquals(_keys[2])) { (at, size) = (128, 32); length = ref nEv; field = "event"; }
                else if (reader.ValueTextEquals(_keys[3])) { (at, size) = (160, 32); length = ref nAl; field = "alarm_type"; }
                else if (reader.ValueTextEquals(_keys[4])) { (at, size) = (192, 32); length = ref nSt; field = "step"; }
                else
                {
                    if (_ignoredKeys.Count < MaxIgnoredKeys) NoteKey(ref reader);
                    reader.Read();
                    reader.Skip();
                    continue;
                }
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null) continue;
                if (reader.TokenType != JsonTokenType.String) return Reject(RejectReason.Malformed, field, "is not a string");
                if ((reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length) > size)
                    return Reject(RejectReason.Malformed, field, $"is too long ({LogText.Quote(reader.GetString() ?? "")})");
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
        return _validator.Validate(_in.Line, scratch.AsSpan(0, nTs), scratch.AsSpan(64, nSrc), scratch.AsSpan(128, nEv),
            nAl < 0 ? default : scratch.AsSpan(160, nAl), nSt < 0 ? default : scratch.AsSpan(192, nSt));
    }

    /// <summary>Lists an unknown key the first time it is met (a known one costs a few comparisons, no allocation).</summary>
    private void NoteKey(ref Utf8JsonReader reader)
    {
        foreach (var known in _ignoredKeys) if (reader.ValueTextEquals(known)) return;
        var name = reader.GetString() ?? "";
        _ignoredKeys.Add(Encoding.UTF8.GetBytes(name));
        _ignored.Add(LogText.Escape(name, LogText.MaxChars, out _));
    }

    private LogRecord Reject(RejectReason reason, string field, string message) => LogLineValidator.Reject(_in.Line, reason, field, message);

    public void Dispose() => _stream.Dispose();
}
