namespace MonitorSim.Harness.Measurement;

/// <summary>
/// Advice on the runtime's gen0 budget for a large tree. A collection's pause grows with the old generation the tree's
/// actors fill (each message dirties a card of a mailbox or actor cell that the next collection scans), and on this kind
/// of VM the runtime falls back to a gen0 budget of a few MB: a million-camera tree collected 1.3 times a second, ≈ 18 ms
/// each, every thread stopped — the load generator's too. The budget can only be set before the runtime starts, by the
/// environment variable <c>DOTNET_GCgen0size</c> (the runtime ignores it in <c>runtimeconfig.json</c>), so a run can only
/// advise it (docs/province.md, "Garbage collection and the generator's lag").
/// </summary>
public static class Gen0Budget
{
    /// <summary>From this many cameras on, the advice is given (the province runs of 250,000 and more).</summary>
    public const int LargeTreeCameras = 250_000;

    /// <summary>The environment variable that sets the budget.</summary>
    public const string Variable = "DOTNET_GCgen0size";

    /// <summary>The runtime settings with which a million-camera province met every target in one process: the server
    /// collector (a gen0 budget per heap, so half the collections), blocking, and a 128 MB budget (three runs of three on
    /// the memory store, 2026-12-05; SQLite met them at 64 and 128 MB; docs/province.md).</summary>
    public const string Recommended = "DOTNET_gcServer=1 DOTNET_gcConcurrent=0 DOTNET_GCgen0size=0x8000000";

    /// <summary>What to tell the user before a tree of <paramref name="cameras"/> starts, given the budget variable's value
    /// (<paramref name="setTo"/>, null or empty when unset) and whether the process runs the server collector
    /// (<paramref name="serverCollector"/>); null when there is nothing to say.</summary>
    public static string? Advice(int cameras, string? setTo, bool serverCollector)
    {
        if (cameras < LargeTreeCameras) return null;
        var budgetSet = !string.IsNullOrWhiteSpace(setTo);
        if (budgetSet && serverCollector) return null;
        var what = budgetSet
            ? $"{cameras:N0} cameras on the workstation collector: it collects twice as often as the server collector at the same gen0 budget, " +
              "every collection stopping the load generator too (its lag p99 6.6–8.2 ms against 3.6–5.6 at a million cameras)"
            : $"{cameras:N0} cameras with the runtime's default gen0 budget: every gen0 collection scans the tree's old generation " +
              "and stops the load generator too (a million cameras: 1.3 collections a second, ≈ 18 ms each)";
        return $"{what}; {Recommended} before the command met every province target in every run (docs/province.md)";
    }
}
