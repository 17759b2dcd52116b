namespace MonitorSim.Sizing.Design;

/// <summary>
/// Finds the busiest window of a stream of timestamped events: the <c>W</c> whole seconds (UTC, bins of one second) with the
/// most events, so the rate a log's worst moment asked of the system. Events are counted per second and per operation in
/// memory proportional to the seconds that had any (a day is at most 86,400 bins), so the events may come in any order and
/// a multi-gigabyte log streams through.
/// <para>
/// The window is aligned to whole seconds: logs write timestamps to the second or the millisecond, and a window that
/// starts on an event could sit on one second's clump of same-second timestamps and report a rate the system never saw
/// for a whole window. A window that starts with a non-empty second is no less busy than one shifted back to a quiet
/// second, so only those starts are tried: O(seconds with events).
/// </para>
/// </summary>
public sealed class BusiestWindow(int windowS)
{
    private readonly Dictionary<long, Dictionary<string, long>> _bins = [];

    public int WindowS { get; } = windowS > 0 ? windowS : throw new ArgumentOutOfRangeException(nameof(windowS), windowS, "the window must be at least 1 s");

    public long Events { get; private set; }

    /// <summary>Counts one event of <paramref name="operation"/> at <paramref name="utcTicks"/>.</summary>
    public void Add(long utcTicks, string operation)
    {
        var second = Math.DivRem(utcTicks, TimeSpan.TicksPerSecond, out var rem) - (rem < 0 ? 1 : 0);
        if (!_bins.TryGetValue(second, out var bin)) _bins[second] = bin = new Dictionary<string, long>(StringComparer.Ordinal);
        bin[operation] = bin.GetValueOrDefault(operation) + 1;
        Events++;
    }

    /// <summary>The busiest window; null when no event was counted.</summary>
    public LogPeak? Peak(string file)
    {
        if (Events == 0) return null;
        var seconds = _bins.Keys.Order().ToArray();
        var totals = seconds.Select(s => _bins[s].Values.Sum()).ToArray();
        long best = -1, sum = 0;
        int bestStart = 0, end = 0;
        for (var start = 0; start < seconds.Length; start++)
        {
            while (end < seconds.Length && seconds[end] < seconds[start] + WindowS) sum += totals[end++];
            if (sum > best) (best, bestStart) = (sum, start);
            sum -= totals[start];
        }
        var rates = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = bestStart; i < seconds.Length && seconds[i] < seconds[bestStart] + WindowS; i++)
            foreach (var (op, n) in _bins[seconds[i]]) rates[op] = rates.GetValueOrDefault(op) + n / (double)WindowS;
        return new LogPeak(file, Events, WindowS, new DateTime(seconds[bestStart] * TimeSpan.TicksPerSecond, DateTimeKind.Utc), best, rates);
    }
}
