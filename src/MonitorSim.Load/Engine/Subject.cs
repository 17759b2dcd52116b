using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Load.Engine;

/// <summary>Who an operation is about: a camera (camera operations), a point (service flow), and for a fed alarm its type.</summary>
/// <param name="Unit">For a co-handled request, the co-handling post or centre (an index into the topology's).</param>
internal readonly record struct Subject(CameraId Camera, PointId Point, AlarmType? Alarm, int Unit = -1);
