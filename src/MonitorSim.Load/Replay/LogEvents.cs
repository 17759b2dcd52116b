using MonitorSim.Domain.Operations;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Load.Replay;

/// <summary>The event types of an incident log (the operations' names) and their optional fields' values.</summary>
public static class LogEvents
{
    /// <summary>The operations a log line can be: every kind the tree answers on its own (clue_listing only follows a clue
    /// intake, on the clue it filed, so a log cannot name it).</summary>
    public static readonly OperationKind[] Replayable =
    [
        OperationKind.Keepalive, OperationKind.Registration, OperationKind.Alarm, OperationKind.AlarmQuery,
        OperationKind.ServiceFlow, OperationKind.ClueIntake,
    ];

    /// <summary>Whether an event of this kind is about a service point (else a camera).</summary>
    public static bool AboutPoint(OperationKind kind) => kind is OperationKind.ServiceFlow or OperationKind.ClueIntake;

    public static readonly string[] StepNames = ["take_number", "called", "served", "evaluated"];

    private static readonly byte[][] KindNames = Replayable.Select(k => System.Text.Encoding.UTF8.GetBytes(OperationNames.Of(k))).ToArray();
    private static readonly byte[][] AlarmNames = Enum.GetValues<AlarmType>()
        .Select(t => System.Text.Encoding.UTF8.GetBytes(AlarmTypeNames.ByName.First(p => p.Value == t).Key)).ToArray();
    private static readonly byte[][] StepBytes = StepNames.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();

    /// <summary>The kind named <paramref name="name"/>, or null.</summary>
    public static OperationKind? KindOf(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < KindNames.Length; i++) if (name.SequenceEqual(KindNames[i])) return Replayable[i];
        return null;
    }

    /// <summary>The alarm type named <paramref name="name"/>, or −1.</summary>
    public static int AlarmOf(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < AlarmNames.Length; i++) if (name.SequenceEqual(AlarmNames[i])) return i;
        return -1;
    }

    /// <summary>The service-flow step named <paramref name="name"/>, or −1.</summary>
    public static int StepOf(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < StepBytes.Length; i++) if (name.SequenceEqual(StepBytes[i])) return i;
        return -1;
    }

    public static string AlarmName(int type) => AlarmTypeNames.ByName.First(p => (int)p.Value == type).Key;

    public static string KindList => string.Join(", ", Replayable.Select(OperationNames.Of));
}
