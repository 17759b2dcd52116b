using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace MonitorSim.Domain.Topology;

/// <summary>Builds the city's monitored tree deterministically from a <see cref="TopologySpec"/> and a seed, and fingerprints it.</summary>
/// <remarks>
/// Same spec and seed give the same ids, paths, kinds, counts and co-handling placement: all randomness comes from one
/// seeded Mersenne Twister consumed in a fixed order, and nothing that reaches the output depends on hash ordering.
/// Co-handling units are ordered by point (centres before posts at a point); their path suffix <c>chc{k}</c>/<c>chp{k}</c>
/// numbers them within their point, like cameras.
/// </remarks>
public static class TopologyBuilder
{
    // Points-per-platform skew; 0.6 puts the biggest platform at roughly 10–20× the smallest for 45 platforms.
    private const double PlatformSizeSigma = 0.6;

    // Agency-system platforms cover a department's offices, not every town and village, so they are smaller.
    private const double CityPlatformScale = 0.6;

    // Camera medians per kind, tuned so that the default city (5.8 cameras per point) needs almost no rescaling
    // and village stations really end up with one or two cameras.
    private const double HallMedianCameras = 40, HallSigma = 0.4;
    private const double OfficeMedianCameras = 7.5, OfficeSigma = 0.6;
    private const double TownMedianCameras = 13, TownSigma = 0.5;
    private const double VillageTwoCameraShare = 0.45;
    private const double MaxTimesMedian = 4;

    // Keeps every point's weight positive so that surplus cameras can still land on single-camera villages.
    private const double ExtraCameraFloor = 0.02;

    // Centres sit in halls (where many departments keep desks) and town centres far more than elsewhere.
    private const double CentreWeightHall = 30, CentreWeightTown = 4, CentreWeightOffice = 1, CentreWeightVillage = 0.05;

    /// <summary>Builds the tree; throws <see cref="ArgumentException"/> when the spec cannot be built.</summary>
    public static CityTopology Build(TopologySpec spec, int seed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Validate(spec);

        var rng = new MersenneTwister(seed, threadSafe: false);
        var divisions = XuzhouDivisions.All;

        var platformDivision = PlacePlatforms(spec.Platforms, divisions.Count, rng);
        var pointsPerPlatform = SizePlatforms(spec.Points, platformDivision, rng);
        var kinds = AssignKinds(spec.Points, platformDivision, pointsPerPlatform, rng);
        var camerasPerPoint = SizePoints(spec.Cameras, kinds, rng);

        var platforms = new PlatformInfo[spec.Platforms];
        var points = new PointInfo[spec.Points];
        var pointPaths = new string[spec.Points];
        var point = 0;
        var camera = 0;
        for (var p = 0; p < platforms.Length; p++)
        {
            var platformPath = string.Create(
                CultureInfo.InvariantCulture,
                $"{XuzhouDivisions.CityRoot}/{divisions[platformDivision[p]].Slug}/p{p:D2}");
            var firstPoint = point;
            var firstCamera = camera;
            for (var k = 0; k < pointsPerPlatform[p]; k++, point++)
            {
                var path = string.Create(CultureInfo.InvariantCulture, $"{platformPath}/pt{point:D4}");
                pointPaths[point] = path;
                points[point] = new PointInfo(
                    new PointId(point), new PlatformId(p), path, kinds[point], new CameraId(camera), camerasPerPoint[point]);
                camera += camerasPerPoint[point];
            }

            platforms[p] = new PlatformInfo(
                new PlatformId(p), platformPath, platformDivision[p],
                new PointId(firstPoint), pointsPerPlatform[p], new CameraId(firstCamera), camera - firstCamera);
        }

        var coHandling = PlaceCoHandling(spec, kinds, camerasPerPoint, pointPaths, rng);
        return new CityTopology(spec, seed, XuzhouDivisions.CityRoot, divisions, platforms, points, coHandling);
    }

    /// <summary>SHA-256 (first 16 hex digits) over every id, path, kind and count in id order, for comparing two builds.</summary>
    public static string Fingerprint(CityTopology t)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        // Hashing in 64 KB chunks instead of one AppendData per field keeps this cheap enough to log on every run.
        var chunk = new byte[64 * 1024];
        var used = 0;

        void Flush()
        {
            hash.AppendData(chunk, 0, used);
            used = 0;
        }

