namespace MonitorSim.Reports;

/// <summary>Orders latency keys so each hop (<c>alarm.point_to_platform</c>) follows its operation (<c>alarm</c>).</summary>
internal static class OperationKeys
{
    public static bool IsHop(string key) => key.Contains('.', StringComparison.Ordinal);

    public static string Root(string key)
    {
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? key : key[..dot];
    }

    public static IReadOnlyList<string> Ordered(IEnumerable<string> keys) =>
        keys.OrderBy(Root, StringComparer.Ordinal)
            .ThenBy(IsHop)
            .ThenBy(k => k, StringComparer.Ordinal)
            .ToList();
}
