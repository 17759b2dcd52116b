using System.Net;
using System.Net.Sockets;
using System.Text;
using MonitorSim.Sip.Diagnostics;
using MonitorSim.Sip.Message;

namespace MonitorSim.Sip.Transport;

/// <summary>
/// SIP over UDP on a small pool of sockets (RFC 3261 §18): each socket carries the devices assigned to it, a receive
/// thread per socket hands every datagram to the receiver, and sends go straight out of the caller's thread. Responses
/// find their transaction by branch and requests their device by Request-URI, so nothing is keyed by socket.
/// </summary>
/// <remarks>
/// The receive side is a thread blocked in <c>recvfrom</c> per socket, not an async loop: on Linux an async receive
/// that finds no datagram waiting is woken by the runtime's epoll thread and then continued on a thread-pool thread,
/// two thread switches per datagram when they arrive one by one, as they do at tens of thousands a second. A
/// blocking receive is one wake-up, and the sockets stay in blocking mode because nothing on them is async.
/// </remarks>
public sealed class UdpTransport : ISipTransport
{
    /// <summary>Kernel buffer asked per socket, so a burst (a registration storm) waits in the kernel, not on the wire.</summary>
    public const int SocketBufferBytes = 4 << 20;

    private readonly Socket[] _sockets;
    private readonly byte[][] _sentBy;
    private readonly PeerBook _peers = new();
    private readonly int _targetPeer;
    private readonly ISipReceiver _receiver;
    private readonly SipCounters _counters;
    private readonly Thread[] _receivers;
    private volatile bool _stopped;

    private UdpTransport(Socket[] sockets, IPAddress advertised, IPEndPoint? target, ISipReceiver receiver, SipCounters counters)
    {
        _sockets = sockets;
        _receiver = receiver;
        _counters = counters;
        _sentBy = [.. sockets.Select(s => Encoding.ASCII.GetBytes(
            $"{advertised}:{((IPEndPoint)s.LocalEndPoint!).Port}"))];
        _targetPeer = target is null ? -1 : _peers.Intern(target.Serialize());
        _receivers = new Thread[sockets.Length];
        for (var i = 0; i < sockets.Length; i++)
        {
            var channel = i;
            _receivers[i] = new Thread(() => ReceiveLoop(channel)) { IsBackground = true, Name = $"sip-udp-receive-{i}" };
            _receivers[i].Start();
        }
    }

    /// <summary>
    /// Binds <paramref name="sockets"/> sockets on <paramref name="local"/> (port 0: ephemeral ports; else that port
    /// and the ones after it) and starts receiving. <paramref name="target"/> is the far end requests go to (null for a
    /// server that only answers).
    /// </summary>
    public static UdpTransport Open(IPEndPoint local, int sockets, IPEndPoint? target, ISipReceiver receiver, SipCounters counters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sockets, 1);
        var opened = new Socket[sockets];
        try
        {
            for (var i = 0; i < sockets; i++)
            {
                var s = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
                {
                    ReceiveBufferSize = SocketBufferBytes,
                    SendBufferSize = SocketBufferBytes,
                };
                opened[i] = s;
                s.Bind(new IPEndPoint(local.Address, local.Port == 0 ? 0 : local.Port + i));
            }
        }
        catch
        {
            foreach (var s in opened) s?.Dispose();
            throw;
        }
        return new UdpTransport(opened, Advertised(local.Address, target), target, receiver, counters);
    }

    public SipTransportKind Kind => SipTransportKind.Udp;

    public int Channels => _sockets.Length;

    public ReadOnlySpan<byte> SentBy(int channel) => _sentBy[channel];

    public SipRoute RouteToTarget(int channel) =>
        _targetPeer >= 0 ? new SipRoute(channel, _targetPeer) : throw new InvalidOperationException("this transport has no target");

    public ReadOnlySpan<byte> PeerHost(SipRoute route) => _peers.Host(route.Peer);

    public int PeerPort(SipRoute route) => _peers.Port(route.Peer);

    /// <summary>The local port of a channel.</summary>
    public int LocalPort(int channel) => ((IPEndPoint)_sockets[channel].LocalEndPoint!).Port;

    public bool Send(ReadOnlySpan<byte> message, SipRoute route)
    {
        try
        {
            _sockets[route.Channel].SendTo(message, SocketFlags.None, _peers.Address(route.Peer));
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Closes the sockets, which wakes the receive threads (the runtime shuts a socket down before closing it), and waits for them briefly.</summary>
    public void Dispose()
    {
        _stopped = true;
        foreach (var s in _sockets) s.Dispose();
        foreach (var t in _receivers)
            if (t != Thread.CurrentThread) t.Join(TimeSpan.FromSeconds(1));
    }

    private void ReceiveLoop(int channel)
    {
        var socket = _sockets[channel];
        var buffer = GC.AllocateUninitializedArray<byte>(SipParser.MaxMessageBytes + 1, pinned: true);
        var from = new SocketAddress(socket.AddressFamily);
        while (!_stopped)
        {
            int received;
            try
            {
                received = socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                if (_stopped) return;
                continue; // an ICMP error for an earlier send; the socket itself is fine
            }
            if (_stopped) return; // the zero-length wake-up of a shut-down socket
            try
            {
                _receiver.OnReceived(buffer.AsSpan(0, received), new SipRoute(channel, _peers.Intern(from)));
            }
            catch (Exception e)
            {
                _counters.Count(SipProblem.HandlerError, Encoding.UTF8.GetBytes(e.ToString()));
            }
        }
    }

    /// <summary>The address to put in Via and Contact: the bound one, or for a wildcard bind the one that reaches the target.</summary>
    private static IPAddress Advertised(IPAddress bound, IPEndPoint? target)
    {
        if (!bound.Equals(IPAddress.Any) && !bound.Equals(IPAddress.IPv6Any)) return bound;
        if (target is null) return IPAddress.Loopback;
        using var probe = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        probe.Connect(target); // sends nothing: asks the routing table which local address reaches the target
        return ((IPEndPoint)probe.LocalEndPoint!).Address;
    }
}
