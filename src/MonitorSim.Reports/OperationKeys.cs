namespace MonitorSim.Reports;

/// <summary>Orders latency keys so each hop (<c>alarm.point_to_platform</c>) follows its operation (<c>alarm</c>), hops in
/// the order an alarm climbs the tree.</summary>
internal static class OperationKeys
{
    public static bool IsHop(string key) => key.Contains('.', StringComparison.Ordinal);

    public static string Root(string key)
    {
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? key : key[..dot];
    }

    private static int PathOrder(string key)
    {
        var i = Array.IndexOf(MonitorSim.Load.Engine.OperationNames.AlarmHops, key);
        return i < 0 ? int.MaxValue : i;
    }

    public static IReadOnlyList<string> Ordered(IEnumerable<string> keys) =>
        keys.OrderBy(Root, StringComparer.Ordinal)
            .ThenBy(IsHop)
            .ThenBy(PathOrder)
            .ThenBy(k => k, StringComparer.Ordinal)
            .ToList();
}
