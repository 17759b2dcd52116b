using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MonitorSim.Sip.Diagnostics;
using MonitorSim.Sip.Message;

namespace MonitorSim.Sip.Transport;

/// <summary>
/// SIP over TCP (RFC 3261 §18): a device endpoint opens a few connections to the platform and multiplexes its devices
/// over them; a platform accepts connections and answers each request on the connection it came in on. Messages are
/// framed by Content-Length (§18.3), blank-line keep-alives are skipped, and a stream that cannot be framed is counted
/// and closed (it cannot be resynchronised). Writes to one connection are serialised.
/// </summary>
public sealed class TcpTransport : ISipTransport
{
    private readonly ConcurrentDictionary<int, Connection> _connections = new();
    private readonly ISipReceiver _receiver;
    private readonly SipCounters _counters;
    private readonly CancellationTokenSource _stop = new();
    private readonly Socket? _listener;
    private readonly int _outgoing;
    private int _nextId;

    private TcpTransport(ISipReceiver receiver, SipCounters counters, Socket? listener, int outgoing)
    {
        _receiver = receiver;
        _counters = counters;
        _listener = listener;
        _outgoing = outgoing;
    }

    /// <summary>Opens <paramref name="connections"/> connections to <paramref name="target"/> and starts reading them.</summary>
    public static async Task<TcpTransport> ConnectAsync(
        IPEndPoint target, int connections, ISipReceiver receiver, SipCounters counters, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        var transport = new TcpTransport(receiver, counters, null, connections);
        try
        {
            for (var i = 0; i < connections; i++)
            {
                var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(target, cancel).ConfigureAwait(false);
                transport.Adopt(socket);
            }
        }
        catch
        {
            transport.Dispose();
            throw;
        }
        return transport;
    }

    /// <summary>Listens on <paramref name="local"/> (port 0: an ephemeral one, see <see cref="ListenPort"/>).</summary>
    public static TcpTransport Listen(IPEndPoint local, ISipReceiver receiver, SipCounters counters)
    {
        var listener = new Socket(local.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(local);
            listener.Listen(1024);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        var transport = new TcpTransport(receiver, counters, listener, 0);
        _ = Task.Run(transport.AcceptLoop);
        return transport;
    }

    public SipTransportKind Kind => SipTransportKind.Tcp;

    public int Channels => Math.Max(1, _outgoing);

    /// <summary>The listening port (0 for a transport that connects out).</summary>
    public int ListenPort => _listener is null ? 0 : ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public ReadOnlySpan<byte> SentBy(int channel) =>
        _connections.TryGetValue(channel, out var c) ? c.SentBy : _listenerSentBy ??= ListenerSentBy();

    public SipRoute RouteToTarget(int channel) => new(channel, 0);

    public ReadOnlySpan<byte> PeerHost(SipRoute route) =>
        _connections.TryGetValue(route.Channel, out var c) ? c.PeerHost : default;

    public int PeerPort(SipRoute route) => _connections.TryGetValue(route.Channel, out var c) ? c.PeerPort : 0;

    public bool Send(ReadOnlySpan<byte> message, SipRoute route)
    {
        if (!_connections.TryGetValue(route.Channel, out var c)) return false;
        try
        {
            lock (c.WriteGate)
            {
                while (!message.IsEmpty) message = message[c.Socket.Send(message)..];
            }
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Close(route.Channel);
            return false;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener?.Dispose();
        foreach (var id in _connections.Keys) Close(id);
    }

    private byte[]? _listenerSentBy;

    private byte[] ListenerSentBy() =>
        _listener is null ? [] : Encoding.ASCII.GetBytes(((IPEndPoint)_listener.LocalEndPoint!).ToString());

    private int Adopt(Socket socket)
    {
        var id = Interlocked.Increment(ref _nextId) - 1;
        var local = (IPEndPoint)socket.LocalEndPoint!;
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        var connection = new Connection(socket, Encoding.ASCII.GetBytes(local.ToString()),
            Encoding.ASCII.GetBytes(remote.Address.ToString()), remote.Port);
        _connections[id] = connection;
        _ = Task.Run(() => ReadLoop(id, connection));
        return id;
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var socket = await _listener!.AcceptAsync(_stop.Token).ConfigureAwait(false);
                socket.NoDelay = true;
                Adopt(socket);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // a connection that failed while being accepted; keep accepting
            }
        }
    }

    private async Task ReadLoop(int id, Connection c)
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length > 2 * SipParser.MaxMessageBytes)
                    {
                        _counters.Count(SipProblem.TooLarge, buffer.AsSpan(0, 200));
                        return;
                    }
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
                var read = await c.Socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _stop.Token).ConfigureAwait(false);
                if (read == 0) return;
                filled += read;
                var consumed = Deliver(buffer.AsSpan(0, filled), id);
                if (consumed < 0) return;
                if (consumed > 0)
                {
                    Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                    filled -= consumed;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // closed by either end
        }
        finally
        {
            Close(id);
        }
    }

    /// <summary>Hands every whole message at the front of <paramref name="data"/> on; the bytes used, or -1 to close.</summary>
    private int Deliver(ReadOnlySpan<byte> data, int id)
    {
        var offset = 0;
        while (offset < data.Length)
        {
            offset += SipParser.LeadingBlankLines(data[offset..]);
            if (offset >= data.Length) break;
            var problem = SipParser.Parse(data[offset..], stream: true, out var message);
            if (problem == SipProblem.Incomplete) break;
            if (problem != SipProblem.None)
            {
                _counters.Count(problem, data[offset..]);
                return -1;
            }
            var length = message.Length;
            try
            {
                _receiver.OnReceived(data.Slice(offset, length), new SipRoute(id, 0));
            }
            catch (Exception e)
            {
                _counters.Count(SipProblem.HandlerError, Encoding.UTF8.GetBytes(e.ToString()));
            }
            offset += length;
        }
        return offset;
    }

    private void Close(int id)
    {
        if (!_connections.TryRemove(id, out var c)) return;
        try
        {
            c.Socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // already gone
        }
        c.Socket.Dispose();
    }

    private sealed record Connection(Socket Socket, byte[] SentBy, byte[] PeerHost, int PeerPort)
    {
        public Lock WriteGate { get; } = new();
    }
}
