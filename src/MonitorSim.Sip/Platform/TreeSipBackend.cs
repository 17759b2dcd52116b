using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Operations.Wire;
using MonitorSim.Domain.Topology;
using MonitorSim.Sip.Devices;
using MonitorSim.Sip.Message;

namespace MonitorSim.Sip.Platform;

/// <summary>
/// Puts the model's monitoring tree behind a SIP platform: a device's REGISTER, keepalive or alarm, once its SIP side is
/// settled, becomes the tree's own registration, keepalive or alarm for the camera the device code numbers (through
/// the tree's port, so the tree routes it to the platform that owns the camera), and the SIP answer waits for the
/// tree's: 200 when the tree took it, 403 when it refused (a keepalive from a camera the tree has offline); an alarm is
/// answered 200 at once and its alarm notify answer follows when the city has acknowledged it.
/// </summary>
public sealed class TreeSipBackend : ISipPlatformBackend, IOperationObserver
{
    /// <summary>The stream number the front door's tickets carry (no stream of the engine has it).</summary>
    public const int FrontDoorStream = int.MaxValue;

    private readonly SipDeviceCodes _codes;
    private readonly int _cameras;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<bool>> _pending = new();
    private readonly ConcurrentDictionary<string, long> _refusals = new(StringComparer.Ordinal);
    private IMonitoringTree? _tree;
    private long _lastId;

    /// <param name="codes">How device codes number the tree's cameras.</param>
    /// <param name="cameras">Cameras in the tree: higher numbers are refused.</param>
    public TreeSipBackend(SipDeviceCodes codes, int cameras)
    {
        _codes = codes;
        _cameras = cameras;
    }

    /// <summary>Operations the tree refused or failed, by reason.</summary>
    public IReadOnlyDictionary<string, long> Refusals => _refusals;

    /// <summary>Operations handed to the tree and not answered yet.</summary>
    public int Pending => _pending.Count;

    /// <summary>The tree to ask, built with this backend as its observer.</summary>
    public void Attach(IMonitoringTree tree) => _tree = tree;

    public ValueTask<bool> RegisterAsync(string device, int expiresSeconds) =>
        expiresSeconds == 0
            ? ValueTask.FromResult(true) // the tree has no unregistration: the camera goes offline when its keepalives stop
            : Ask(device, static (tree, camera, ticket, _) => tree.Register(camera, ticket), default);

    public ValueTask<bool> KeepaliveAsync(string device) =>
        Ask(device, static (tree, camera, ticket, _) => tree.Keepalive(camera, ticket), default);

    public ValueTask<bool> AlarmAsync(string device, int sn, ReadOnlyMemory<byte> body)
    {
        var description = Encoding.UTF8.GetString(ManscdpReader.Element(body.Span, "AlarmDescription"u8));
        if (Manscdp.AlarmTypeOf(description) is not { } type)
        {
            _refusals.AddOrUpdate("unknown_alarm_type", 1, (_, n) => n + 1);
            return ValueTask.FromResult(false);
        }
        return Ask(device, static (tree, camera, ticket, t) => tree.RaiseAlarm(camera, t, ticket), type);
    }

    public void OnCompleted(in OpOutcome outcome)
    {
        if (!_pending.TryRemove(outcome.Ticket.Intended, out var answer)) return;
        if (outcome.Status != OpStatus.Ok) _refusals.AddOrUpdate(outcome.Reason ?? outcome.Status.ToString(), 1, (_, n) => n + 1);
        answer.TrySetResult(outcome.Status == OpStatus.Ok);
    }

    private ValueTask<bool> Ask(string device, Action<IMonitoringTree, CameraId, OpTicket, AlarmType> send, AlarmType type)
    {
        var tree = _tree ?? throw new InvalidOperationException("the front door has no tree attached");
        if (!_codes.TryIndex(Encoding.ASCII.GetBytes(device), out var camera) || camera >= _cameras)
        {
            _refusals.AddOrUpdate("not_a_camera_of_the_tree", 1, (_, n) => n + 1);
            return ValueTask.FromResult(false);
        }
        // The ticket's intended time doubles as its id (kept unique), so the outcome finds its SIP answer.
        long id;
        do
        {
            var last = Interlocked.Read(ref _lastId);
            id = Math.Max(last + 1, Stopwatch.GetTimestamp());
            if (Interlocked.CompareExchange(ref _lastId, id, last) == last) break;
        }
        while (true);
        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        send(tree, new CameraId(camera), new OpTicket(FrontDoorStream, camera, id, id), type);
        return new ValueTask<bool>(answer.Task);
    }
}
