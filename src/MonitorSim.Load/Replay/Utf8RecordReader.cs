namespace MonitorSim.Load.Replay;

/// <summary>
/// A UTF-8 stream read line by line (JSON Lines) or record by record (CSV, RFC 4180), in constant memory: a 256 KB
/// buffer, never the file. The CSV side takes what spreadsheets and databases export: a byte-order mark, CRLF or LF line
/// ends, quoted fields holding commas, doubled quotes (<c>""</c> is one <c>"</c>) and line breaks. A line without a quote
/// is split on the fast path (vectorised searches for the newline, the quote and each comma); only a line with a quote is
/// walked byte by byte. Spaces and tabs around a field (outside its quotes) are dropped; a quote inside an unquoted field
/// is kept as text, as spreadsheets read it. <see cref="Line"/> is the file's line number where the record starts, however
/// many lines its quoted fields span.
/// </summary>
internal sealed class Utf8RecordReader(Stream stream)
{
    /// <summary>The longest line or record (a quoted field spanning lines included) read; a longer one is rejected.</summary>
    public const int MaxRecord = 64 * 1024;

    private readonly byte[] _buffer = new byte[256 * 1024];
    private int _start, _end;
    private bool _eof;
    private long _lines;
    private int _record;
    private Field[] _fields = new Field[16];
    private readonly byte[] _unescaped = new byte[MaxRecord + 16];
    private int _unescapedUsed;

    private readonly record struct Field(int Start, int Length, bool Escaped);

    /// <summary>What <see cref="NextRecord"/> found.</summary>
    public enum Status { End, Record, TooLong, BadQuotes }

    /// <summary>The file's line number of the current line or record's first line (the first line is 1).</summary>
    public long Line { get; private set; }

    /// <summary>The current record's fields (<see cref="Status.Record"/>).</summary>
    public int FieldCount { get; private set; }

    /// <summary>For <see cref="Status.BadQuotes"/>, what is wrong.</summary>
    public string? Problem { get; private set; }

    /// <summary>Skips a UTF-8 byte-order mark (Excel's "CSV UTF-8" starts with one) at the start of the stream.</summary>
    public void SkipByteOrderMark()
    {
        while (_end - _start < 3 && !_eof) Fill();
        if (_buffer.AsSpan(_start, _end - _start).StartsWith("\uFEFF"u8)) _start += 3;
    }

    /// <summary>The first byte that is not white space, without consuming anything (-1: none in the first buffer).</summary>
    public int PeekFirst()
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

    /// <summary>The next line without its end (LF or CRLF); false at the end. A line longer than <see cref="MaxRecord"/>
    /// is skipped to its end and given as <paramref name="tooLong"/> with an empty <paramref name="line"/>.</summary>
    public bool NextLine(out ReadOnlySpan<byte> line, out bool tooLong)
    {
        tooLong = false;
        var nl = FindNewline(out var found);
        if (nl < 0)
        {
            line = default;
            if (found) { tooLong = true; return true; }
            return false;
        }
        line = _buffer.AsSpan(_start, nl);
        _start += Math.Min(nl + 1, _end - _start);
        if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
        return true;
    }

    /// <summary>The next CSV record that is neither blank nor a <c>#</c> comment.</summary>
    public Status NextRecord()
    {
        while (true)
        {
            var nl = FindNewline(out var found);
            if (nl < 0) return found ? Status.TooLong : Status.End;
            var line = _buffer.AsSpan(_start, nl);
            var lineEnd = Math.Min(nl + 1, _end - _start); // past the newline (none on the last line)
            if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
            if (line.IsEmpty || line[0] is (byte)' ' or (byte)'\t' or (byte)'#')
            {
                var trimmed = line.TrimStart(" \t"u8);
                if (trimmed.IsEmpty || trimmed[0] == '#') { _start += lineEnd; continue; }
            }
            _record = _start;
            _unescapedUsed = 0;
            if (!line.Contains((byte)'"'))
            {
                SplitPlain(line);
                _start += lineEnd;
                return Status.Record;
            }
            var status = Walk(out var length, out var newlines);
            if (status == Status.Record)
            {
                _start += length;
                _lines += newlines;
                return status;
            }
            // A bad or unclosed quote: only this first line is rejected; the next is read as a record of its own, so one
            // stray quote does not swallow the lines after it.
            _record = _start;
            _start += lineEnd;
            return status;
        }
    }

    /// <summary>Field <paramref name="i"/> of the current record, unquoted (valid until the next record).</summary>
    public ReadOnlySpan<byte> this[int i]
    {
        get
        {
            var f = _fields[i];
            var raw = _buffer.AsSpan(_record + f.Start, f.Length);
            if (!f.Escaped) return raw;
            var into = _unescaped.AsSpan(_unescapedUsed);
            var n = 0;
            for (var k = 0; k < raw.Length; k++)
            {
                into[n++] = raw[k];
                if (raw[k] == '"') k++; // "" is one "
            }
            _unescapedUsed += n;
            return into[..n];
        }
    }

