using System.Net;
using System.Net.Sockets;

namespace MonitorSim.TestSupport;

/// <summary>Loopback ports for test servers.</summary>
internal static class LoopbackPort
{
    /// <summary>A loopback port nobody listens on right now (the system's pick).</summary>
    public static int Free()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
