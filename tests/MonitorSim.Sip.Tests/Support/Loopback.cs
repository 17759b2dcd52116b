using System.Diagnostics;
using MonitorSim.Domain.Operations;
using MonitorSim.Sip.Devices;
using MonitorSim.Sip.Platform;
using MonitorSim.Sip.Transactions;
using MonitorSim.Sip.Transport;

namespace MonitorSim.Sip.Tests.Support;

/// <summary>A platform and a camera population on loopback, over the transport a test names.</summary>
public static class Loopback
{
    public const string Domain = "3203000000";
    public const string Password = "12345678";

    /// <summary>Short timers so a retransmission test takes a fraction of a second.</summary>
    public static readonly SipTimers FastTimers = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(500));

    public static SipPlatform Platform(SipTransportKind kind, ISipPlatformBackend? backend = null, string password = Password) =>
        SipPlatform.Start(new SipPlatformOptions
        {
            Listen = new SipTarget(kind, "127.0.0.1", 0),
            Domain = Domain,
            Password = password,
        }, backend);

    public static Task<SipDevicePool> Devices(SipTarget target, IOperationObserver observer, int devices = 4,
        string password = Password, SipTimers? timers = null) =>
        SipDevicePool.StartAsync(new SipDevicePoolOptions
        {
            Target = target,
            Domain = Domain,
            Password = password,
            Devices = devices,
            Channels = 2,
            Timers = timers ?? SipTimers.Rfc3261,
        }, observer);

    public static OpTicket Ticket(int subject)
    {
        var now = Stopwatch.GetTimestamp();
        return new OpTicket(0, subject, now, now);
    }
}
