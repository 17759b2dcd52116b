using static MonitorSim.Telemetry.Tests.Rows;

namespace MonitorSim.Telemetry.Tests;

/// <summary>
/// The end of a run keeps its Prometheus endpoint up for the scrape that reads its last figures: without it the run's
/// last scrape interval is missing from every query over the scrapes, while the run's own report has it.
/// </summary>
public sealed class FinalScrapeTests
{
    /// <summary>Scrapes further apart than the exporter's 300 ms response cache, so that each one collects afresh.</summary>
    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(600);

    [Fact]
    public async Task The_end_of_a_run_waits_for_the_scrape_that_reads_its_last_figures()
    {
        var port = Net.FreePort();
        using var metrics = new LiveMetrics(MeterName());
        using var publication = LiveMetricsExport.Start(new LiveMetricsOptions(PrometheusPort: port), metrics);
        using var http = Net.Client();
        var url = new Uri($"http://127.0.0.1:{port}/metrics");
        metrics.Update(Row(1, offered: 100, [("keepalive", 100, 0, 1, 2)]));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, Exposition.Parse(await http.GetStringAsync(url)).Value("monitorsim_run_ended"));
            await Task.Delay(Gap);
        }

        metrics.Update(Row(2, offered: 40, [("keepalive", 40, 0, 1, 2)])); // the run's last interval
        var ending = publication.AwaitFinalScrapeAsync(CancellationToken.None);
        await Task.Delay(Gap);
        Assert.False(ending.IsCompleted, "the end did not wait for a scrape");
        var last = Exposition.Parse(await http.GetStringAsync(url));
        var final = await ending;

        Assert.Equal(1, last.Value("monitorsim_run_ended"));
        Assert.Equal(140, last.Value("monitorsim_operations_offered_total"));
        Assert.NotNull(final);
        Assert.True(final.Scraped, final.Describe());
        Assert.InRange(final.ScrapeInterval!.Value.TotalMilliseconds, Gap.TotalMilliseconds * 0.8, Gap.TotalMilliseconds * 3);
        Assert.Contains("scraped the run's final figures", final.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_scrape_that_reads_the_last_figures_gets_its_whole_answer_though_the_run_stops_at_once()
    {
        var port = Net.FreePort();
        var name = MeterName();
        using var metrics = new LiveMetrics(name);
        var publication = LiveMetricsExport.Start(new LiveMetricsOptions(PrometheusPort: port), metrics);
        using var http = Net.Client();
        var url = new Uri($"http://127.0.0.1:{port}/metrics");
        for (var i = 0; i < 3; i++)
        {
            await http.GetStringAsync(url);
            await Task.Delay(Gap);
        }
        metrics.Update(Row(1, offered: 70, [("keepalive", 70, 0, 1, 2)]));
        // A collection that takes a while after the watch has seen it begin, as on a busy machine: the endpoint must
        // outlast the writing of its answer. (Read after the watch's gauge: callbacks run in the order they were enabled.)
        // Closed under it, the exporter answers 503 (a CI machine, 2026-12-07): the end keeps the endpoint up a while longer.
        using var slow = new System.Diagnostics.Metrics.Meter(name);
        slow.CreateObservableGauge("test.slow_collection", () =>
        {
            Thread.Sleep(300);
            return 1;
        });
        await Task.Delay(Gap);

        var ending = publication.AwaitFinalScrapeAsync(CancellationToken.None);
        var scrape = http.GetStringAsync(url);
        // The run ends the moment the wait returns, as `run` does: the endpoint goes with it.
        Assert.True((await ending)!.Scraped);
        publication.Dispose();

        var last = Exposition.Parse(await scrape);
        Assert.Equal(1, last.Value("monitorsim_run_ended"));
        Assert.Equal(70, last.Value("monitorsim_operations_offered_total"));
    }

    [Fact]
    public async Task A_prometheus_that_stops_scraping_holds_the_end_for_two_scrape_intervals_at_most()
    {
        var port = Net.FreePort();
        using var metrics = new LiveMetrics(MeterName());
        using var publication = LiveMetricsExport.Start(new LiveMetricsOptions(PrometheusPort: port), metrics);
        using var http = Net.Client();
        for (var i = 0; i < 3; i++)
        {
            await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
            await Task.Delay(Gap);
        }

        var final = await publication.AwaitFinalScrapeAsync(CancellationToken.None);

        Assert.NotNull(final);
        Assert.False(final.Scraped);
        // Two intervals of about 0.6 s fall under the 2 s floor: the wait is the floor, give or take a busy machine.
        Assert.InRange(final.Waited.TotalSeconds, 1.9, 30);
        Assert.Contains("did not scrape the run's final figures", final.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nobody_scraping_the_endpoint_leaves_nothing_to_wait_for()
    {
        using var metrics = new LiveMetrics(MeterName());
        using var publication = LiveMetricsExport.Start(new LiveMetricsOptions(PrometheusPort: Net.FreePort()), metrics);

        var final = await publication.AwaitFinalScrapeAsync(CancellationToken.None);

        Assert.NotNull(final);
        Assert.Null(final.ScrapeInterval);
        Assert.Equal(TimeSpan.Zero, final.Waited);
        Assert.Contains("not waited for", final.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_prometheus_endpoint_there_is_no_final_scrape()
    {
        using var metrics = new LiveMetrics(MeterName());
        using var publication = LiveMetricsExport.Start(new LiveMetricsOptions(), metrics);

        Assert.Null(await publication.AwaitFinalScrapeAsync(CancellationToken.None));
    }
}
