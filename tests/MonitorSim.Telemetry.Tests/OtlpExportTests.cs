using System.Net;
using System.Text;
using MonitorSim.Load.Results;
using static MonitorSim.Telemetry.Tests.Rows;

namespace MonitorSim.Telemetry.Tests;

/// <summary>OTLP over http/protobuf, received by a fake collector on 127.0.0.1.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public void A_flush_posts_the_metrics_to_the_collector_at_v1_metrics()
    {
        using var collector = new FakeCollector();
        using var metrics = new LiveMetrics(MeterName());
        // A push interval of an hour: only the explicit flush sends, so the test never waits on a timer.
        var options = new LiveMetricsOptions(collector.BaseUrl, OtlpProtocol.HttpProtobuf, ExportInterval: TimeSpan.FromHours(1));
        using var publication = LiveMetricsExport.Start(options, metrics);
        metrics.Update(Row(1, offered: 40, [("alarm", 30, 2, 8, 60)], inFlight: 3, tree: new TreeStatus(25, 5, 2)));

        Assert.True(publication.Flush(TimeSpan.FromSeconds(30)), "the OTLP export did not succeed");

        var request = Assert.Single(collector.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/metrics", request.Path);
        Assert.Equal("application/x-protobuf", request.ContentType);
        // Protobuf carries strings as raw UTF-8: the metric names, the tag and the service are in the body as they are.
        var body = Encoding.UTF8.GetString(request.Body);
        foreach (var name in new[] { "monitorsim.operations.offered", "monitorsim.operations.completed", "monitorsim.operations.failed",
                     "monitorsim.operations.dropped", "monitorsim.operations.in_flight", "monitorsim.cameras.online", "monitorsim.alarms.active", "monitorsim.run.warm_up",
                     "operation", "alarm", LiveMetricsExport.ServiceName })
            Assert.Contains(name, body, StringComparison.Ordinal);
    }

    [Fact]
    public void An_endpoint_with_a_path_is_used_as_it_is()
    {
        using var collector = new FakeCollector();
        using var metrics = new LiveMetrics(MeterName());
        var options = new LiveMetricsOptions(new Uri(collector.BaseUrl, "otel/ingest"), OtlpProtocol.HttpProtobuf, ExportInterval: TimeSpan.FromHours(1));
        using var publication = LiveMetricsExport.Start(options, metrics);
        metrics.Update(Row(1, offered: 1, [("noop", 1, 0, 0.1, 0.1)]));

        Assert.True(publication.Flush(TimeSpan.FromSeconds(30)), "the OTLP export did not succeed");

        Assert.Equal("/otel/ingest", Assert.Single(collector.Requests).Path);
    }

    [Fact]
    public void Disposing_the_publication_pushes_the_last_figures()
    {
        using var collector = new FakeCollector();
        using var metrics = new LiveMetrics(MeterName());
        var publication = LiveMetricsExport.Start(
            new LiveMetricsOptions(collector.BaseUrl, OtlpProtocol.HttpProtobuf, ExportInterval: TimeSpan.FromHours(1)), metrics);
        metrics.Update(Row(1, offered: 5, [("keepalive", 5, 0, 1, 2)]));

        publication.Dispose();

        var request = Assert.Single(collector.Requests);
        Assert.Contains("monitorsim.operations.offered", Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://collector:4318", OtlpProtocol.HttpProtobuf, "http://collector:4318/v1/metrics")]
    [InlineData("http://collector:4318/", OtlpProtocol.HttpProtobuf, "http://collector:4318/v1/metrics")]
    [InlineData("https://collector/otlp/v1/metrics", OtlpProtocol.HttpProtobuf, "https://collector/otlp/v1/metrics")]
    [InlineData("http://collector:4317", OtlpProtocol.Grpc, "http://collector:4317/")]
    public void The_metrics_url_follows_the_otlp_endpoint_rules(string endpoint, OtlpProtocol protocol, string expected)
    {
        Assert.Equal(new Uri(expected), new LiveMetricsOptions(new Uri(endpoint), protocol).OtlpMetricsUrl);
    }

    [Fact]
    public void The_description_names_both_endpoints_and_never_a_password()
    {
        var options = new LiveMetricsOptions(new Uri("https://user:s3cret@collector.example:4318"), OtlpProtocol.HttpProtobuf, 9464);

        var text = options.Describe();

        Assert.Contains("http://127.0.0.1:9464/metrics", text, StringComparison.Ordinal);
        Assert.Contains("https://collector.example:4318/v1/metrics", text, StringComparison.Ordinal);
        Assert.Contains("http/protobuf", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
    }

    /// <summary>An OTLP/HTTP collector stand-in on 127.0.0.1 that records every request and answers 200.</summary>
    private sealed class FakeCollector : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;
        private readonly Lock _lock = new();
        private readonly List<Received> _requests = [];

        public FakeCollector()
        {
            // Taking a free port can race with another process; try a few.
            for (var attempt = 0; ; attempt++)
            {
                BaseUrl = new Uri($"http://127.0.0.1:{Net.FreePort()}/");
                _listener.Prefixes.Clear();
                _listener.Prefixes.Add(BaseUrl.AbsoluteUri);
                try
                {
                    _listener.Start();
                    break;
                }
                catch (HttpListenerException) when (attempt < 5)
                {
                }
            }
            _loop = Task.Run(LoopAsync);
        }

        public Uri BaseUrl { get; private set; }

        public IReadOnlyList<Received> Requests
        {
            get { lock (_lock) return [.. _requests]; }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                // Recorded before the answer, so an exporter that saw the answer finds its request here.
                lock (_lock) _requests.Add(new Received(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.ContentLength64 = 0;
                context.Response.Close();
            }
        }
    }

    private sealed record Received(string Method, string Path, string? ContentType, byte[] Body);
}
