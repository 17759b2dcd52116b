using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Scenarios;
using MonitorSim.Sip.Devices;
using MonitorSim.Sip.Diagnostics;

namespace MonitorSim.Load.Targets;

/// <summary>
/// The SIP camera populations of a run: one <see cref="SipDevicePool"/> per distinct SIP target among the streams
/// (registration, keepalive and alarm streams naming the same platform share its cameras and their registrations),
/// and the routing of each stream's operations to its pool or to the in-cluster tree.
/// </summary>
public sealed class SipCameras : IAsyncDisposable
{
    private readonly IReadOnlyList<(SipTargetSpec Spec, SipCameraTree Tree)> _pools;
    private readonly SipCameraTree?[] _byStream;

    private SipCameras(IReadOnlyList<(SipTargetSpec, SipCameraTree)> pools, SipCameraTree?[] byStream)
    {
        _pools = pools;
        _byStream = byStream;
    }

    /// <summary>Starts the populations the plans name (null when none does): one camera per topology camera.</summary>
    /// <exception cref="InvalidOperationException">A password variable is not set, or the topology has more cameras
    /// than a GB/T 28181 domain can number.</exception>
    public static async Task<SipCameras?> StartAsync(
        IReadOnlyList<StreamPlan> plans, int cameras, IOperationObserver observer, CancellationToken ct)
    {
        if (plans.All(p => p.Sip is null)) return null;
        if (cameras > SipDeviceCodes.MaxDevices)
            throw new InvalidOperationException($"a SIP target numbers at most {SipDeviceCodes.MaxDevices:N0} cameras; the topology has {cameras:N0}");
        var pools = new List<(SipTargetSpec, SipCameraTree)>();
        var byStream = new SipCameraTree?[plans.Count];
        try
        {
            for (var i = 0; i < plans.Count; i++)
            {
                if (plans[i].Sip is not { } spec) continue;
                var existing = pools.FindIndex(p => p.Item1 == spec);
                if (existing < 0)
                {
                    var password = Environment.GetEnvironmentVariable(spec.PasswordEnv)
                        ?? throw new InvalidOperationException($"stream {plans[i].Name}: environment variable {spec.PasswordEnv} (the SIP password) is not set");
                    var pool = await SipDevicePool.StartAsync(new SipDevicePoolOptions
                    {
                        Target = spec.Address,
                        Domain = spec.Domain,
                        ServerId = spec.ServerId,
                        Password = password,
                        Devices = Math.Max(1, cameras),
                        Channels = spec.Channels,
                        // The scenario's registration stream renews registrations itself, at its own rate.
                        RefreshAt = plans.Any(p => p.Sip == spec && p.Kind == OperationKind.Registration) ? 0 : 0.8,
                    }, observer, ct).ConfigureAwait(false);
                    pools.Add((spec, new SipCameraTree(pool, observer)));
                    existing = pools.Count - 1;
                }
                byStream[i] = pools[existing].Item2;
            }
        }
        catch
        {
            foreach (var (_, tree) in pools) await tree.Pool.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new SipCameras(pools, byStream);
    }

    /// <summary>A tree that sends each stream's operations to its SIP cameras, or to <paramref name="cluster"/>.</summary>
    public IMonitoringTree Route(IMonitoringTree? cluster) => new RoutedTree(_byStream, cluster);

    /// <summary>One line per population: its traffic and the problems met, for the run's events.</summary>
    public IEnumerable<string> Summary()
    {
        foreach (var (spec, tree) in _pools)
        {
            var c = tree.Pool.Counters;
            var problems = c.Problems();
            var found = problems.Count == 0
                ? "no problems"
                : "problems " + string.Join(", ", problems.Select(p => FormattableString.Invariant($"{p.Key} {p.Value:N0}")));
            yield return FormattableString.Invariant(
                $"SIP cameras → {spec.Address} (domain {spec.Domain}, {tree.Pool.Devices:N0} cameras, {tree.Pool.Registered:N0} registered): {c[SipEvent.RequestsSent]:N0} requests, {c[SipEvent.Retransmissions]:N0} retransmissions, {c[SipEvent.Timeouts]:N0} timeouts, {c[SipEvent.RequestsReceived]:N0} requests from the platform; {found}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, tree) in _pools) await tree.Pool.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Routes by the ticket's stream.</summary>
    private sealed class RoutedTree(SipCameraTree?[] byStream, IMonitoringTree? cluster) : IMonitoringTree
    {
        private IMonitoringTree For(in OpTicket ticket) =>
            (IMonitoringTree?)byStream[ticket.Stream] ?? cluster ?? throw new InvalidOperationException("no tree for a stream that uses it");

        public void Register(CameraId camera, OpTicket ticket) => For(ticket).Register(camera, ticket);

        public void Keepalive(CameraId camera, OpTicket ticket) => For(ticket).Keepalive(camera, ticket);

        public void RaiseAlarm(CameraId camera, AlarmType type, OpTicket ticket) => For(ticket).RaiseAlarm(camera, type, ticket);

        public void ServiceFlow(PointId point, ServiceFlowStep step, OpTicket ticket) => For(ticket).ServiceFlow(point, step, ticket);

        public void QueryAlarm(CameraId camera, long alarmId, OpTicket ticket) => For(ticket).QueryAlarm(camera, alarmId, ticket);

        public void FileClue(PointId point, OpTicket ticket) => For(ticket).FileClue(point, ticket);

        public void ListClue(long clue, OpTicket ticket) => For(ticket).ListClue(clue, ticket);

        public void OpenCoHandling(int unit, OpTicket ticket) => For(ticket).OpenCoHandling(unit, ticket);

        // SIP cameras file no clues: what was stored under an id was stored by the cluster.
        public string? StoredIdOf(OperationKind kind, long reference) => cluster?.StoredIdOf(kind, reference);
    }
}
