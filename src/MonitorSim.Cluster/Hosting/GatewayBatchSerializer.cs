using System.Buffers.Binary;
using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Operations;

namespace MonitorSim.Cluster.Hosting;

/// <summary>
/// The bytes of the two messages that carry every camera operation across nodes — <see cref="DeviceBatch"/> (the load
/// engine's device messages to a node's camera gateway) and <see cref="OperationDoneBatch"/> (their answers coming back) —
/// written field by field instead of by Hyperion.
/// </summary>
/// <remarks>
/// <para><b>Why not Hyperion here.</b> With the load generator apart from the tree (<c>--generator-apart</c>) every
/// operation crosses twice, about 36,000 items a second at a province. Hyperion writes each item's type, resolves each
/// item's <c>ReplyTo</c> (always <c>Nobody</c> inside a batch: the gateway answers through its reply pump) as an actor
/// path on the way in, and builds its object graph through generic readers; a fixed layout per item does none of that.
/// Measured by <c>WireSerializationBenchmark</c> (docs/province.md). Nothing of it is persisted, so the layout may change
/// from build to build (all nodes of a cluster run the same build).</para>
/// <para><b>Layout</b> (little-endian). A device batch: the reply-to's path (length-prefixed UTF-8), the item count, then
/// per item a tag byte and its fields — keepalive and registration: platform, camera, ticket; alarm: platform, point,
/// camera, type, ticket; service-flow step: platform, point, step, ticket. A ticket is stream, subject, intended, started,
/// step, step-started (36 bytes). An item of any other type, or with a <c>ReplyTo</c> other than <c>Nobody</c>, is written
/// by the serializer Akka finds for it (its id, manifest and bytes), so the batch never loses anything it was given. An
/// answer batch: the count, then per answer the ticket, kind, status, a flag byte (hops present, reason present), the
/// three hop times when present, the reason when present, and the reference.</para>
/// </remarks>
public sealed class GatewayBatchSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer's name in the actor system's configuration.</summary>
    public const string Name = "gateway-batch";

    private const string DeviceBatchManifest = "D";
    private const string AnswerBatchManifest = "A";
    private const byte OtherTag = 0, KeepaliveTag = 1, RegisterTag = 2, AlarmTag = 3, ServiceFlowTag = 4;
    private const byte HasHops = 1, HasReason = 2;

    [ThreadStatic] private static byte[]? _buffer;

    /// <summary>Akka creates it with the system it serves.</summary>
    public GatewayBatchSerializer(ExtendedActorSystem system) : base(system) { }

    /// <summary>Akka's id for this serializer: any number above 100 that no other serializer of the system uses.</summary>
    public override int Identifier => 28_181;

    /// <inheritdoc />
    public override string Manifest(object o) => o switch
    {
        DeviceBatch => DeviceBatchManifest,
        OperationDoneBatch => AnswerBatchManifest,
        _ => throw new ArgumentException($"{Name} cannot write a {o.GetType().Name}", nameof(o)),
    };

    /// <inheritdoc />
    public override byte[] ToBinary(object obj)
    {
        var w = new Writer(_buffer ??= new byte[4096]);
        switch (obj)
        {
            case DeviceBatch b: WriteDevices(ref w, b); break;
            case OperationDoneBatch b: WriteAnswers(ref w, b); break;
            default: throw new ArgumentException($"{Name} cannot write a {obj.GetType().Name}", nameof(obj));
        }
        _buffer = w.Buffer; // keep the grown buffer for the next batch of this thread
        return w.Buffer.AsSpan(0, w.Length).ToArray();
    }

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        var r = new Reader(bytes);
        return manifest switch
        {
            DeviceBatchManifest => ReadDevices(ref r),
            AnswerBatchManifest => ReadAnswers(ref r),
            _ => throw new SerializationException($"{Name}: unknown manifest '{manifest}'"),
        };
    }

    private void WriteDevices(ref Writer w, DeviceBatch b)
    {
        // The engine's sink is a temp actor of this node: Akka's own SerializedActorPath writes such a ref without any
        // address outside remoting's call (a test, a benchmark), which the other node would take for one of its own.
        w.String(b.ReplyTo.Path.ToSerializationFormatWithAddress(system.Provider.DefaultAddress));
        w.Int(b.Messages.Length);
        foreach (var m in b.Messages)
        {
            switch (m)
            {
                case Keepalive k when k.ReplyTo.IsNobody():
                    w.Byte(KeepaliveTag); w.Int(k.Platform); w.Int(k.Camera); w.Ticket(k.Ticket);
                    break;
                case Register g when g.ReplyTo.IsNobody():
                    w.Byte(RegisterTag); w.Int(g.Platform); w.Int(g.Camera); w.Ticket(g.Ticket);
                    break;
                case RaiseAlarm a when a.ReplyTo.IsNobody():
                    w.Byte(AlarmTag); w.Int(a.Platform); w.Int(a.Point); w.Int(a.Camera); w.Byte((byte)a.Type); w.Ticket(a.Ticket);
                    break;
                case ServiceFlowRequest s when s.ReplyTo.IsNobody():
                    w.Byte(ServiceFlowTag); w.Int(s.Platform); w.Int(s.Point); w.Byte((byte)s.Step); w.Ticket(s.Ticket);
                    break;
                default:
                    WriteOther(ref w, m);
                    break;
            }
        }
    }

    private void WriteOther(ref Writer w, object m)
    {
        var serializer = system.Serialization.FindSerializerFor(m);
        w.Byte(OtherTag);
        w.Int(serializer.Identifier);
        w.String(Akka.Serialization.Serialization.ManifestFor(serializer, m));
        var bytes = serializer.ToBinary(m);
        w.Int(bytes.Length);
        w.Bytes(bytes);
    }

    private DeviceBatch ReadDevices(ref Reader r)
    {
        var replyTo = system.Provider.ResolveActorRef(r.String());
        var messages = new ITreeMessage[r.Int()];
        var nobody = ActorRefs.Nobody;
        for (var i = 0; i < messages.Length; i++)
        {
            messages[i] = r.Byte() switch
            {
                KeepaliveTag => new Keepalive(r.Int(), r.Int(), r.Ticket(), nobody),
                RegisterTag => new Register(r.Int(), r.Int(), r.Ticket(), nobody),
                AlarmTag => new RaiseAlarm(r.Int(), r.Int(), r.Int(), (AlarmType)r.Byte(), r.Ticket(), nobody),
                ServiceFlowTag => new ServiceFlowRequest(r.Int(), r.Int(), (ServiceFlowStep)r.Byte(), r.Ticket(), nobody),
                OtherTag => (ITreeMessage)ReadOther(ref r),
                var tag => throw new SerializationException($"{Name}: unknown item tag {tag} at item {i}"),
            };
        }
        return new DeviceBatch(replyTo, messages);
    }

    private object ReadOther(ref Reader r)
    {
        var serializerId = r.Int();
        var manifest = r.String();
        var bytes = r.Bytes(r.Int());
        return system.Serialization.Deserialize(bytes, serializerId, manifest);
    }

    private static void WriteAnswers(ref Writer w, OperationDoneBatch b)
    {
        w.Int(b.Done.Length);
        foreach (var d in b.Done)
        {
            w.Ticket(d.Ticket);
            w.Int((int)d.Kind);
            w.Byte((byte)d.Status);
            var hops = d.Hops != default;
            w.Byte((byte)((hops ? HasHops : 0) | (d.Reason is null ? 0 : HasReason)));
            if (hops) { w.Long(d.Hops.PointAcked); w.Long(d.Hops.PlatformAcked); w.Long(d.Hops.CityAcked); }
            if (d.Reason is { } reason) w.String(reason);
            w.Long(d.Ref);
        }
    }

    private static OperationDoneBatch ReadAnswers(ref Reader r)
    {
        var done = new OperationDone[r.Int()];
        for (var i = 0; i < done.Length; i++)
        {
            var ticket = r.Ticket();
            var kind = (OperationKind)r.Int();
            var status = (OpStatus)r.Byte();
            var flags = r.Byte();
            var hops = (flags & HasHops) != 0 ? new AlarmHops(r.Long(), r.Long(), r.Long()) : default;
            var reason = (flags & HasReason) != 0 ? r.String() : null;
            done[i] = new OperationDone(ticket, kind, status, hops, reason, r.Long());
        }
        return new OperationDoneBatch(done);
    }

    /// <summary>Appends little-endian fields to a buffer that doubles when full.</summary>
    private struct Writer(byte[] buffer)
    {
        public byte[] Buffer = buffer;
        public int Length;

        private Span<byte> Take(int bytes)
        {
            if (Length + bytes > Buffer.Length)
                Array.Resize(ref Buffer, Math.Max(Buffer.Length * 2, Length + bytes));
            var span = Buffer.AsSpan(Length, bytes);
            Length += bytes;
            return span;
        }

        public void Byte(byte v) => Take(1)[0] = v;

        public void Int(int v) => BinaryPrimitives.WriteInt32LittleEndian(Take(4), v);

        public void Long(long v) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), v);

        public void Bytes(ReadOnlySpan<byte> v) => v.CopyTo(Take(v.Length));

        public void String(string v)
        {
            var bytes = Encoding.UTF8.GetByteCount(v);
            Int(bytes);
            Encoding.UTF8.GetBytes(v, Take(bytes));
        }

        public void Ticket(OpTicket t)
        {
            Int(t.Stream); Int(t.Subject); Long(t.Intended); Long(t.Started); Int(t.Step); Long(t.StepStarted);
        }
    }

    /// <summary>Reads what <see cref="Writer"/> wrote; a read past the end is a <see cref="SerializationException"/>.</summary>
    private ref struct Reader(byte[] bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _at;

        private ReadOnlySpan<byte> Take(int n)
        {
            if (n < 0 || _at + n > _bytes.Length)
                throw new SerializationException($"{Name}: the batch ends at byte {_bytes.Length}, a field needs {n} at {_at}");
            var span = _bytes.Slice(_at, n);
            _at += n;
            return span;
        }

        public byte Byte() => Take(1)[0];

        public int Int() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public long Long() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public byte[] Bytes(int n) => Take(n).ToArray();

        public string String() => Encoding.UTF8.GetString(Take(Int()));

        public OpTicket Ticket() => new(Int(), Int(), Long(), Long(), Int(), Long());
    }
}
