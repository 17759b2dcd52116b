namespace MonitorSim.Domain.Topology;

/// <summary>A county-level division of the city (or the city's own departments) under which platforms sit.</summary>
/// <param name="Index">Dense index.</param>
/// <param name="Slug">Path segment, e.g. <c>tongshan</c>.</param>
/// <param name="Name">Display name, e.g. <c>Tongshan District</c>.</param>
public sealed record Division(int Index, string Slug, string Name);
