using System.IO.Compression;
using System.Text;
using System.Text.Unicode;
using MonitorSim.Load.Replay;
using Sylvan.Data.Csv;

namespace MonitorSim.Benchmarks.Replay;

/// <summary>
/// The incident log's CSV path built on Sylvan.Data.Csv instead of the reader's own byte parser, doing the same work: RFC
/// 4180 records (BOM, quotes, CRLF, fields spanning lines), the file's line numbers (counted from each record's raw text
/// and the comments), blank lines and <c>#</c> comments skipped, fields trimmed and handed as UTF-8 to the same
/// <see cref="LogLineValidator"/>. Kept to measure the library against the reader (docs/replay.md), not used by replay.
/// </summary>
public sealed class SylvanCsvLogReader : IDisposable
{
    private readonly CsvDataReader _csv;
    private readonly LogLineValidator _validator;
    private readonly int _ts, _src, _ev, _alarm, _step;
    private readonly byte[] _scratch = new byte[5 * 256];
    private long _nextLine = 2;

    public SylvanCsvLogReader(string path, SourceMap sources, TimeSpan tolerance)
    {
        Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) stream = new GZipStream(stream, CompressionMode.Decompress);
        var options = new CsvDataReaderOptions
        {
            Delimiter = ',',
            HasHeaders = true,
            // Standard throws at the first badly quoted field and loses the rest of the file; a log reader must reject
            // that one line and go on.
            CsvStyle = CsvStyle.Lax,
            CommentHandler = (Action<string>)(_ => _nextLine++),
            BufferSize = 1 << 16,
        };
        _csv = CsvDataReader.Create(new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16), options);
        _validator = new LogLineValidator(sources, tolerance);
        int Column(string name)
        {
            for (var i = 0; i < _csv.FieldCount; i++)
                if (string.Equals(_csv.GetName(i).Trim(), name, StringComparison.OrdinalIgnoreCase)) return i;
            return -1;
        }
        (_ts, _src, _ev, _alarm, _step) = (Column("timestamp"), Column("source"), Column("event"), Column("alarm_type"), Column("step"));
        if (_ts < 0 || _src < 0 || _ev < 0) throw new LogFormatException($"{path}:1: the header lacks a required column");
    }

    public long LinesRead { get; private set; }

    public bool Read(out LogRecord record)
    {
        while (_csv.Read())
        {
            var line = _nextLine;
            var raw = _csv.GetRawRecordSpan();
            var newlines = raw.Count('\n');
            _nextLine += newlines == 0 ? 1 : newlines;
            if (_csv.RowFieldCount == 1 && _csv.GetFieldSpan(0).Trim(" \t").IsEmpty) continue;
            LinesRead++;
            if (_csv.RowFieldCount != _csv.FieldCount)
            {
                record = LogLineValidator.Reject(line, RejectReason.Malformed, "", $"has {_csv.RowFieldCount} fields, the header has {_csv.FieldCount}");
                return true;
            }
            record = _validator.Validate(line, Field(_ts, 0), Field(_src, 1), Field(_ev, 2),
                _alarm >= 0 ? Field(_alarm, 3) : default, _step >= 0 ? Field(_step, 4) : default);
            return true;
        }
        record = default;
        return false;
    }

    private ReadOnlySpan<byte> Field(int column, int slot)
    {
        var into = _scratch.AsSpan(slot * 256, 256);
        Utf8.FromUtf16(_csv.GetFieldSpan(column).Trim(" \t"), into, out _, out var written);
        return into[..written];
    }

    public void Dispose() => _csv.Dispose();
}
