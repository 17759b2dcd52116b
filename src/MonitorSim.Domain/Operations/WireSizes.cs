using System.Globalization;
using System.Text;
using MonitorSim.Domain.Operations.Wire;

namespace MonitorSim.Domain.Operations;

/// <summary>
/// Bytes an operation puts on the wire. <see cref="Sent"/> travels from the side that starts the operation (camera,
/// lower level, queue terminal) towards the other, <see cref="Received"/> travels back. For a one-hop operation
/// these are the requester's bytes sent and received; for an alarm they are summed over all hops.
/// </summary>
public readonly record struct WireSize(int Sent, int Received)
{
    public int Total => Sent + Received;

    public static WireSize operator +(WireSize a, WireSize b) => new(a.Sent + b.Sent, a.Received + b.Received);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Sent} B sent / {Received} B received");
}

/// <summary>The hops an alarm climbs; each is acknowledged before the next (docs/domain.md#alarms, GB/T 28181-2016 §9.4).</summary>
public enum AlarmLeg
{
    /// <summary>Camera → the service point's NVR.</summary>
    CameraToPoint,
    /// <summary>Service point → its second-level platform.</summary>
    PointToPlatform,
    /// <summary>Second-level platform → city platform (cascade).</summary>
    PlatformToCity,
}

/// <summary>
/// How many bytes each modelled operation would put on the wire in a real GB/T 28181 deployment. The actors
/// exchange in-process messages; these figures come from rendering the SIP + MANSCDP messages a real device and
/// platform would exchange for the same operation (<see cref="Gb28181Messages"/>, <see cref="ReferenceExchanges"/>),
/// once, when the type is first used. Lookups are array reads: no allocation.
/// </summary>
/// <example><c>var size = WireSizes.Of(OperationKind.Keepalive); bytesOut += size.Sent; bytesIn += size.Received;</c></example>
public static class WireSizes
{
    /// <summary>
    /// One entry per <see cref="OperationKind"/>: how to render its exchange. A new kind is one more line here; a kind
    /// without one makes <see cref="Of(OperationKind)"/> throw (and WireSizesTests fail).
    /// </summary>
    private static readonly (OperationKind Kind, Func<WireExchange> Render)[] Models =
    [
        (OperationKind.Keepalive, () => ReferenceExchanges.Keepalive()),
        (OperationKind.Registration, () => ReferenceExchanges.Registration()),
        (OperationKind.Alarm, () => ReferenceExchanges.Alarm(LargestAlarm())),
        (OperationKind.ServiceFlow, LargestServiceFlow),
        (OperationKind.AlarmQuery, ReferenceExchanges.AlarmQuery),
        (OperationKind.ClueIntake, ReferenceExchanges.ClueIntake),
        (OperationKind.ClueListing, ReferenceExchanges.ClueListing),
        (OperationKind.CoHandling, ReferenceExchanges.CoHandling),
    ];

    private static readonly WireSize[] ByKind;
    private static readonly WireSize[] ByLeg;

    static WireSizes()
    {
        var kinds = Enum.GetValues<OperationKind>();
        ByKind = new WireSize[kinds.Max(k => (int)k) + 1];
        foreach (var (kind, render) in Models) ByKind[(int)kind] = render().Size;

        var legs = Enum.GetValues<AlarmLeg>();
        ByLeg = new WireSize[legs.Length];
        var alarm = LargestAlarm();
        foreach (var leg in legs) ByLeg[(int)leg] = ReferenceExchanges.AlarmHop(leg, alarm).Size;

        CatalogItem = Encoding.UTF8.GetByteCount(Manscdp.CatalogItem(ReferenceExchanges.CatalogEntry()));
    }

    /// <summary>Bytes sent and received over the whole exchange of <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The kind has no wire model yet.</exception>
    public static WireSize Of(OperationKind kind) =>
        TryOf(kind, out var size)
            ? size
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "no wire model for this operation kind");

    public static bool TryOf(OperationKind kind, out WireSize size)
    {
        size = (uint)kind < (uint)ByKind.Length ? ByKind[(int)kind] : default;
        return size.Sent > 0;
    }

    /// <summary>One hop of an alarm: the notify and the answer's 200 OK forward, the notify's 200 OK and the answer back.</summary>
    public static WireSize Of(AlarmLeg leg) => ByLeg[(int)leg];

    /// <summary>UTF-8 bytes of one <c>&lt;Item&gt;</c> of a catalog response (a camera at a service point).</summary>
    public static int CatalogItem { get; }

    /// <summary>Renders the exchange behind <see cref="Of(OperationKind)"/> again, message by message (allocates).</summary>
    public static WireExchange Exchange(OperationKind kind)
    {
        foreach (var (k, render) in Models)
            if (k == kind) return render();
        throw new ArgumentOutOfRangeException(nameof(kind), kind, "no wire model for this operation kind");
    }

    // Alarm types differ by a digit or two (AlarmMethod/AlarmType codes); the figure is the largest, so it bounds all.
    private static AlarmNotice LargestAlarm() =>
        Enum.GetValues<AlarmType>()
            .Select(t => ReferenceExchanges.SampleAlarm(t))
            .MaxBy(a => ReferenceExchanges.Alarm(a).Size.Total)!;

    // Steps differ only in the length of the step's name; the largest bounds all.
    private static WireExchange LargestServiceFlow() =>
        Enum.GetValues<ServiceFlowStep>().Select(ReferenceExchanges.ServiceFlow).MaxBy(e => e.Size.Total)!;
}
