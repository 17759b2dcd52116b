using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace MonitorSim.Telemetry.Tests;

internal static class Net
{
    /// <summary>A loopback port nobody listens on right now (the system's pick).</summary>
    public static int FreePort() => MonitorSim.TestSupport.LoopbackPort.Free();

    /// <summary>An HTTP client that never goes through a proxy, with a short timeout.</summary>
    public static HttpClient Client() => new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(20) };

    /// <summary>Whether something accepts TCP connections on <paramref name="address"/>:<paramref name="port"/>.</summary>
    public static bool Accepts(IPAddress address, int port)
    {
        using var client = new TcpClient(address.AddressFamily);
        try
        {
            client.Connect(address, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>This machine's IPv4 addresses other than loopback (none on an isolated machine).</summary>
    public static IReadOnlyList<IPAddress> NonLoopbackIPv4() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            .ToList();
}
