using MonitorSim.Load.Thresholds;

namespace MonitorSim.Load.Tests.Thresholds;

/// <summary>Metrics keyed "key.stat" (or "stat" for top-level ones), for evaluating thresholds in tests.</summary>
internal sealed class DictionaryMetricSource(Dictionary<string, double> values) : IMetricSource
{
    public List<(string Key, string Stat)> Asked { get; } = [];

    public double? Get(string key, string stat)
    {
        Asked.Add((key, stat));
        return values.TryGetValue(key.Length == 0 ? stat : $"{key}.{stat}", out var v) ? v : null;
    }
}
