using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MonitorSim.Load.Results;
using static MonitorSim.Telemetry.Tests.Rows;

namespace MonitorSim.Telemetry.Tests;

/// <summary>The Prometheus scrape endpoint: on 127.0.0.1 only, serving the fed figures, absent when off.</summary>
public sealed class PrometheusExportTests
{
    [Fact]
    public async Task A_scrape_of_127_0_0_1_metrics_returns_the_counters_latency_buckets_and_runtime_metrics()
    {
        var port = Net.FreePort();
        using var metrics = new LiveMetrics(MeterName());
        using var publication = LiveMetricsExport.Start(new LiveMetricsOptions(PrometheusPort: port), metrics);
        metrics.Update(Row(1, offered: 120, [("keepalive", 100, 3, 1.25, 4.5), ("alarm", 10, 1, 30, 95)], dropped: 2, inFlight: 6,
            tree: new TreeStatus(17_000, 932, 12)));
        metrics.Update(Row(2, offered: 80, [("keepalive", 70, 0, 1.0, 3.0)]));
        var samples = new HdrHistogram.LongHistogram(1, MonitorSim.Load.Measurement.LatencyRecorder.Highest, 3);
        samples.RecordValueWithCount(1_800, 9); // 1.8 ms: in the (1.5, 2] bucket
        samples.RecordValue(40_000);            // 40 ms: in the (30, 50] bucket
        metrics.Samples(MonitorSim.Load.Measurement.LatencySeries.Response, "keepalive", 2, samples);

        using var http = Net.Client();
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, $"GET /metrics answered {(int)response.StatusCode}: {text}");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var exposition = Exposition.Parse(text);
        Assert.Equal(200, exposition.Value("monitorsim_operations_offered_total"));
        Assert.Equal(2, exposition.Value("monitorsim_operations_dropped_total"));
        Assert.Equal(170, exposition.Value("monitorsim_operations_completed_total", "keepalive"));
        Assert.Equal(10, exposition.Value("monitorsim_operations_completed_total", "alarm"));
        Assert.Equal(3, exposition.Value("monitorsim_operations_failed_total", "keepalive"));
        Assert.Equal(1, exposition.Value("monitorsim_operations_failed_total", "alarm"));
        // Cumulative buckets with the operation and node labels: 0 up to 1.5 ms, 9 from 2 ms, all 10 from 50 ms.
        string Bucket(string le) => $"monitorsim_operations_response_time_milliseconds_bucket{{otel_scope_name=\"{metrics.Meter.Name}\",node=\"2\",operation=\"keepalive\",le=\"{le}\"}}";
        Assert.Contains(Bucket("1.5") + " 0", text, StringComparison.Ordinal);
        Assert.Contains(Bucket("2") + " 9", text, StringComparison.Ordinal);
        Assert.Contains(Bucket("30") + " 9", text, StringComparison.Ordinal);
        Assert.Contains(Bucket("50") + " 10", text, StringComparison.Ordinal);
        Assert.Contains(Bucket("+Inf") + " 10", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE monitorsim_operations_response_time_milliseconds histogram", text, StringComparison.Ordinal);
        Assert.Equal(0, exposition.Value("monitorsim_run_warm_up"));
        Assert.Contains("dotnet_process_memory_working_set_bytes", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE monitorsim_operations_offered_total counter", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_endpoint_listens_on_loopback_only()
    {
        var port = Net.FreePort();
        using var metrics = new LiveMetrics(MeterName());
        using var publication = LiveMetricsExport.Start(new LiveMetricsOptions(PrometheusPort: port), metrics);

        Assert.True(Net.Accepts(IPAddress.Loopback, port), "nothing listens on 127.0.0.1");
        foreach (var address in Net.NonLoopbackIPv4())
            Assert.False(Net.Accepts(address, port), $"the endpoint also listens on {address}: it must be loopback only");
        Assert.Equal(new Uri($"http://127.0.0.1:{port}/metrics"), new LiveMetricsOptions(PrometheusPort: port).PrometheusUrl);
    }

    [Fact]
    public void A_port_already_in_use_fails_with_a_message_naming_it()
    {
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port;
            using var metrics = new LiveMetrics(MeterName());

            var e = Assert.Throws<LiveMetricsException>(() => LiveMetricsExport.Start(new LiveMetricsOptions(PrometheusPort: port), metrics));

            Assert.Contains($"127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
            Assert.Contains("already in use", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            taken.Stop();
        }
    }

    [Fact]
    public void Disposing_the_publication_closes_the_endpoint()
    {
        var port = Net.FreePort();
        using var metrics = new LiveMetrics(MeterName());
        var publication = LiveMetricsExport.Start(new LiveMetricsOptions(PrometheusPort: port), metrics);
        Assert.True(Net.Accepts(IPAddress.Loopback, port), "the endpoint did not start");

        publication.Dispose();

        Assert.False(Net.Accepts(IPAddress.Loopback, port), "the endpoint still listens after the publication was disposed");
    }
}

/// <summary>
/// Starting with Prometheus off must not open the exporter's default endpoint. The listener's defaults come from
/// OTEL_EXPORTER_PROMETHEUS_HOST/PORT, which this test points at a free port: the collection runs alone, as it sets
/// process-wide environment variables.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class PrometheusOffTests
{
    [Fact]
    public void With_prometheus_off_nothing_listens_even_when_otlp_is_on()
    {
        var port = Net.FreePort();
        var saved = (Environment.GetEnvironmentVariable("OTEL_EXPORTER_PROMETHEUS_HOST"), Environment.GetEnvironmentVariable("OTEL_EXPORTER_PROMETHEUS_PORT"));
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1");
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_PROMETHEUS_PORT", port.ToString(CultureInfo.InvariantCulture));
        try
        {
            using var metrics = new LiveMetrics(MeterName());
            using (var off = LiveMetricsExport.Start(new LiveMetricsOptions(), metrics))
            {
                Assert.False(off.Active, "something was started with every exporter off");
                Assert.False(Net.Accepts(IPAddress.Loopback, port), "a Prometheus endpoint listens although it is off");
            }

            // OTLP on (to a collector nobody runs; the push interval is long enough that nothing is sent), Prometheus off.
            var otlpOnly = new LiveMetricsOptions(new Uri($"http://127.0.0.1:{Net.FreePort()}"), OtlpProtocol.HttpProtobuf,
                ExportInterval: TimeSpan.FromHours(1));
            using var otlp = LiveMetricsExport.Start(otlpOnly, metrics);
            Assert.True(otlp.Active);
            Assert.False(Net.Accepts(IPAddress.Loopback, port), "a Prometheus endpoint listens although only OTLP is on");
        }
        finally
        {
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_PROMETHEUS_HOST", saved.Item1);
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_PROMETHEUS_PORT", saved.Item2);
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "An xunit collection definition: xunit's convention names it after the collection.")]
public sealed class EnvironmentCollection
{
    public const string Name = "process environment";
}

/// <summary>Samples of a Prometheus text exposition, by metric name and <c>operation</c> label.</summary>
internal sealed class Exposition
{
    private readonly Dictionary<(string Name, string? Operation), double> _samples = [];
    private readonly string _text;

    private Exposition(string text) => _text = text;

    public static Exposition Parse(string text)
    {
        var e = new Exposition(text);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var close = line.LastIndexOf('}');
            string name, rest;
            string? operation = null;
            if (brace >= 0 && close > brace)
            {
                name = line[..brace];
                var labels = line[(brace + 1)..close];
                const string key = "operation=\"";
                var at = labels.IndexOf(key, StringComparison.Ordinal);
                if (at >= 0)
                {
                    var start = at + key.Length;
                    operation = labels[start..labels.IndexOf('"', start)];
                }
                rest = line[(close + 1)..].Trim();
            }
            else
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                name = line[..space];
                rest = line[(space + 1)..].Trim();
            }
            var value = rest.Split(' ')[0];
            e._samples[(name, operation)] = double.Parse(value, CultureInfo.InvariantCulture);
        }
        return e;
    }

    public double Value(string name, string? operation = null) =>
        _samples.TryGetValue((name, operation), out var v)
            ? v
            : throw new Xunit.Sdk.XunitException($"no sample {name}{(operation is null ? "" : $"{{operation=\"{operation}\"}}")} in:\n{_text}");
}
