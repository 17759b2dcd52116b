using OpenTelemetry.Metrics;

namespace MonitorSim.Telemetry;

/// <summary>Live metrics being published; disposing it pushes OTLP a last time and stops every exporter.</summary>
public sealed class LiveMetricsPublication : IDisposable
{
    private readonly MeterProvider? _provider;

    internal LiveMetricsPublication(MeterProvider? provider) => _provider = provider;

    /// <summary>Whether anything is being published (false when every exporter is off).</summary>
    public bool Active => _provider is not null;

    /// <summary>Collects now and pushes to the OTLP collector (if any), waiting at most <paramref name="timeout"/>;
    /// true when every exporter succeeded.</summary>
    public bool Flush(TimeSpan timeout) =>
        _provider is null || _provider.ForceFlush((int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue));

    public void Dispose() => _provider?.Dispose();
}
