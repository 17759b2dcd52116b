using MonitorSim.Domain.Operations;
using MonitorSim.Sip.Devices;
using MonitorSim.Sip.Transport;

namespace MonitorSim.Sip.Platform;

/// <summary>
/// A tree node's SIP front door (<c>monitoring: { sip: { listen: … } }</c>): one SIP port at which any GB/T 28181
/// device — the project's own SIP cameras or real ones — registers with digest, keeps alive and raises alarms, each
/// turned into the tree's own operation for the camera its code numbers (see <see cref="TreeSipBackend"/>).
/// </summary>
public sealed class SipFrontDoor : IAsyncDisposable
{
    private SipFrontDoor(SipPlatform platform, TreeSipBackend backend)
    {
        Platform = platform;
        Backend = backend;
    }

    public SipPlatform Platform { get; }

    public TreeSipBackend Backend { get; }

    /// <summary>Opens the port; <paramref name="tree"/> builds the tree's port with the given observer.</summary>
    public static SipFrontDoor Start(
        SipTarget listen, string domain, string password, int cameras, Func<IOperationObserver, IMonitoringTree> tree,
        Action<string>? log = null)
    {
        var backend = new TreeSipBackend(new SipDeviceCodes(domain), cameras);
        backend.Attach(tree(backend));
        var platform = SipPlatform.Start(new SipPlatformOptions { Listen = listen, Domain = domain, Password = password, Log = log }, backend);
        return new SipFrontDoor(platform, backend);
    }

    /// <summary>One line for the run's events: what came in and what the tree refused.</summary>
    public string Summary()
    {
        var c = Platform.Counters;
        var problems = c.Problems();
        var refused = Backend.Refusals;
        return FormattableString.Invariant(
            $"SIP front door {Platform.Address}: {Platform.Registrations.Count:N0} devices registered, {c[Diagnostics.SipEvent.RequestsReceived]:N0} requests, {Platform.Keepalives:N0} keepalives and {Platform.Alarms:N0} alarms taken; ") +
            (refused.Count == 0 ? "the tree refused none" : "the tree refused " + string.Join(", ", refused.Select(r => FormattableString.Invariant($"{r.Key} {r.Value:N0}")))) +
            (problems.Count == 0 ? "; no SIP problems" : "; SIP problems " + string.Join(", ", problems.Select(p => FormattableString.Invariant($"{p.Key} {p.Value:N0}"))));
    }

    public ValueTask DisposeAsync() => Platform.DisposeAsync();
}
