using System.Globalization;

namespace MonitorSim.Load.Replay;

/// <summary>rejects.csv: <c>line,reason</c>, one row per rejected log line, in file order; the reason is its code
/// (<c>malformed</c>, <c>unknown_source</c>, <c>unknown_event</c>, <c>time_went_back</c>), then the field and what is
/// wrong, quoted as CSV. An echoed value is at most 200 characters (<see cref="LogText"/>), and no control character
/// reaches the file: each row is one line whatever the log held.</summary>
public sealed class RejectsWriter : IDisposable
{
    private readonly StreamWriter _out;

    public RejectsWriter(string path)
    {
        _out = new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        _out.WriteLine("line,reason");
    }

    public long Count { get; private set; }

    public void Write(LogRecord r)
    {
        var reason = LogText.Escape($"{RejectReasons.Name(r.Reason)}: {(r.Field is { Length: > 0 } f ? f + ": " : "")}{r.Message}", int.MaxValue, out _);
        _out.Write(r.Line.ToString(CultureInfo.InvariantCulture));
        _out.Write(",\"");
        _out.Write(reason.Replace("\"", "\"\"", StringComparison.Ordinal));
        _out.WriteLine('"');
        Count++;
    }

    public void Dispose() => _out.Dispose();
}
