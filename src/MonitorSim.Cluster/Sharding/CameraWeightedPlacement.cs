using System.Globalization;

namespace MonitorSim.Cluster.Sharding;

/// <summary>A node's shard region as the placement sees it: the region, its node's address (a stable order for ties),
/// the shards it hosts, and whether its node is on its way out of the cluster.</summary>
public sealed record RegionShards<TRegion>(TRegion Region, string Address, IReadOnlyList<string> Shards, bool Leaving = false);

/// <summary>
/// Where the platforms' shards go: by cameras, not by count. A platform's shard carries its points and its cameras' device
/// traffic (keepalives, registrations and alarms go by camera), and the city's platforms differ by more than twice in
/// cameras, so Akka's default (the fewest shards) put 7,128 cameras on one of two nodes and 10,804 on the other (60.2 %,
/// the 2026-12-07 runs): the busier node saturates first and caps the cluster.
/// </summary>
/// <remarks>
/// <para><b>Allocation</b> plans every shard not yet placed, heaviest first, each on the region with the fewest cameras
/// so far (longest-processing-time-first list scheduling, Graham 1969: within 4/3 of the best possible busiest node),
/// starting from what is already placed, and answers with the requested shard's region in that plan. Shards come to the
/// coordinator in whatever order the tree wakes them, so a greedy choice per request would only bound the spread by the
/// heaviest platform; planning the rest each time gives the same balance whatever the order.</para>
/// <para><b>Rebalance</b> runs only where the spread between the busiest and the idlest region exceeds the heaviest
/// platform's cameras, which no allocation by this plan leaves (a region that just joined, or one that lost shards with
/// a node): then it moves, one region pair at a time, the shard whose cameras come nearest to halving the gap, at most
/// <see cref="MaxMovesPerRound"/> a round, and none while earlier moves are still under way. Regions on leaving nodes get
/// nothing and give nothing (the coordinator hands their shards off).</para>
/// Pure: the <see cref="CameraWeightedAllocationStrategy"/> feeds it the coordinator's view of the cluster.
/// </remarks>
public sealed class CameraWeightedPlacement
{
    /// <summary>The most shards one rebalance round moves: each move stops its platform's entities, which start again on
    /// their next message from their journals.</summary>
    public const int MaxMovesPerRound = 4;

    private readonly Dictionary<string, int> _camerasByShard;

    /// <param name="camerasByPlatform">Each platform's cameras, by platform index (the tree's shard id).</param>
    public CameraWeightedPlacement(IReadOnlyList<int> camerasByPlatform)
    {
        ArgumentNullException.ThrowIfNull(camerasByPlatform);
        if (camerasByPlatform.Any(c => c < 0)) throw new ArgumentException("a platform cannot have fewer than 0 cameras", nameof(camerasByPlatform));
        _camerasByShard = camerasByPlatform.Select((c, i) => (Shard: i.ToString(CultureInfo.InvariantCulture), Cameras: c))
            .ToDictionary(p => p.Shard, p => p.Cameras);
        HeaviestShardCameras = camerasByPlatform.Count == 0 ? 0 : camerasByPlatform.Max();
    }

    /// <summary>The heaviest platform's cameras: the spread an allocation by plan can leave, and the rebalance threshold.</summary>
    public int HeaviestShardCameras { get; }

    /// <summary>A shard's cameras (0 for a shard id outside the topology).</summary>
    public int CamerasOf(string shard) => _camerasByShard.GetValueOrDefault(shard);

    /// <summary>The cameras a region hosts.</summary>
    public int CamerasOf<TRegion>(RegionShards<TRegion> region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return region.Shards.Sum(CamerasOf);
    }

    /// <summary>The region for <paramref name="shard"/>: its place in the plan of every shard not yet placed.</summary>
    public TRegion Allocate<TRegion>(string shard, IReadOnlyList<RegionShards<TRegion>> regions)
    {
        ArgumentNullException.ThrowIfNull(regions);
        var usable = Usable(regions);
        if (usable.Count == 0) throw new ArgumentException("no region to allocate a shard to", nameof(regions));
        var loads = usable.Select(CamerasOf).ToArray();
        var counts = usable.Select(r => r.Shards.Count).ToArray();
        var placed = regions.SelectMany(r => r.Shards).ToHashSet(StringComparer.Ordinal);
        var pending = _camerasByShard.Keys.Where(s => !placed.Contains(s) && s != shard).Append(shard)
            .OrderByDescending(CamerasOf).ThenBy(ShardOrder).ThenBy(s => s, StringComparer.Ordinal);
        foreach (var next in pending)
        {
            var best = Lightest(loads, counts);
            if (next == shard) return usable[best].Region;
            loads[best] += CamerasOf(next);
            counts[best]++;
        }
        throw new InvalidOperationException("unreachable: the requested shard is always in the plan");
    }

    /// <summary>The shards to move now (empty when the regions are within one heaviest platform of each other).</summary>
    public IReadOnlySet<string> Rebalance<TRegion>(IReadOnlyList<RegionShards<TRegion>> regions, IReadOnlySet<string> inProgress)
    {
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentNullException.ThrowIfNull(inProgress);
        var moves = new HashSet<string>(StringComparer.Ordinal);
        var staying = Staying(regions);
        if (inProgress.Count > 0 || staying.Count < 2) return moves;
        var loads = staying.Select(CamerasOf).ToArray();
        var counts = staying.Select(r => r.Shards.Count).ToArray();
        var shards = staying.Select(r => r.Shards.ToList()).ToArray();
        while (moves.Count < MaxMovesPerRound)
        {
            var heavy = Enumerable.Range(0, loads.Length).MaxBy(i => (loads[i], -i));
            var light = Lightest(loads, counts);
            var gap = loads[heavy] - loads[light];
            if (gap <= HeaviestShardCameras) break;
            // The shard nearest half the gap narrows it most; any lighter than the gap narrows it.
            var pick = shards[heavy].Where(s => CamerasOf(s) < gap)
                .OrderBy(s => Math.Abs(gap - 2 * CamerasOf(s))).ThenBy(ShardOrder).FirstOrDefault();
            if (pick is null) break;
            moves.Add(pick);
            shards[heavy].Remove(pick);
            loads[heavy] -= CamerasOf(pick);
            loads[light] += CamerasOf(pick);
            counts[heavy]--;
            counts[light]++;
        }
        return moves;
    }

    /// <summary>The regions not on their way out, by address (the order ties are broken in).</summary>
    private static List<RegionShards<TRegion>> Staying<TRegion>(IReadOnlyList<RegionShards<TRegion>> regions) =>
        regions.Where(r => !r.Leaving).OrderBy(r => r.Address, StringComparer.Ordinal).ToList();

    /// <summary>Where a shard may go: the staying regions, or, when every region is leaving (a cluster shutting down), all
    /// of them, since a shard still needs a home until the last one goes.</summary>
    private static List<RegionShards<TRegion>> Usable<TRegion>(IReadOnlyList<RegionShards<TRegion>> regions) =>
        Staying(regions) is { Count: > 0 } staying ? staying : regions.OrderBy(r => r.Address, StringComparer.Ordinal).ToList();

    /// <summary>The region with the fewest cameras; then the fewest shards; then the first by address (regions are
    /// sorted by address).</summary>
    private static int Lightest(int[] loads, int[] counts) =>
        Enumerable.Range(0, loads.Length).MinBy(i => (loads[i], counts[i], i));

    private static int ShardOrder(string shard) =>
        int.TryParse(shard, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
}
