namespace MonitorSim.Load.Scenarios;

/// <summary>
/// Draws a <see cref="ChaosSpec"/>'s faults for a run of <c>nodes</c> local nodes (node 1 the coordinator, 2… the workers).
/// Pure and seeded: the same spec, seed and node count always give the same faults.
/// <list type="bullet">
/// <item>Times: the n start times are n uniform draws over the slack (until − from − (n − 1)·gap), sorted, the i-th then
/// moved on by i·gap — uniform among all schedules that keep every fault at least gap after the one before.</item>
/// <item>Kinds: freezes, partitions and store outages in a random order; kills last, because the harness does not restart
/// a killed node, so a node killed early would turn every later fault on it into a skipped one.</item>
/// <item>Nodes: a freeze takes a random worker; a partition cuts two random workers apart (never the coordinator, whose
/// cut-off the split-brain resolver would answer by downing it); kills take distinct workers from the highest number down.
/// With too few workers a fault that needs them is not drawn, and a note says so.</item>
/// <item>Durations: uniform in [min, max], down to 0.1 s (as the times are). A freeze or cut longer than failure detection plus the resolver's
/// stable-after (about 8 s here) gets nodes downed, and downed nodes are not restarted either.</item>
/// </list>
/// </summary>
public static class ChaosPlan
{
    /// <summary>The scenario with its chaos section's faults drawn for <paramref name="nodes"/> nodes and added to its
    /// own faults, in time order (unchanged without a chaos section).</summary>
    public static ScenarioDefinition Expand(ScenarioDefinition scenario, int nodes, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Chaos is not { } chaos) return scenario;
        return scenario with { Faults = [.. scenario.Faults.Concat(Draw(chaos, nodes, scenario.Seed, notes)).OrderBy(f => f.At)] };
    }

    public static IReadOnlyList<FaultDefinition> Draw(ChaosSpec chaos, int nodes, int scenarioSeed, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(chaos);
        ArgumentNullException.ThrowIfNull(notes);
        var rng = new Random(chaos.Seed ?? scenarioSeed);
        var workers = Enumerable.Range(2, Math.Max(0, nodes - 1)).ToArray();

        var kinds = new List<FaultTarget>();
        kinds.AddRange(Enumerable.Repeat(FaultTarget.Store, chaos.StoreOutages));
        kinds.AddRange(Enumerable.Repeat(FaultTarget.NodeFreeze, workers.Length >= 1 ? chaos.Freezes : 0));
        kinds.AddRange(Enumerable.Repeat(FaultTarget.Partition, workers.Length >= 2 ? chaos.Partitions : 0));
        if (chaos.Freezes > 0 && workers.Length == 0) notes.Add($"chaos: {chaos.Freezes} freeze(s) not drawn: a one-node run has no worker to freeze (--nodes)");
        if (chaos.Partitions > 0 && workers.Length < 2)
            notes.Add($"chaos: {chaos.Partitions} partition(s) not drawn: cutting two workers apart needs at least 3 nodes, this run has {nodes}");
        Shuffle(kinds, rng);
        var kills = Math.Min(chaos.Kills, workers.Length);
        if (kills < chaos.Kills) notes.Add($"chaos: {chaos.Kills - kills} kill(s) not drawn: only {workers.Length} worker(s) to kill, and killed nodes are not restarted");
        kinds.AddRange(Enumerable.Repeat(FaultTarget.Node, kills));

        var n = kinds.Count;
        var slack = (chaos.Until - chaos.From - chaos.Gap * Math.Max(0, n - 1)).TotalSeconds;
        var offsets = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * slack).Order().ToArray();
        var faults = new List<FaultDefinition>(n);
        var killed = 0;
        for (var i = 0; i < n; i++)
        {
            var at = chaos.From + Tenths(offsets[i]) + chaos.Gap * i;
            var span = (chaos.MaxFor - chaos.MinFor).TotalSeconds;
            var downFor = chaos.MinFor + Tenths(rng.NextDouble() * span);
            faults.Add(kinds[i] switch
            {
                FaultTarget.Store => new FaultDefinition(at, FaultTarget.Store, null, false, downFor, chaos.Line),
                FaultTarget.NodeFreeze => new FaultDefinition(at, FaultTarget.NodeFreeze, null, false, downFor, chaos.Line, Node: workers[rng.Next(workers.Length)]),
                FaultTarget.Partition => Cut(at, downFor, chaos.Line, workers, rng),
                _ => new FaultDefinition(at, FaultTarget.Node, null, false, TimeSpan.Zero, chaos.Line, Node: workers[^(1 + killed++)]),
            });
        }
        return faults;
    }

    /// <summary>Down to a tenth of a second: rounding to the nearest could put a fault past the window's end or a
    /// duration past the longest allowed (10.06 s becomes 10.1 s); rounding down keeps the order of the draws.</summary>
    private static TimeSpan Tenths(double seconds) => TimeSpan.FromSeconds(Math.Floor(seconds * 10) / 10);

    private static FaultDefinition Cut(TimeSpan at, TimeSpan downFor, int line, int[] workers, Random rng)
    {
        var a = workers[rng.Next(workers.Length)];
        var b = workers.Where(w => w != a).ElementAt(rng.Next(workers.Length - 1));
        return new FaultDefinition(at, FaultTarget.Partition, null, false, downFor, line, Node: Math.Min(a, b), PeerNode: Math.Max(a, b));
    }

    private static void Shuffle<T>(List<T> items, Random rng)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
