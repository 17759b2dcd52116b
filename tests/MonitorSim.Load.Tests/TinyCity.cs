using MonitorSim.Domain.Topology;

namespace MonitorSim.Load.Tests;

/// <summary>The city the engine's tests run on (<c>using static</c>): three platforms, twelve points, thirty cameras.</summary>
internal static class TinyCity
{
    public static readonly TopologySpec Tiny = new(3, 12, 30, 2, 4);
    public static readonly CityTopology City = TopologyBuilder.Build(Tiny, 7);
}
