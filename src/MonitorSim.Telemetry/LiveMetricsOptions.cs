namespace MonitorSim.Telemetry;

/// <summary>How OTLP carries metrics to a collector.</summary>
public enum OtlpProtocol
{
    /// <summary>OTLP over gRPC (a collector listens on 4317 by default).</summary>
    Grpc,

    /// <summary>OTLP over HTTP with protobuf payloads, POSTed to <c>/v1/metrics</c> (a collector listens on 4318 by default).</summary>
    HttpProtobuf,
}

/// <summary>Where a run publishes its live figures; both off by default, and then nothing starts.</summary>
/// <param name="OtlpEndpoint">An OpenTelemetry collector to push to (absolute http or https URL), or null for none. With
/// <see cref="OtlpProtocol.HttpProtobuf"/> a URL without a path gets <c>/v1/metrics</c>, as the OTLP exporter
/// specification says for a base endpoint; a URL with a path is used as it is.</param>
/// <param name="OtlpProtocol">grpc or http/protobuf.</param>
/// <param name="PrometheusPort">Serve a Prometheus scrape endpoint on <c>http://127.0.0.1:PORT/metrics</c> (loopback
/// only, never every interface), or null for none.</param>
/// <param name="ExportInterval">How often the OTLP exporter pushes (Prometheus reads on every scrape); null for
/// <see cref="DefaultExportInterval"/>.</param>
public sealed record LiveMetricsOptions(
    Uri? OtlpEndpoint = null,
    OtlpProtocol OtlpProtocol = OtlpProtocol.Grpc,
    int? PrometheusPort = null,
    TimeSpan? ExportInterval = null)
{
    /// <summary>The OTLP push interval unless told otherwise.</summary>
    public static readonly TimeSpan DefaultExportInterval = TimeSpan.FromSeconds(5);

    /// <summary>The path Prometheus scrapes.</summary>
    public const string ScrapePath = "/metrics";

    /// <summary>Whether anything is to be published.</summary>
    public bool Enabled => OtlpEndpoint is not null || PrometheusPort is not null;

    /// <summary>The Prometheus scrape URL, or null when Prometheus is off.</summary>
    public Uri? PrometheusUrl => PrometheusPort is { } port ? new Uri($"http://127.0.0.1:{port}{ScrapePath}") : null;

    /// <summary>The URL the OTLP exporter sends to (with <c>/v1/metrics</c> added for http/protobuf when the endpoint has
    /// no path), or null when OTLP is off.</summary>
    public Uri? OtlpMetricsUrl => OtlpEndpoint switch
    {
        null => null,
        { AbsolutePath: "/" or "" } e when OtlpProtocol == OtlpProtocol.HttpProtobuf => new Uri(e, "v1/metrics"),
        var e => e,
    };

    /// <summary>Reads <c>grpc</c>, <c>http</c> or <c>http/protobuf</c> (any case).</summary>
    public static bool TryParseProtocol(string text, out OtlpProtocol protocol)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "grpc":
                protocol = OtlpProtocol.Grpc;
                return true;
            case "http" or "http/protobuf":
                protocol = OtlpProtocol.HttpProtobuf;
                return true;
            default:
                protocol = default;
                return false;
        }
    }

    /// <summary>One line saying where the figures go, for the user (no user name or password of a URL is shown).</summary>
    public string Describe()
    {
        if (!Enabled) return "live metrics: off";
        var parts = new List<string>();
        if (PrometheusUrl is { } scrape) parts.Add($"Prometheus scrape endpoint {scrape}");
        if (OtlpMetricsUrl is { } otlp)
        {
            var shown = new UriBuilder(otlp) { UserName = "", Password = "" }.Uri;
            parts.Add($"OTLP ({(OtlpProtocol == OtlpProtocol.Grpc ? "grpc" : "http/protobuf")}) to {shown} every {(ExportInterval ?? DefaultExportInterval).TotalSeconds:0.###} s");
        }
        return $"live metrics (meter {LiveMetrics.MeterName}): {string.Join("; ", parts)}";
    }
}
