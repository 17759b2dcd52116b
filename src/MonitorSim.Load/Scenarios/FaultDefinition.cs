namespace MonitorSim.Load.Scenarios;

/// <summary>A fault injected during a run: restart <paramref name="Target"/> at <paramref name="At"/> (wall time from run start), down for <paramref name="DownFor"/>.</summary>
/// <param name="PlatformId">0-based platform index; null for the city or when <paramref name="Largest"/> is set.</param>
/// <param name="Largest">Pick the platform with the most cameras when the run starts.</param>
/// <param name="Line">Line of the fault in its YAML file (0 when built in code).</param>
/// <param name="Node">For <see cref="FaultTarget.Node"/> and <see cref="FaultTarget.NodeFreeze"/>: which node of a multi-node
/// run is killed or frozen (2 = the first worker); for <see cref="FaultTarget.Partition"/>: one side of the cut.</param>
/// <param name="PeerNode">For <see cref="FaultTarget.Partition"/>: the other side of the cut.</param>
/// <param name="City">In a province (<c>topology.cities</c>): the city the fault acts on (its platform ids are its own).</param>
public sealed record FaultDefinition(TimeSpan At, FaultTarget Target, int? PlatformId, bool Largest, TimeSpan DownFor, int Line = 0, int? Node = null,
    int? PeerNode = null, string? City = null)
{
    /// <summary>The nodes this fault acts on, by number (none for the tree's own faults).</summary>
    public IEnumerable<int> Nodes => new[] { Node, PeerNode }.OfType<int>();

    /// <summary>The scenario's name for the fault's action.</summary>
    public string Action => Target switch
    {
        FaultTarget.Node => "kill_node",
        FaultTarget.NodeFreeze => "freeze_node",
        FaultTarget.Partition => "partition",
        FaultTarget.Store => "store_unavailable",
        FaultTarget.ProvinceLink => "cut_province_link",
        _ => "restart",
    };
}
