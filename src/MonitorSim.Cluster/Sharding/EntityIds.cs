using System.Globalization;

namespace MonitorSim.Cluster.Sharding;

/// <summary>
/// Entity ids inside a platform's shard: <c>plat-7</c> for the platform, <c>pt-412</c> for a point. Cached so that
/// routing a message allocates no string (there are ~3,150 of them for the seed city).
/// </summary>
public static class EntityIds
{
    private const string PlatformPrefix = "plat-";
    private const string PointPrefix = "pt-";
    private static string[] _platforms = [];
    private static string[] _points = [];

    public static string Platform(int platform)
    {
        var cache = _platforms;
        return platform < cache.Length ? cache[platform] : PlatformPrefix + platform.ToString(CultureInfo.InvariantCulture);
    }

    public static string Point(int point)
    {
        var cache = _points;
        return point < cache.Length ? cache[point] : PointPrefix + point.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Fills the caches for a topology of this size (idempotent; growing only).</summary>
    public static void Prepare(int platforms, int points)
    {
        if (_platforms.Length < platforms)
            _platforms = Enumerable.Range(0, platforms).Select(i => PlatformPrefix + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        if (_points.Length < points)
            _points = Enumerable.Range(0, points).Select(i => PointPrefix + i.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    public static bool IsPlatform(string entityId, out int platform) => TryParse(entityId, PlatformPrefix, out platform);

    public static bool IsPoint(string entityId, out int point) => TryParse(entityId, PointPrefix, out point);

    private static bool TryParse(string entityId, string prefix, out int value)
    {
        value = -1;
        return entityId.StartsWith(prefix, StringComparison.Ordinal)
               && int.TryParse(entityId.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
