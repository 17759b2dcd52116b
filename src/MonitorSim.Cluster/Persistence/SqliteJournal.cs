using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Sql.Journal;
using Akka.Serialization;
using Akka.Util;

namespace MonitorSim.Cluster.Persistence;

/// <summary>
/// The SQLite store's journal: Akka.Persistence.Sql's, with its writes taken by a <see cref="SqliteEventWriter"/> (one
/// connection, prepared inserts, the writes waiting batched into one transaction) instead of the plugin's per-write
/// connection and LinqToDB pipeline. Recovery, highest sequence numbers and deletes stay the plugin's; they read the
/// same rows.
/// <para>Configured by <c>sqlite-writer.connection-string</c> in the journal's own HOCON block.</para>
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "An actor: its writer is disposed in PostStop, which Akka calls when it stops.")]
public sealed class SqliteJournal : SqlWriteJournal
{
    /// <summary>The key, inside the journal's HOCON block, of the SQLite file's connection string.</summary>
    public const string ConnectionStringKey = "sqlite-writer.connection-string";

    private readonly SqliteEventWriter _writer;
    private readonly Serialization _serialization;
    private readonly string? _defaultSerializer;

    // A stream's latest write still in flight: its highest sequence number is read after it lands (as the plugin does).
    private readonly Dictionary<string, Task> _writing = [];

    public SqliteJournal(Akka.Configuration.Config journalConfig) : base(journalConfig)
    {
        var connectionString = journalConfig.GetString(ConnectionStringKey);
        if (string.IsNullOrEmpty(connectionString))
            throw new ArgumentException($"the SQLite journal needs {ConnectionStringKey} in its configuration", nameof(journalConfig));
        _writer = new SqliteEventWriter(connectionString, Guid.NewGuid().ToString("N"));
        _serialization = Context.System.Serialization;
        _defaultSerializer = journalConfig.GetString("serializer"); // as the plugin reads it: null means Akka's own choice
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow.Ticks;
        var rejections = new List<Exception>();
        var events = new List<JournalEvent>();
        string? persistenceId = null;
        foreach (var write in messages)
        {
            persistenceId ??= write.PersistenceId;
            try
            {
                var rows = ((IImmutableList<IPersistentRepresentation>)write.Payload).Select(p => Row(p, now)).ToList();
                events.AddRange(rows);
                rejections.Add(null!); // the journal protocol's "accepted"
            }
            catch (Exception e)
            {
                rejections.Add(e); // not serializable: this write is rejected, the others go on (as the plugin does)
            }
        }
        if (events.Count == 0) return Task.FromResult<IImmutableList<Exception>>(rejections.ToImmutableList());

        var written = _writer.WriteAsync(events);
        _writing[persistenceId!] = written;
        var self = Self;
        written.ContinueWith(_ => self.Tell(new WriteLanded(persistenceId!, written)), TaskContinuationOptions.ExecuteSynchronously);
        return Landed(written, rejections);
    }

    private static async Task<IImmutableList<Exception>> Landed(Task written, List<Exception> rejections)
    {
        await written;
        return rejections.ToImmutableList();
    }

    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        if (_writing.TryGetValue(persistenceId, out var inFlight))
            await inFlight.ContinueWith(static _ => { }, TaskScheduler.Default); // landed or failed: either way, read after it
        return await base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);
    }

    protected override bool ReceivePluginInternal(object message)
    {
        if (message is not WriteLanded landed) return base.ReceivePluginInternal(message);
        if (_writing.TryGetValue(landed.PersistenceId, out var latest) && latest == landed.Write) _writing.Remove(landed.PersistenceId);
        return true;
    }

    protected override void PostStop()
    {
        _writer.Dispose();
        base.PostStop();
    }

    /// <summary>One event as the plugin's serializer would store it: tags unwrapped, payload serialized with its
    /// serializer's identifier and manifest, <c>created</c> in ticks.</summary>
    private JournalEvent Row(IPersistentRepresentation p, long nowTicks)
    {
        var (payload, tags) = p.Payload is Tagged tagged ? (tagged.Payload, (IReadOnlyList<string>)[.. tagged.Tags]) : (p.Payload, []);
        var serializer = _serialization.FindSerializerForType(payload.GetType(), _defaultSerializer);
        var manifest = serializer switch
        {
            SerializerWithStringManifest named => named.Manifest(payload),
            { IncludeManifest: true } => payload.GetType().TypeQualifiedName(),
            _ => "",
        };
        // With the system as the transport's: an actor reference in an event serializes with this node's address.
        var message = Serialization.WithTransport(_serialization.System, (serializer, payload), static s => s.serializer.ToBinary(s.payload));
        return new JournalEvent(p.PersistenceId, p.SequenceNr, p.Timestamp == 0 ? nowTicks : p.Timestamp, message, manifest, serializer.Identifier, tags);
    }

    private sealed record WriteLanded(string PersistenceId, Task Write);
}
