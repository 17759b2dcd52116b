using System.Globalization;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Load.Engine;

/// <summary>A feed matched against the run's topology: per row, a camera and/or point index and an alarm type.</summary>
public sealed class ResolvedFeed
{
    private const byte NoType = byte.MaxValue;
    private readonly int[] _cameras;   // −1: the row names only a point
    private readonly int[] _points;    // the camera's point when the row names a camera
    private readonly byte[] _types;    // NoType: the stream's mix decides

    private ResolvedFeed(FeedOrder order, int[] cameras, int[] points, byte[] types)
    {
        Order = order;
        _cameras = cameras;
        _points = points;
        _types = types;
    }

    public FeedOrder Order { get; }

    public int Count => _cameras.Length;

    /// <summary>Row <paramref name="row"/>'s camera, or −1 when it names only a point.</summary>
    public int CameraAt(int row) => _cameras[row];

    public int PointAt(int row) => _points[row];

    public AlarmType? TypeAt(int row) => _types[row] == NoType ? null : (AlarmType)_types[row];

    /// <summary>Matches every row against <paramref name="topology"/>; throws <see cref="ScenarioException"/> naming the file,
    /// line and field of every row that names nothing in it.</summary>
    public static ResolvedFeed Resolve(FeedDefinition feed, CityTopology topology)
    {
        var cameraByPath = new Lazy<Dictionary<string, int>>(() =>
            Enumerable.Range(0, topology.CameraCount).ToDictionary(c => topology.PathOf(new CameraId(c)), c => c, StringComparer.Ordinal));
        var pointByPath = new Lazy<Dictionary<string, int>>(() => topology.Points.ToDictionary(p => p.Path, p => p.Id.Value, StringComparer.Ordinal));
        var errors = new List<ScenarioError>();
        var n = feed.Rows.Count;
        var cameras = new int[n];
        var points = new int[n];
        var types = new byte[n];
        for (var i = 0; i < n; i++)
        {
            var row = feed.Rows[i];
            types[i] = row.AlarmType is { } t ? (byte)t : NoType;
            cameras[i] = -1;
            points[i] = -1;
            if (row.Camera is { } c)
            {
                if (Index(c, "cam", topology.CameraCount) is { } ci || cameraByPath.Value.TryGetValue(c, out ci))
                {
                    cameras[i] = ci;
                    points[i] = topology.PointOf(new CameraId(ci)).Value;
                }
                else
                {
                    errors.Add(new ScenarioError(feed.File, row.Line, 1, "camera",
                        $"no camera '{c}' in this topology ({topology.CameraCount:N0} cameras: cam0 … cam{topology.CameraCount - 1}, or a path such as {topology.PathOf(new CameraId(0))})"));
                    continue;
                }
            }
            if (row.Point is { } p)
            {
                if (Index(p, "pt", topology.Points.Count) is { } pi || pointByPath.Value.TryGetValue(p, out pi))
                {
                    if (cameras[i] >= 0 && points[i] != pi)
                        errors.Add(new ScenarioError(feed.File, row.Line, 1, "point", $"camera '{row.Camera}' is at {topology.Points[points[i]].Path}, not at '{p}'"));
                    points[i] = pi;
                }
                else
                {
                    errors.Add(new ScenarioError(feed.File, row.Line, 1, "point",
                        $"no point '{p}' in this topology ({topology.Points.Count:N0} points: pt0 … pt{topology.Points.Count - 1}, or a path such as {topology.Points[0].Path})"));
                }
            }
        }
        if (errors.Count > 0) throw new ScenarioException(errors);
        return new ResolvedFeed(feed.Order, cameras, points, types);
    }

    /// <summary><c>cam1234</c> → 1234 when in range.</summary>
    private static int? Index(string text, string prefix, int count) =>
        text.StartsWith(prefix, StringComparison.Ordinal) && !text.Contains('/')
        && int.TryParse(text.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < count
            ? i
            : null;

    /// <summary>Walks a feed in its order; one per stream, used by the generator thread only.</summary>
    public sealed class Cursor(ResolvedFeed feed, Random rng)
    {
        private int _next;
        private int[]? _permutation;

        public int Next()
        {
            switch (feed.Order)
            {
                case FeedOrder.Random:
                    return rng.Next(feed.Count);
                case FeedOrder.Shuffle:
                    if (_permutation is null || _next == _permutation.Length)
                    {
                        _permutation ??= Enumerable.Range(0, feed.Count).ToArray();
                        rng.Shuffle(_permutation);
                        _next = 0;
                    }
                    return _permutation[_next++];
                default:
                    var row = _next;
                    _next = _next + 1 == feed.Count ? 0 : _next + 1;
                    return row;
            }
        }
    }
}
