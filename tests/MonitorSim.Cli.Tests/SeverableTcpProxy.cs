using System.Net;
using System.Net.Sockets;

namespace MonitorSim.Cli.Tests;

/// <summary>
/// A loopback TCP relay in front of a real server that the test can cut: <see cref="Sever"/> stops accepting connections
/// and resets every open one, so that to its clients the server has gone away (as a database host that died or a network
/// that broke), while the server itself and anyone else using it carry on. Lets a test take a shared PostgreSQL away from
/// one run only.
/// </summary>
internal sealed class SeverableTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _cut = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private int _accepted;

    public SeverableTcpProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>The loopback port clients connect to.</summary>
    public int Port { get; }

    /// <summary>How many connections were relayed before the cut (the client did use the relay).</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>From now on connections are refused and those open are reset (RST, not a polite close).</summary>
    public void Sever()
    {
        _cut.Cancel();
        _listener.Stop();
        lock (_open)
        {
            foreach (var client in _open)
            {
                try
                {
                    client.Client.LingerState = new LingerOption(true, 0); // close with RST
                    client.Close();
                }
                catch (ObjectDisposedException)
                {
                }
            }
            _open.Clear();
        }
    }

    private async Task AcceptAsync()
    {
        while (!_cut.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_cut.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = RelayAsync(inbound);
        }
    }

    private async Task RelayAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        lock (_open)
        {
            if (_cut.IsCancellationRequested)
            {
                inbound.Dispose();
                outbound.Dispose();
                return;
            }
            _open.Add(inbound);
            _open.Add(outbound);
        }
        try
        {
            await outbound.ConnectAsync(_targetHost, _targetPort, _cut.Token);
            Interlocked.Increment(ref _accepted);
            var a = inbound.GetStream();
            var b = outbound.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, _cut.Token), b.CopyToAsync(a, _cut.Token));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            lock (_open)
            {
                _open.Remove(inbound);
                _open.Remove(outbound);
            }
            inbound.Dispose();
            outbound.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Sever();
        await _accepting;
        _cut.Dispose();
    }
}
