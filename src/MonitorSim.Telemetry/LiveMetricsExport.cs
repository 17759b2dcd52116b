using System.Net;
using System.Net.Sockets;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace MonitorSim.Telemetry;

/// <summary>Starts the OpenTelemetry exporters that publish a <see cref="LiveMetrics"/>.</summary>
public static class LiveMetricsExport
{
    /// <summary>The OpenTelemetry <c>service.name</c> of the figures.</summary>
    public const string ServiceName = "monitorsim";

    /// <summary>
    /// Builds an OpenTelemetry <see cref="MeterProvider"/> for <paramref name="metrics"/>'s meter with an OTLP exporter
    /// and/or a Prometheus HTTP listener bound to <c>127.0.0.1</c> only, as <paramref name="options"/> say. Returns what
    /// to dispose at the end of the run (which pushes OTLP a last time and closes the listener); when both are off nothing
    /// starts and the result does nothing.
    /// </summary>
    /// <exception cref="LiveMetricsException">The Prometheus port cannot be bound (the message names it).</exception>
    public static LiveMetricsPublication Start(LiveMetricsOptions options, LiveMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        if (!options.Enabled) return new LiveMetricsPublication([], null);

        if (options.PrometheusPort is { } port)
        {
            if (port is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(options), port, "the Prometheus port must be 1–65535");
            EnsureFree(port);
        }

        var providers = new List<MeterProvider>();
        ScrapeWatch? scrapes = null;
        try
        {
            // One provider an exporter: the scrape watch's gauge must see Prometheus's collections only, not OTLP's.
            if (options.OtlpMetricsUrl is { } endpoint)
            {
                var interval = (int)Math.Clamp((options.ExportInterval ?? LiveMetricsOptions.DefaultExportInterval).TotalMilliseconds, 1, int.MaxValue);
                providers.Add(Figures(metrics).AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Endpoint = endpoint;
                    exporter.Protocol = options.OtlpProtocol == OtlpProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
                }).Build());
            }
            if (options.PrometheusPort is { } p)
            {
                scrapes = new ScrapeWatch(metrics.Meter.Name + ".scrape");
                providers.Add(Figures(metrics).AddMeter(scrapes.Meter.Name).AddPrometheusHttpListener(listener =>
                {
                    // Loopback only: the figures are for this machine's Prometheus (or a tunnel), never every interface.
                    listener.Host = IPAddress.Loopback.ToString();
                    listener.Port = p;
                    listener.ScrapeEndpointPath = LiveMetricsOptions.ScrapePath;
                }).Build());
            }
            return new LiveMetricsPublication(providers, scrapes);
        }
        catch (InvalidOperationException e) when (options.PrometheusPort is { } taken)
        {
            foreach (var provider in providers) provider.Dispose();
            scrapes?.Dispose();
            // The port was free a moment ago and taken since, or the listener refused it for another reason.
            throw new LiveMetricsException($"cannot serve Prometheus metrics on 127.0.0.1:{taken}: {Describe(e)}", e);
        }
    }

    /// <summary>A provider of the run's figures and, beside them, the process's own health (GC, heap, thread pool, CPU
    /// time, working set), for one exporter to be added.</summary>
    private static MeterProviderBuilder Figures(LiveMetrics metrics) =>
        Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.AddService(ServiceName))
            .AddMeter(metrics.Meter.Name)
            .AddRuntimeInstrumentation();

    /// <summary>Fails clearly, before the exporter starts, when the port is taken on loopback.</summary>
    private static void EnsureFree(int port)
    {
        var probe = new TcpListener(IPAddress.Loopback, port) { ExclusiveAddressUse = true };
        try
        {
            probe.Start();
        }
        catch (SocketException e)
        {
            var why = e.SocketErrorCode == SocketError.AddressAlreadyInUse ? "the port is already in use" : e.Message;
            throw new LiveMetricsException($"cannot serve Prometheus metrics on 127.0.0.1:{port}: {why}", e);
        }
        finally
        {
            probe.Stop();
        }
    }

    private static string Describe(Exception e)
    {
        var innermost = e;
        while (innermost.InnerException is not null) innermost = innermost.InnerException;
        return innermost.Message;
    }
}
