using System.Buffers.Text;
using System.Globalization;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Load.Replay;

/// <summary>
/// Names a log's sources in a topology, both ways. A source is either
/// <list type="bullet">
/// <item>a GB/T 28181 device code (20 digits, see <see cref="Domain.Operations.Wire.DeviceCode"/>): a camera is
/// <c>32030000001320</c> + its 6-digit camera index (civil code 320300 Xuzhou, unit 00, industry 00, type 132 IP camera,
/// network 0), a service point is its recorder, <c>32030000001180</c> + the 6-digit point index (type 118 NVR); or</item>
/// <item>an index path <c>platform/point/camera</c> (0-based; the point counted within its platform, the camera within its
/// point), or <c>platform/point</c> for a service point.</item>
/// </list>
/// The topology itself carries no device codes; this numbering is the harness's, fixed so that a log written by one run
/// (record, generate) names the same devices in any run of the same topology.
/// </summary>
public sealed class SourceMap(CityTopology topology)
{
    /// <summary>The first 14 digits of every camera's code; the last 6 are its index.</summary>
    public const string CameraCodePrefix = "32030000001320";

    /// <summary>The first 14 digits of every service point's (its NVR's) code; the last 6 are its index.</summary>
    public const string PointCodePrefix = "32030000001180";

    public CityTopology Topology => topology;

    /// <summary>The device code of camera <paramref name="camera"/>.</summary>
    public static string CameraCode(int camera) => CameraCodePrefix + camera.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>The device code of point <paramref name="point"/>'s recorder.</summary>
    public static string PointCode(int point) => PointCodePrefix + point.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>Camera <paramref name="camera"/> as an index path, e.g. <c>7/12/3</c>.</summary>
    public string CameraPath(int camera)
    {
        var point = topology.Points[topology.PointOf(new CameraId(camera)).Value];
        return $"{PointPath(point.Id.Value)}/{camera - point.FirstCamera.Value}";
    }

    /// <summary>Point <paramref name="point"/> as an index path, e.g. <c>7/12</c>.</summary>
    public string PointPath(int point)
    {
        var p = topology.Points[point];
        return $"{p.Platform.Value}/{point - topology.Platforms[p.Platform.Value].FirstPoint.Value}";
    }

    /// <summary>What <paramref name="source"/> (UTF-8) names, and its camera or point index. Allocates nothing.</summary>
    public SourceKind Resolve(ReadOnlySpan<byte> source, out int index)
    {
        index = -1;
        if (source.Length == 20 && IsDigits(source))
        {
            if (!Utf8Parser.TryParse(source[14..], out int serial, out var used) || used != 6) return SourceKind.Unknown;
            var prefix = source[..14];
            if (prefix.SequenceEqual("32030000001320"u8) && serial < topology.CameraCount) { index = serial; return SourceKind.Camera; }
            if (prefix.SequenceEqual("32030000001180"u8) && serial < topology.Points.Count) { index = serial; return SourceKind.Point; }
            return SourceKind.Unknown;
        }
        // platform/point[/camera]
        Span<int> parts = stackalloc int[3];
        var n = 0;
        var rest = source;
        while (true)
        {
            var slash = rest.IndexOf((byte)'/');
            var part = slash < 0 ? rest : rest[..slash];
            if (n == 3 || part.Length is 0 or > 9 || !IsDigits(part) || !Utf8Parser.TryParse(part, out int v, out _)) return SourceKind.Unknown;
            parts[n++] = v;
            if (slash < 0) break;
            rest = rest[(slash + 1)..];
        }
        if (n < 2 || parts[0] >= topology.Platforms.Count) return SourceKind.Unknown;
        var platform = topology.Platforms[parts[0]];
        if (parts[1] >= platform.PointCount) return SourceKind.Unknown;
        var pointIndex = platform.FirstPoint.Value + parts[1];
        if (n == 2) { index = pointIndex; return SourceKind.Point; }
        var pointInfo = topology.Points[pointIndex];
        if (parts[2] >= pointInfo.CameraCount) return SourceKind.Unknown;
        index = pointInfo.FirstCamera.Value + parts[2];
        return SourceKind.Camera;
    }

    /// <summary>A hint for an unknown source: the topology's size and the two spellings.</summary>
    public string Describe() =>
        $"this topology has {topology.Platforms.Count} platforms, {topology.Points.Count:N0} points, {topology.CameraCount:N0} cameras; " +
        $"a source is a device code (camera {CameraCode(0)}, point {PointCode(0)}) or an index path (camera 0/0/0, point 0/0)";

    private static bool IsDigits(ReadOnlySpan<byte> s)
    {
        foreach (var b in s) if (b is < (byte)'0' or > (byte)'9') return false;
        return true;
    }
}

/// <summary>What a log's source names.</summary>
public enum SourceKind
{
    Unknown,
    Camera,
    Point,
}
