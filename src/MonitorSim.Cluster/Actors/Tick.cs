namespace MonitorSim.Cluster.Actors;

/// <summary>Timer messages of the tree's actors.</summary>
internal sealed record Tick(TickKind Kind)
{
    public static Tick Sweep { get; } = new(TickKind.Sweep);
    public static Tick CityKeepalive { get; } = new(TickKind.CityKeepalive);
    public static Tick Reboot { get; } = new(TickKind.Reboot);
    public static Tick Retry { get; } = new(TickKind.Retry);
    public static Tick Clearance { get; } = new(TickKind.Clearance);
}

/// <summary>What a <see cref="Tick"/> is for.</summary>
internal enum TickKind
{
    Sweep,
    CityKeepalive,
    Reboot,
    Retry,
    /// <summary>A platform's oldest active alarm falls due.</summary>
    Clearance,
}
