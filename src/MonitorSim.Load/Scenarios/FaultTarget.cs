namespace MonitorSim.Load.Scenarios;

/// <summary>What a fault acts on.</summary>
public enum FaultTarget
{
    /// <summary>The city platform at the root of the tree.</summary>
    City,
    /// <summary>One second-level platform.</summary>
    Platform,
    /// <summary>A whole node (process) of a multi-node run, killed outright.</summary>
    Node,
    /// <summary>The store: it takes no writes for a while.</summary>
    Store,
    /// <summary>A node of a multi-node run stops dead (frozen, as in a long GC pause or a network black-out) for a
    /// while, then carries on.</summary>
    NodeFreeze,
    /// <summary>The network between two nodes of a multi-node run drops everything both ways for a while; each node still
    /// reaches the others.</summary>
    Partition,
    /// <summary>In a province: a city's link to the province platform drops everything both ways for a while.</summary>
    ProvinceLink,
    /// <summary>In a province: the province platform itself crashes and restarts (every city registers again and re-syncs).</summary>
    Province,
}
