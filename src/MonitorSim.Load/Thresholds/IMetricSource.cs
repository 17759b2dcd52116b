using System.Diagnostics.CodeAnalysis;

namespace MonitorSim.Load.Thresholds;

/// <summary>Where thresholds read measured values: <c>Get("alarm", "p99")</c>, or <c>Get("", "dropped")</c> for a top-level metric.</summary>
public interface IMetricSource
{
    /// <summary>The value of <paramref name="stat"/> for <paramref name="key"/> (latencies in ms), or null if nothing was measured under that name.</summary>
    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords",
        Justification = "No assembly here is consumed from Visual Basic; the name says reading a metric by name.")]
    double? Get(string key, string stat);
}
