using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Load.Engine;

/// <summary>Picks what each arrival is about: the camera, point or co-handling unit its member or its feed names, or one
/// drawn at random, and the platform that subject belongs to (which node's generator issues it).</summary>
internal sealed class SubjectPicker(CityTopology topology)
{
    /// <summary>Cameras of the city (the SIP camera population is as large).</summary>
    public int CameraCount => topology.CameraCount;

    /// <summary>The subject of stream <paramref name="s"/>'s arrival at <paramref name="member"/> (−1: none).</summary>
    public Subject SubjectOf(StreamState s, int member)
    {
        var rng = s.SubjectRng;
        if (s.Feed is { } cursor)
        {
            // A feed's row names the subject (and maybe the alarm); a row naming only a point lends one of its cameras.
            var feed = s.Plan.Feed!;
            var row = cursor.Next();
            var fedPoint = feed.PointAt(row);
            var fedCamera = feed.CameraAt(row) is var c and >= 0
                ? new CameraId(c)
                : new CameraId(topology.Points[fedPoint].FirstCamera.Value + rng.Next(topology.Points[fedPoint].CameraCount));
            return new Subject(fedCamera, new PointId(fedPoint), feed.TypeAt(row));
        }
        if (s.Plan.Kind == OperationKind.CoHandling)
        {
            // A request at one of the city's co-handling posts and centres, each as likely as another.
            var unit = rng.Next(topology.CoHandling.Count);
            return new Subject(default, topology.CoHandling[unit].At, null, unit);
        }
        if (s.Plan.Kind is OperationKind.ServiceFlow or OperationKind.ClueIntake)
        {
            var point = s.Plan.Population == PopulationKind.Point && member >= 0
                ? new PointId(member)
                : topology.PointOf(new CameraId(rng.Next(topology.CameraCount))); // weighted by venue size
            return new Subject(default, point, null);
        }
        return new Subject(CameraFor(s, member, rng), default, null);
    }

    /// <summary>The platform whose generator issues an operation about <paramref name="subject"/>.</summary>
    public int PlatformOf(StreamState s, in Subject subject) =>
        (s.Plan.Kind is OperationKind.ServiceFlow or OperationKind.ClueIntake or OperationKind.CoHandling
            ? topology.PlatformOf(subject.Point)
            : topology.PlatformOf(subject.Camera)).Value;

    /// <summary>The platform a member of <paramref name="population"/> belongs to.</summary>
    public int PlatformOfMember(PopulationKind population, int member) => population switch
    {
        PopulationKind.Camera => topology.PlatformOf(new CameraId(member)).Value,
        PopulationKind.Point => topology.PlatformOf(new PointId(member)).Value,
        _ => member,
    };

    private CameraId CameraFor(StreamState s, int member, Random rng)
    {
        if (member < 0) return new CameraId(rng.Next(topology.CameraCount));
        return s.Plan.Population switch
        {
            PopulationKind.Camera => new CameraId(member),
            PopulationKind.Point => new CameraId(topology.Points[member].FirstCamera.Value + rng.Next(topology.Points[member].CameraCount)),
            PopulationKind.Platform => new CameraId(topology.Platforms[member].FirstCamera.Value + rng.Next(topology.Platforms[member].CameraCount)),
            _ => new CameraId(rng.Next(topology.CameraCount)),
        };
    }
}