    /// <summary>The newline ending the line at <c>_start</c>, relative to it, or the line's length at the end of the
    /// stream; −1 at the end (<paramref name="found"/> false) or for a line longer than <see cref="MaxRecord"/>, which is
    /// then skipped (<paramref name="found"/> true). Counts the line.</summary>
    private int FindNewline(out bool found)
    {
        var searched = 0;
        while (true)
        {
            var nl = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf((byte)'\n');
            if (nl >= 0) nl += searched;
            var length = nl >= 0 ? nl : _end - _start;
            if (length > MaxRecord)
            {
                found = true;
                Line = ++_lines;
                if (nl >= 0) _start += nl + 1;
                else SkipPastNewline();
                return -1;
            }
            if (nl >= 0 || _eof)
            {
                found = nl >= 0 || _end > _start;
                if (!found) return -1;
                Line = ++_lines;
                return length;
            }
            searched = _end - _start;
            Fill();
        }
    }

    private void SkipPastNewline()
    {
        while (true)
        {
            _start = 0;
            _end = stream.Read(_buffer, 0, _buffer.Length);
            if (_end == 0) { _eof = true; return; }
            var nl = _buffer.AsSpan(0, _end).IndexOf((byte)'\n');
            if (nl >= 0) { _start = nl + 1; return; }
        }
    }

    private void SplitPlain(ReadOnlySpan<byte> line)
    {
        var n = 0;
        var at = 0;
        while (true)
        {
            var comma = line[at..].IndexOf((byte)',');
            var end = comma < 0 ? line.Length : at + comma;
            var cell = line[at..end];
            var lead = 0;
            if (cell.Length > 0 && (cell[0] is (byte)' ' or (byte)'\t' || cell[^1] is (byte)' ' or (byte)'\t'))
            {
                // Only a cell that starts or ends with a blank pays for trimming; exported logs rarely have one.
                lead = cell.Length - cell.TrimStart(" \t"u8).Length;
                cell = cell.Trim(" \t"u8);
            }
            Add(ref n, new Field(at + lead, cell.Length, false));
            if (comma < 0) break;
            at = end + 1;
        }
        FieldCount = n;
    }

    /// <summary>Walks a record with quotes from <c>_start</c>, reading on past line ends inside quotes. Gives the record's
    /// length (its final newline included) and the newlines inside it.</summary>
    private Status Walk(out int length, out int newlines)
    {
        length = newlines = 0;
        var p = 0; // relative to _start (Fill may move the record to the buffer's start)
        var n = 0;
        while (true)
        {
            while (At(p) is ' ' or '\t') p++;
            if (At(p) == '"')
            {
                var open = ++p;
                var escaped = false;
                while (true)
                {
                    var b = At(p);
                    if (b < 0 || p > MaxRecord)
                        return Bad($"field {n + 1} opens a quote that is not closed {(b < 0 ? "before the end of the file" : "within 64 KB")}");
                    if (b == '\n') newlines++;
                    else if (b == '"')
                    {
                        if (At(p + 1) != '"') break;
                        escaped = true;
                        p++;
                    }
                    p++;
                }
                Add(ref n, new Field(open, p - open, escaped));
                p++;
                while (At(p) is ' ' or '\t') p++;
                if (At(p) == '\r' && At(p + 1) == '\n') p++;
                if (At(p) is not (',' or '\n' or -1))
                    return Bad($"field {n} has text after its closing quote (a quote inside a quoted field is written twice: \"\")");
            }
            else
            {
                var from = p;
                int b;
                while ((b = At(p)) is not (',' or '\n' or -1)) p++;
                var cell = _buffer.AsSpan(_start + from, p - from).TrimEnd("\r"u8).TrimEnd(" \t"u8);
                Add(ref n, new Field(from, cell.Length, false));
            }
            if (At(p) == ',') { p++; continue; }
            FieldCount = n;
            length = At(p) == '\n' ? p + 1 : p;
            _record = _start;
            return Status.Record;
        }
    }

    private Status Bad(string problem)
    {
        Problem = problem;
        return Status.BadQuotes;
    }

    /// <summary>The byte at <paramref name="p"/> past <c>_start</c>, reading more as needed; −1 past the end.</summary>
    private int At(int p)
    {
        while (_start + p >= _end)
        {
            if (_eof || p > MaxRecord + 2) return -1;
            Fill();
        }
        return _buffer[_start + p];
    }

    private void Add(ref int n, Field f)
    {
        if (n == _fields.Length) Array.Resize(ref _fields, n * 2);
        _fields[n++] = f;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _record -= _start;
            _start = 0;
        }
        var got = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (got == 0) _eof = true;
        else _end += got;
    }
}
