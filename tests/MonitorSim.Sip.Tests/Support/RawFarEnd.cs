using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace MonitorSim.Sip.Tests.Support;

/// <summary>
/// A scripted SIP far end on a loopback UDP socket: every datagram is recorded, and <see cref="Answer"/> decides what
/// (if anything) goes back to its sender.
/// </summary>
public sealed class RawFarEnd : IAsyncDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public RawFarEnd(Func<byte[], int, byte[]?> answer)
    {
        Answer = answer;
        _loop = Task.Run(Loop);
    }

    /// <summary>(request bytes, how many datagrams came before it) → reply, or null to stay silent.</summary>
    public Func<byte[], int, byte[]?> Answer { get; }

    public int Port => ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;

    public ConcurrentQueue<byte[]> Received { get; } = new();

    /// <summary>Sends raw bytes to <paramref name="port"/> on loopback.</summary>
    public Task SendAsync(byte[] datagram, int port) => _socket.SendAsync(datagram, new IPEndPoint(IPAddress.Loopback, port)).AsTask();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // stopping
        }
    }

    private async Task Loop()
    {
        while (!_stop.IsCancellationRequested)
        {
            var result = await _socket.ReceiveAsync(_stop.Token);
            var before = Received.Count;
            Received.Enqueue(result.Buffer);
            var reply = Answer(result.Buffer, before);
            if (reply is not null) await _socket.SendAsync(reply, result.RemoteEndPoint, _stop.Token);
        }
    }
}