        void Int(int value)
        {
            if (used + 4 > chunk.Length) Flush();
            BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(used), value);
            used += 4;
        }

        // Length-prefixed so that ("ab","c") and ("a","bc") hash differently.
        void Text(string value)
        {
            var max = Encoding.UTF8.GetMaxByteCount(value.Length);
            if (4 + max > chunk.Length)
            {
                var bytes = Encoding.UTF8.GetBytes(value);
                Int(bytes.Length);
                Flush();
                hash.AppendData(bytes);
                return;
            }

            if (used + 4 + max > chunk.Length) Flush();
            var length = Encoding.UTF8.GetBytes(value, chunk.AsSpan(used + 4));
            BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(used), length);
            used += 4 + length;
        }

        Text(t.City);
        Int(t.Divisions.Count);
        foreach (var d in t.Divisions)
        {
            Int(d.Index);
            Text(d.Slug);
            Text(d.Name);
        }

        Int(t.Platforms.Count);
        foreach (var p in t.Platforms)
        {
            Int(p.Id.Value);
            Text(p.Path);
            Int(p.Division);
            Int(p.FirstPoint.Value);
            Int(p.PointCount);
            Int(p.FirstCamera.Value);
            Int(p.CameraCount);
        }

        Int(t.Points.Count);
        foreach (var p in t.Points)
        {
            Int(p.Id.Value);
            Int(p.Platform.Value);
            Text(p.Path);
            Int((int)p.Kind);
            Int(p.FirstCamera.Value);
            Int(p.CameraCount);
        }

        Int(t.CameraCount);
        Int(t.CoHandling.Count);
        foreach (var u in t.CoHandling)
        {
            Int(u.Index);
            Int(u.IsCentre ? 1 : 0);
            Int(u.At.Value);
            Text(u.Path);
        }

        Flush();
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest[..8]);
    }

    private static void Validate(TopologySpec spec)
    {
        static void NotNegative(int value, string field)
        {
            if (value < 0)
                throw new ArgumentException($"topology.{field} must not be negative (got {value}).", nameof(spec));
        }

        NotNegative(spec.Platforms, "platforms");
        NotNegative(spec.Points, "points");
        NotNegative(spec.Cameras, "cameras");
        NotNegative(spec.CoHandlingCentres, "co_handling.centres");
        NotNegative(spec.CoHandlingPosts, "co_handling.posts");
        if (spec.Platforms < 1)
            throw new ArgumentException("topology.platforms must be at least 1 (got 0).", nameof(spec));
        if (spec.Points < spec.Platforms)
            throw new ArgumentException(
                $"topology.points ({spec.Points}) must be at least topology.platforms ({spec.Platforms}): every platform needs a point.",
                nameof(spec));
        if (spec.Cameras < spec.Points)
            throw new ArgumentException(
                $"topology.cameras ({spec.Cameras}) must be at least topology.points ({spec.Points}): every point needs a camera.",
                nameof(spec));
    }

    /// <summary>Division of each platform, platforms grouped by division so each division's platforms are contiguous.</summary>
    private static int[] PlacePlatforms(int platformCount, int divisionCount, MersenneTwister rng)
    {
        var weights = new double[divisionCount];
        for (var d = 0; d < divisionCount; d++)
            weights[d] = XuzhouDivisions.PlatformWeight(d) * LogNormal.Sample(rng, 0, 0.25);

        // Below one platform per division the biggest divisions win; the city departments come first.
        var perDivision = new int[divisionCount];
        Apportionment.LargestRemainder(weights, platformCount, platformCount >= divisionCount ? 1 : 0, perDivision);

        var division = new int[platformCount];
        var p = 0;
        for (var d = 0; d < divisionCount; d++)
            for (var k = 0; k < perDivision[d]; k++) division[p++] = d;
        return division;
    }

    private static int[] SizePlatforms(int pointCount, int[] platformDivision, MersenneTwister rng)
    {
        var weights = new double[platformDivision.Length];
        for (var p = 0; p < weights.Length; p++)
        {
            var scale = platformDivision[p] == XuzhouDivisions.CityDepartments ? CityPlatformScale : 1.0;
            weights[p] = scale * LogNormal.Sample(rng, 0, PlatformSizeSigma);
        }

        var sizes = new int[weights.Length];
        Apportionment.LargestRemainder(weights, pointCount, 1, sizes);
        return sizes;
    }

    /// <summary>
    /// Kinds in platform order; within a platform halls come first, then offices, town centres and village stations,
    /// so a platform's <c>pt</c> numbers read from its biggest venues down.
    /// </summary>
    private static PointKind[] AssignKinds(int pointCount, int[] platformDivision, int[] pointsPerPlatform, MersenneTwister rng)
    {
        var kinds = new PointKind[pointCount];
        var point = 0;
        for (var p = 0; p < platformDivision.Length; p++)
        {
            var n = pointsPerPlatform[p];
            var isCity = platformDivision[p] == XuzhouDivisions.CityDepartments;
            var firstOfDivision = p == 0 || platformDivision[p - 1] != platformDivision[p];

            // The division's main platform carries its government service hall(s): one at the city, two to four in a
            // county, but never more than a tenth of a platform's points (a tiny platform still gets its one hall).
            var halls = firstOfDivision ? Math.Min(Math.Max(1, n / 10), isCity ? 1 : 2 + rng.Next(3)) : 0;
            var rest = n - halls;
            int offices, towns;
            if (isCity)
            {
                offices = rest;
                towns = 0;
            }
            else
            {
                offices = (int)Math.Round(rest * ContinuousUniform.Sample(rng, 0.04, 0.10));
                towns = Math.Min(rest - offices, (int)Math.Round(rest * ContinuousUniform.Sample(rng, 0.12, 0.22)));
            }

            var villages = rest - offices - towns;
            Fill(kinds, ref point, halls, PointKind.ServiceHall);
            Fill(kinds, ref point, offices, PointKind.DepartmentOffice);
            Fill(kinds, ref point, towns, PointKind.TownCentre);
            Fill(kinds, ref point, villages, PointKind.VillageStation);
        }

        return kinds;
    }

    private static void Fill(PointKind[] kinds, ref int point, int count, PointKind kind)
    {
        kinds.AsSpan(point, count).Fill(kind);
        point += count;
    }

    private static int[] SizePoints(int cameraCount, PointKind[] kinds, MersenneTwister rng)
    {
        // Weights are the cameras wanted beyond the mandatory first one, so a village that wants one camera
        // keeps exactly one unless the spec has cameras to spare.
        var extra = new double[kinds.Length];
        for (var i = 0; i < kinds.Length; i++)
        {
            var wanted = kinds[i] switch
            {
                PointKind.ServiceHall => Skewed(rng, HallMedianCameras, HallSigma),
                PointKind.DepartmentOffice => Skewed(rng, OfficeMedianCameras, OfficeSigma),
                PointKind.TownCentre => Skewed(rng, TownMedianCameras, TownSigma),
                _ => rng.NextDouble() < VillageTwoCameraShare ? 2.0 : 1.0,
            };
            extra[i] = Math.Max(wanted - 1, 0) + ExtraCameraFloor;
        }

        var cameras = new int[kinds.Length];
        Apportionment.LargestRemainder(extra, cameraCount, 1, cameras);
        return cameras;
    }

    /// <summary>A log-normal draw around <paramref name="median"/>, capped so that no town centre outgrows every hall.</summary>
    private static double Skewed(MersenneTwister rng, double median, double sigma) =>
        Math.Min(LogNormal.Sample(rng, Math.Log(median), sigma), median * MaxTimesMedian);

    private static CoHandlingUnit[] PlaceCoHandling(
        TopologySpec spec, PointKind[] kinds, int[] camerasPerPoint, string[] pointPaths, MersenneTwister rng)
    {
        var n = kinds.Length;
        var centresAt = new int[n];
        var postsAt = new int[n];

        var cumulative = new double[n];
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += kinds[i] switch
            {
                PointKind.ServiceHall => CentreWeightHall,
                PointKind.TownCentre => CentreWeightTown,
                PointKind.DepartmentOffice => CentreWeightOffice,
                _ => CentreWeightVillage,
            };
            cumulative[i] = sum;
        }

        for (var c = 0; c < spec.CoHandlingCentres; c++) centresAt[Draw(cumulative, rng)]++;

        // Posts follow the size of the venue, and camera count is the size we have.
        sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += camerasPerPoint[i];
            cumulative[i] = sum;
        }

        for (var c = 0; c < spec.CoHandlingPosts; c++) postsAt[Draw(cumulative, rng)]++;

        var units = new CoHandlingUnit[spec.CoHandlingCentres + spec.CoHandlingPosts];
        var index = 0;
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < centresAt[i]; k++, index++)
                units[index] = new CoHandlingUnit(
                    index, true, new PointId(i), string.Create(CultureInfo.InvariantCulture, $"{pointPaths[i]}/chc{k}"));
            for (var k = 0; k < postsAt[i]; k++, index++)
                units[index] = new CoHandlingUnit(
                    index, false, new PointId(i), string.Create(CultureInfo.InvariantCulture, $"{pointPaths[i]}/chp{k}"));
        }

        return units;
    }

    /// <summary>Index drawn with probability proportional to its weight, given cumulative weights.</summary>
    private static int Draw(double[] cumulative, MersenneTwister rng)
    {
        var target = rng.NextDouble() * cumulative[^1];
        var lo = 0;
        var hi = cumulative.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (cumulative[mid] > target) hi = mid;
            else lo = mid + 1;
        }

        return lo;
    }
}
