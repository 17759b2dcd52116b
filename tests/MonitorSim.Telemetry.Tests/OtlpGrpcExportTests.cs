using System.Net;
using Grpc.Core;
using HdrHistogram;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MonitorSim.Load.Measurement;
using MonitorSim.Load.Results;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Metrics.V1;
using static MonitorSim.Telemetry.Tests.Rows;

namespace MonitorSim.Telemetry.Tests;

/// <summary>
/// OTLP over gRPC, received by an in-process collector: ASP.NET Core's gRPC server implementing the OTLP metrics service
/// from the OpenTelemetry protos (compiled in this project from Protos/), so each export is decoded as a collector
/// decodes it and its figures are checked, not only its bytes.
/// </summary>
public sealed class OtlpGrpcExportTests
{
    [Fact]
    public async Task A_flush_exports_over_grpc_the_counts_per_operation_the_tree_gauges_and_the_histograms()
    {
        await using var collector = await GrpcCollector.StartAsync();
        using var metrics = new LiveMetrics(MeterName());
        // A push interval of an hour: only the explicit flush sends, so the test never waits on a timer.
        var options = new LiveMetricsOptions(collector.BaseUrl, OtlpProtocol.Grpc, ExportInterval: TimeSpan.FromHours(1));
        using var publication = LiveMetricsExport.Start(options, metrics);
        metrics.Update(Row(1, offered: 40, [("alarm", 30, 2, 8, 60), ("keepalive", 5, 1, 1, 2)], dropped: 3, inFlight: 3,
            tree: new TreeStatus(25, 5, 2)));
        var samples = new LongHistogram(1, LatencyRecorder.Highest, 3);
        samples.RecordValueWithCount(1_500, 3); // µs: 1.5 ms three times
        samples.RecordValue(250);
        metrics.Samples(LatencySeries.Response, "alarm", 1, samples);

        Assert.True(publication.Flush(TimeSpan.FromSeconds(30)), "the OTLP/gRPC export did not succeed");

        var request = Assert.Single(collector.Requests);
        var resource = Assert.Single(request.ResourceMetrics);
        Assert.Contains(resource.Resource.Attributes, a => a.Key == "service.name" && a.Value.StringValue == LiveMetricsExport.ServiceName);
        var byName = resource.ScopeMetrics.SelectMany(s => s.Metrics).ToDictionary(m => m.Name);

        // Counters are cumulative monotonic sums; per-operation ones carry the operation as an attribute.
        var offered = byName["monitorsim.operations.offered"];
        Assert.True(offered.Sum.IsMonotonic);
        Assert.Equal(AggregationTemporality.Cumulative, offered.Sum.AggregationTemporality);
        Assert.Equal(40, Assert.Single(offered.Sum.DataPoints).AsInt);
        Assert.Equal(3, Assert.Single(byName["monitorsim.operations.dropped"].Sum.DataPoints).AsInt);
        Assert.Equal(new Dictionary<string, long> { ["alarm"] = 30, ["keepalive"] = 5 }, PerOperation(byName["monitorsim.operations.completed"]));
        Assert.Equal(new Dictionary<string, long> { ["alarm"] = 2, ["keepalive"] = 1 }, PerOperation(byName["monitorsim.operations.failed"]));
        // The last interval's tree figures, as non-monotonic sums.
        Assert.False(byName["monitorsim.cameras.online"].Sum.IsMonotonic);
        Assert.Equal(25, Assert.Single(byName["monitorsim.cameras.online"].Sum.DataPoints).AsInt);
        Assert.Equal(5, Assert.Single(byName["monitorsim.cameras.offline"].Sum.DataPoints).AsInt);
        Assert.Equal(2, Assert.Single(byName["monitorsim.alarms.active"].Sum.DataPoints).AsInt);
        Assert.Equal(3, Assert.Single(byName["monitorsim.operations.in_flight"].Sum.DataPoints).AsInt);

        // The response-time histogram holds the four samples in the buckets they fall in: 0.25 ms and 3 × 1.5 ms.
        var histogram = Assert.Single(byName["monitorsim.operations.response_time"].Histogram.DataPoints);
        Assert.Equal("ms", byName["monitorsim.operations.response_time"].Unit);
        Assert.Equal(4ul, histogram.Count);
        Assert.Equal(0.25 + 3 * 1.5, histogram.Sum, 9);
        Assert.Equal(LiveMetrics.LatencyBucketsMs, histogram.ExplicitBounds);
        Assert.Equal(1ul, histogram.BucketCounts[BucketOf(0.25)]);
        Assert.Equal(3ul, histogram.BucketCounts[BucketOf(1.5)]);
        Assert.Equal(4ul, histogram.BucketCounts.Aggregate(0ul, (a, b) => a + b));
        Assert.Contains(histogram.Attributes, a => a.Key == LiveMetrics.OperationTag && a.Value.StringValue == "alarm");
        Assert.Contains(histogram.Attributes, a => a.Key == LiveMetrics.NodeTag && a.Value.StringValue == "1");
    }

