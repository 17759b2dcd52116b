namespace MonitorSim.Domain.Supervision;

/// <summary>One situation of the "zero-obstacle" accountability rules: the id an accountability outcome cites, the category
/// it belongs to, and what it describes.</summary>
public sealed record AccountabilitySituation(int Id, string Category, string Text);
