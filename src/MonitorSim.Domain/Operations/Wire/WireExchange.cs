namespace MonitorSim.Domain.Operations.Wire;

/// <summary>Which way a message of an exchange travels.</summary>
public enum WireDirection
{
    /// <summary>From the side that started the operation (camera, lower level, queue terminal) towards the other.</summary>
    Forward,
    /// <summary>Back towards the side that started it.</summary>
    Back,
}

/// <summary>One message of an exchange and the way it travels.</summary>
public sealed record WirePacket(WireDirection Direction, WireMessage Message);

/// <summary>All the messages one operation (or one alarm leg) puts on the wire, in order.</summary>
public sealed class WireExchange
{
    public WireExchange(string name, IReadOnlyList<WirePacket> packets)
    {
        Name = name;
        Packets = packets;
        var sent = 0;
        var received = 0;
        foreach (var p in packets)
        {
            if (p.Direction == WireDirection.Forward) sent += p.Message.ByteCount;
            else received += p.Message.ByteCount;
        }
        Size = new WireSize(sent, received);
    }

    public string Name { get; }

    public IReadOnlyList<WirePacket> Packets { get; }

    /// <summary>Forward bytes as <see cref="WireSize.Sent"/>, back bytes as <see cref="WireSize.Received"/>.</summary>
    public WireSize Size { get; }

    /// <summary>The exchanges one after the other (an alarm's legs).</summary>
    public static WireExchange Concat(string name, IEnumerable<WireExchange> parts) =>
        new(name, parts.SelectMany(p => p.Packets).ToArray());

    public override string ToString() => $"{Name}: {Size}";
}