    [Fact]
    public async Task Disposing_the_publication_pushes_the_last_figures_over_grpc()
    {
        await using var collector = await GrpcCollector.StartAsync();
        using var metrics = new LiveMetrics(MeterName());
        var publication = LiveMetricsExport.Start(new LiveMetricsOptions(collector.BaseUrl, OtlpProtocol.Grpc, ExportInterval: TimeSpan.FromHours(1)), metrics);
        metrics.Update(Row(1, offered: 5, [("keepalive", 5, 0, 1, 2)]));

        publication.Dispose();

        var request = Assert.Single(collector.Requests);
        var offered = request.ResourceMetrics.SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics).Single(m => m.Name == "monitorsim.operations.offered");
        Assert.Equal(5, Assert.Single(offered.Sum.DataPoints).AsInt);
    }

    [Fact]
    public async Task A_collector_that_refuses_the_export_makes_the_flush_fail()
    {
        await using var collector = await GrpcCollector.StartAsync(refuse: true);
        using var metrics = new LiveMetrics(MeterName());
        using var publication = LiveMetricsExport.Start(new LiveMetricsOptions(collector.BaseUrl, OtlpProtocol.Grpc, ExportInterval: TimeSpan.FromHours(1)), metrics);
        metrics.Update(Row(1, offered: 5, [("keepalive", 5, 0, 1, 2)]));

        Assert.False(publication.Flush(TimeSpan.FromSeconds(30)), "a flush the collector refused reported success");
        Assert.NotEmpty(collector.Requests);
    }

    /// <summary>Index of the explicit bucket holding <paramref name="ms"/>: OTLP buckets are (bound[i−1], bound[i]].</summary>
    private static int BucketOf(double ms)
    {
        var bounds = LiveMetrics.LatencyBucketsMs;
        for (var i = 0; i < bounds.Count; i++)
            if (ms <= bounds[i]) return i;
        return bounds.Count;
    }

    private static Dictionary<string, long> PerOperation(Metric metric) =>
        metric.Sum.DataPoints.ToDictionary(p => p.Attributes.Single(a => a.Key == LiveMetrics.OperationTag).Value.StringValue, p => p.AsInt);

    /// <summary>The OTLP metrics service: records every request; answers OK, or INVALID_ARGUMENT (not retried) when told to refuse.</summary>
    private sealed class Collector(Received received) : MetricsService.MetricsServiceBase
    {
        public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
        {
            received.Add(request);
            if (received.Refuse) throw new RpcException(new Status(StatusCode.InvalidArgument, "refused by the test"));
            return Task.FromResult(new ExportMetricsServiceResponse());
        }
    }

    private sealed class Received(bool refuse)
    {
        private readonly Lock _lock = new();
        private readonly List<ExportMetricsServiceRequest> _requests = [];

        public bool Refuse { get; } = refuse;

        public IReadOnlyList<ExportMetricsServiceRequest> Requests
        {
            get { lock (_lock) return [.. _requests]; }
        }

        public void Add(ExportMetricsServiceRequest request)
        {
            lock (_lock) _requests.Add(request);
        }
    }

    /// <summary>Kestrel on 127.0.0.1, HTTP/2 without TLS (as a collector's 4317 listens), serving the OTLP metrics service.</summary>
    private sealed class GrpcCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly Received _received;

        private GrpcCollector(WebApplication app, Received received, Uri baseUrl)
        {
            _app = app;
            _received = received;
            BaseUrl = baseUrl;
        }

        public Uri BaseUrl { get; }

        public IReadOnlyList<ExportMetricsServiceRequest> Requests => _received.Requests;

        public static async Task<GrpcCollector> StartAsync(bool refuse = false)
        {
            // Taking a free port can race with another process; try a few.
            for (var attempt = 0; ; attempt++)
            {
                var port = Net.FreePort();
                var received = new Received(refuse);
                var builder = WebApplication.CreateSlimBuilder();
                builder.Logging.ClearProviders();
                builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http2));
                builder.Services.AddGrpc();
                builder.Services.AddSingleton(received);
                var app = builder.Build();
                app.MapGrpcService<Collector>();
                try
                {
                    await app.StartAsync();
                    return new GrpcCollector(app, received, new Uri($"http://127.0.0.1:{port}"));
                }
                catch (IOException) when (attempt < 5)
                {
                    await app.DisposeAsync();
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
