using System.Net;

namespace MonitorSim.Dashboard;

/// <summary>Where the live dashboard listens and how long it stays up after the run.</summary>
/// <param name="Port">TCP port; 0 lets the operating system pick a free one (printed with the URL).</param>
/// <param name="Bind">The interface: loopback unless asked otherwise (<c>--dashboard-bind</c>), since the page has no
/// login and shows the run to whoever can reach it.</param>
/// <param name="KeepAfterRun">How long the page is still served after the run ended (its final figures and reports);
/// <see cref="Timeout.InfiniteTimeSpan"/>: until the user stops the command (Ctrl+C).</param>
public sealed record DashboardOptions(int Port, IPAddress Bind, TimeSpan KeepAfterRun)
{
    /// <summary>Whether the page can be reached from other machines.</summary>
    public bool Exposed => !IPAddress.IsLoopback(Bind);
}
