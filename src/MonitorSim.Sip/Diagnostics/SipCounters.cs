using System.Text;
using MonitorSim.Sip.Message;

namespace MonitorSim.Sip.Diagnostics;

/// <summary>
/// Counts one endpoint's traffic (<see cref="SipEvent"/>) and what it could not take from the far end, by reason
/// (<see cref="SipProblem"/>), keeping the first offending message of each reason as a sample and passing it to the
/// log when given one. Thread-safe; counting never allocates, a sample is taken once per reason.
/// </summary>
public sealed class SipCounters
{
    private const int SampleChars = 400;

    // One cache line (8 longs) per event: requests sent are counted on the generator's thread and answers on the
    // receive threads, and counters sharing a line would bounce it between the cores at every message.
    private const int Stride = 8;

    private readonly long[] _events = new long[Enum.GetValues<SipEvent>().Length * Stride];
    private readonly long[] _problems = new long[Enum.GetValues<SipProblem>().Length];
    private readonly string?[] _samples = new string?[Enum.GetValues<SipProblem>().Length];
    private readonly Action<string>? _log;

    /// <param name="log">Receives one line per reason the first time it is counted (with the sample).</param>
    public SipCounters(Action<string>? log = null) => _log = log;

    public long this[SipEvent e] => Interlocked.Read(ref _events[(int)e * Stride]);

    public long this[SipProblem p] => Interlocked.Read(ref _problems[(int)p]);

    /// <summary>Problems of every reason.</summary>
    public long ProblemCount
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _problems.Length; i++) total += Interlocked.Read(ref _problems[i]);
            return total;
        }
    }

    public void Count(SipEvent e, long n = 1) => Interlocked.Add(ref _events[(int)e * Stride], n);

    /// <summary>Counts a problem; the first of its reason keeps <paramref name="sample"/> (the offending bytes).</summary>
    public void Count(SipProblem problem, ReadOnlySpan<byte> sample)
    {
        if (Interlocked.Increment(ref _problems[(int)problem]) != 1) return;
        var text = Printable(sample);
        _samples[(int)problem] = text;
        _log?.Invoke($"SIP {Name(problem)}: {text}");
    }

    /// <summary>The first message counted under <paramref name="problem"/> (escaped, cut to 400 characters), if any.</summary>
    public string? Sample(SipProblem problem) => Volatile.Read(ref _samples[(int)problem]);

    /// <summary>Every problem counted so far, by its snake_case name.</summary>
    public IReadOnlyDictionary<string, long> Problems()
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var p in Enum.GetValues<SipProblem>())
        {
            var n = this[p];
            if (n > 0) result[Name(p)] = n;
        }
        return result;
    }

    /// <summary><c>BadCSeq</c> → <c>bad_c_seq</c>: the names reports and logs use.</summary>
    public static string Name(SipProblem problem)
    {
        var name = problem.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) text.Append('_');
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, SampleChars)]);
        return text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }
}
