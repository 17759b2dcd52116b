using System.Diagnostics;
using System.Globalization;
using OpenTelemetry.Metrics;

namespace MonitorSim.Telemetry;

/// <summary>Live metrics being published; disposing it pushes OTLP a last time and stops every exporter.</summary>
public sealed class LiveMetricsPublication : IDisposable
{
    /// <summary>The shortest wait for the last scrape: a scrape interval read from a few collections is rough.</summary>
    private static readonly TimeSpan MinFinalWait = TimeSpan.FromSeconds(2);

    /// <summary>The longest: two of Prometheus's default one-minute intervals and a half.</summary>
    private static readonly TimeSpan MaxFinalWait = TimeSpan.FromMinutes(2.5);

    /// <summary>How long the endpoint stays up after the final figures' collection began: the watch sees a scrape as its
    /// collection starts, and a run that closed the endpoint at once could end the collection under way, which the
    /// exporter then answers 503 (a CI machine did so, 2026-12-07): Prometheus keeps none of that scrape, and the run's
    /// last interval is lost after all. A collection takes milliseconds; a second covers a busy machine.</summary>
    private static readonly TimeSpan DeliveryGrace = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyList<MeterProvider> _providers;
    private readonly ScrapeWatch? _scrapes;

    internal LiveMetricsPublication(IReadOnlyList<MeterProvider> providers, ScrapeWatch? scrapes)
    {
        _providers = providers;
        _scrapes = scrapes;
    }

    /// <summary>Whether anything is being published (false when every exporter is off).</summary>
    public bool Active => _providers.Count > 0;

    /// <summary>Collects now and pushes to the OTLP collector (if any), waiting at most <paramref name="timeout"/>;
    /// true when every exporter succeeded.</summary>
    public bool Flush(TimeSpan timeout) =>
        _providers.All(p => p.ForceFlush((int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue)));

    /// <summary>
    /// Once the run has ended and its last figures are in the live metrics: marks them final (<c>monitorsim_run_ended</c>
    /// 1) and keeps the Prometheus endpoint up until one more scrape has read them (and <see cref="DeliveryGrace"/> after
    /// it began, so that it is answered), or two scrape intervals (as measured while the run went on; 2 s to 2.5 min) have
    /// passed, or <paramref name="ct"/> is cancelled. Returns at once when nothing scraped the endpoint twice during the
    /// run, and null without a Prometheus endpoint.
    /// </summary>
    public async Task<FinalScrape?> AwaitFinalScrapeAsync(CancellationToken ct)
    {
        if (_scrapes is null) return null;
        if (_scrapes.ScrapeInterval is not { } interval) return new FinalScrape(null, false, TimeSpan.Zero, _scrapes.Collections);
        var limit = TimeSpan.FromTicks(Math.Clamp(2 * interval.Ticks, MinFinalWait.Ticks, MaxFinalWait.Ticks));
        var started = Stopwatch.GetTimestamp();
        var scraped = await _scrapes.EndAndAwaitScrapeAsync(limit, ct).ConfigureAwait(false);
        var waited = Stopwatch.GetElapsedTime(started);
        if (scraped)
        {
            try
            {
                await Task.Delay(DeliveryGrace, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped by the user: the answer may go unsent, which is theirs to choose.
            }
        }
        return new FinalScrape(interval, scraped, waited, _scrapes.Collections);
    }

    public void Dispose()
    {
        foreach (var provider in _providers) provider.Dispose();
        _scrapes?.Dispose();
    }
}

/// <summary>What became of a run's last figures at its Prometheus endpoint.</summary>
/// <param name="ScrapeInterval">The median gap between the scrapes during the run; null when fewer than two came (then
/// nothing was waited for).</param>
/// <param name="Scraped">Whether a scrape read the final figures.</param>
/// <param name="Waited">How long the end waited for it.</param>
/// <param name="Collections">Scrapes the endpoint answered with fresh figures over the whole run.</param>
public sealed record FinalScrape(TimeSpan? ScrapeInterval, bool Scraped, TimeSpan Waited, int Collections)
{
    /// <summary>One line for the console.</summary>
    public string Describe() => (ScrapeInterval, Scraped) switch
    {
        (null, _) => $"Prometheus: {Collections} scrape(s) during the run, too few to read an interval from; the run's last figures were not waited for",
        (_, true) => $"Prometheus scraped the run's final figures {Seconds(Waited)} s after its end (scrape interval {Seconds(ScrapeInterval.Value)} s)",
        _ => $"Prometheus did not scrape the run's final figures within {Seconds(Waited)} s (scrape interval {Seconds(ScrapeInterval.Value)} s): " +
             "its figures miss the run's last interval",
    };

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
}
