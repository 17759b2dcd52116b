namespace MonitorSim.Sip.Platform;

/// <summary>A device's whole answer to a catalog query: the SumNum it announced and the items of every page.</summary>
public sealed record CatalogAnswer(int SumNum, IReadOnlyList<string> Items, int Pages);
