using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MonitorSim.Telemetry;

/// <summary>
/// Watches the collections the Prometheus endpoint makes, so that the end of a run can wait for the scrape that carries
/// its last figures. Without it the figures of the run's last scrape interval (up to a second with the repository's
/// scrape config, a minute with Prometheus's default) never reach Prometheus: a stall in that second is in the run's own
/// p99 and missing from <c>histogram_quantile</c> over the scrapes (a CI run saw 87.8 ms against 19.8 ms so).
/// </summary>
/// <remarks>
/// A collection is what a scrape makes, unless the exporter's response cache (300 ms) answers it. The gauge's callback
/// runs at the start of a collection, before the histograms are read, so a collection whose callback sees the run ended
/// holds every sample recorded before the end. The scrape interval is Prometheus's, not the run's: it is read from the
/// gaps between the collections seen while the run went on. The watch lives on a meter of its own, on the Prometheus
/// exporter's provider only, so that the OTLP exporter's periodic collections are not taken for scrapes.
/// </remarks>
internal sealed class ScrapeWatch : IDisposable
{
    /// <summary>How many of the latest collections the interval is read from.</summary>
    private const int Kept = 16;

    private readonly object _gate = new();
    private readonly Queue<long> _collections = new();
    private readonly TaskCompletionSource _scrapedAfterEnd = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _ended;

    /// <param name="meterName">The meter's name: the live metrics' own with <c>.scrape</c> added, so that a test's meter of
    /// its own gets a watch of its own (meters are selected by name, process-wide).</param>
    public ScrapeWatch(string meterName)
    {
        Meter = new Meter(meterName);
        Meter.CreateObservableGauge("monitorsim.run.ended", Observe, null,
            "1 once the run has ended and every figure it measured is in the others, else 0");
    }

    /// <summary>The meter of the watch's one gauge.</summary>
    public Meter Meter { get; }

    /// <summary>How many collections the endpoint has made.</summary>
    public int Collections { get; private set; }

    /// <summary>The median gap between the latest collections before the end (at most <see cref="Kept"/>), or null when
    /// fewer than two were made: then nothing scrapes the endpoint regularly.</summary>
    public TimeSpan? ScrapeInterval
    {
        get
        {
            lock (_gate)
            {
                if (_collections.Count < 2) return null;
                var times = _collections.ToArray();
                var gaps = times.Zip(times.Skip(1), (a, b) => b - a).Order().ToArray();
                var middle = gaps.Length % 2 == 1 ? gaps[gaps.Length / 2] : (gaps[gaps.Length / 2 - 1] + gaps[gaps.Length / 2]) / 2;
                return Stopwatch.GetElapsedTime(0, middle);
            }
        }
    }

    /// <summary>
    /// Marks the run's figures final and waits until a collection after this call (a scrape that reads them) or until
    /// <paramref name="limit"/> passes or <paramref name="ct"/> is cancelled. True when the final figures were scraped.
    /// </summary>
    public async Task<bool> EndAndAwaitScrapeAsync(TimeSpan limit, CancellationToken ct)
    {
        lock (_gate) _ended = true;
        try
        {
            await _scrapedAfterEnd.Task.WaitAsync(limit, ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            return false;
        }
    }

    private int Observe()
    {
        lock (_gate)
        {
            Collections++;
            if (_ended)
            {
                _scrapedAfterEnd.TrySetResult();
                return 1;
            }
            _collections.Enqueue(Stopwatch.GetTimestamp());
            if (_collections.Count > Kept) _collections.Dequeue();
            return 0;
        }
    }

    public void Dispose() => Meter.Dispose();
}
