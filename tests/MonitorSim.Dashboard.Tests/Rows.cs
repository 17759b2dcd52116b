using MonitorSim.Load.Results;

namespace MonitorSim.Dashboard.Tests;

/// <summary>Interval rows with known figures.</summary>
internal static class Rows
{
    public static TimelineRow At(double t, bool warmUp = false, DateTime? endedUtc = null) =>
        new(t, warmUp, 1, 100, 98, 2, 0, 5, 1.25,
            new Dictionary<string, IntervalStats> { ["alarm"] = new(98, 2, 4.5, 12.25) }, new TreeStatus(30, 1, 2))
        {
            PerStream = new Dictionary<string, StreamIntervalStats> { ["alarm"] = new(100, 4.5, 12.25) },
            EndedUtc = endedUtc,
        };
}
