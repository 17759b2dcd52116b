using Akka.Actor;
using Akka.Hosting;
using Akka.Serialization;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Operations;

namespace MonitorSim.Cluster.Hosting;

/// <summary>
/// How the tree's messages and journal events become bytes: Hyperion (binary) instead of Akka's default Newtonsoft JSON,
/// which spells out every type and property name and so makes a keepalive about three times its size.
/// </summary>
/// <remarks>
/// <para><b>Binding.</b> Hyperion is bound to <see cref="object"/> through Akka.Hosting's <c>WithCustomSerializer</c>, which
/// becomes a <c>SerializationSetup</c>. Since Akka.NET 1.4.17 (akka.net#4807) a setup's bindings are applied after the
/// HOCON ones, so this binding replaces Akka's own <c>"System.Object" = json</c>. Binding <see cref="object"/> is only the
/// fallback: Akka looks for a binding of the type or of a base type or interface first, so its own messages (remoting,
/// cluster gossip, sharding envelopes, persistence's journal envelope, strings, byte arrays) keep their protobuf and
/// primitive serializers, and only what has no binding of its own — every MonitorSim message and event — lands here.
/// The same binding is also written in HOCON (see below) only to keep Akka from warning about the override. The Newtonsoft serializer stays registered (id 1): a journal row names the serializer that wrote it, so
/// rows written as JSON before this change are still read as JSON; new rows are written by Hyperion (id -5).</para>
/// <para><b>Settings.</b> Version tolerance is off: Hyperion then writes each type's field names into every message, and
/// its reader skips them without using them (Hyperion's <c>TypeEx.GetTypeFromManifestVersion</c>), so it is bytes for no
/// tolerance; bytes written either way are read either way. Object references stay preserved (Akka's default). Actor
/// references travel as their path through Akka's built-in surrogate and resolve on the receiving node.</para>
/// <para><b>Known types</b> (<see cref="KnownTypes"/>) are written as their index in that list instead of their name,
/// which is most of the saving. The index is in every journal row, so the list is <b>append only</b>: never reorder or
/// remove an entry (tests read bytes written by earlier versions). A type missing from the list still works, by name.
/// Akka's own types stay out of the list (its actor-ref surrogate breaks when listed), and so do arrays (Hyperion writes
/// an array's type by name whether it is listed or not).</para>
/// <para><b>Evolving a persisted event.</b> Unlike JSON, Hyperion does not tolerate a changed field list in old rows: to
/// change what an event carries, add a new event type (and append it here) rather than a field. All nodes of a cluster
/// must run the same build.</para>
/// </remarks>
public static class WireSerialization
{
    /// <summary>The serializer's name in the actor system's configuration.</summary>
    public const string SerializerName = "hyperion";

    /// <summary>Registers Hyperion for every message and event of the tree (see the type's remarks for why and how).</summary>
    public static AkkaConfigurationBuilder WithMonitorSimSerialization(this AkkaConfigurationBuilder b) =>
        b.WithCustomSerializer(SerializerName, [typeof(object)], system => new HyperionSerializer(system, Settings))
            // The two batches every cross-node camera operation travels in: a fixed layout, not Hyperion (see its remarks).
            .WithCustomSerializer(GatewayBatchSerializer.Name, [typeof(DeviceBatch), typeof(OperationDoneBatch)],
                system => new GatewayBatchSerializer(system))
            // The same binding in HOCON, in place of Akka's "System.Object" = json: without it Akka logs a warning that
            // the setup overrides the JSON binding ("Did you mean to do this?") at every start.
            .AddHocon($"akka.actor.serialization-bindings {{ \"System.Object\" = {SerializerName} }}", HoconAddMode.Prepend);

    /// <summary>The settings the tree's serializer uses.</summary>
    public static HyperionSerializerSettings Settings { get; } = HyperionSerializerSettings.Default
        .WithVersionTolerance(false)
        .WithKnownTypesProvider(typeof(MonitorSimKnownTypes));

    /// <summary>Types written by index rather than by name. APPEND ONLY: the index is stored in every journal row.</summary>
    public static IReadOnlyList<Type> KnownTypes { get; } =
    [
        // Journal events and snapshots, and what they hold.
        typeof(AlarmRaised),
        typeof(AlarmCleared),
        typeof(DeviceStatusChanged),
        typeof(PlatformStarted),
        typeof(PlatformSnapshot),
        typeof(StatusChange),
        typeof(StatusReason),
        typeof(ActiveAlarm),
        // What messages hold.
        typeof(TimeSpan),
        typeof(OpTicket),
        typeof(AlarmHops),
        typeof(AlarmType),
        typeof(OperationKind),
        typeof(OpStatus),
        typeof(ServiceFlowStep),
        typeof(RollUp),
        typeof(AlarmNotice),
        typeof(CatalogItem),
        // Device messages.
        typeof(Keepalive),
        typeof(Register),
        typeof(RaiseAlarm),
        typeof(ServiceFlowRequest),
        typeof(OperationDone),
        // Alarm messages.
        typeof(AlarmToPlatform),
        typeof(AlarmStored),
        typeof(PlatformReport),
        typeof(PlatformReportAck),
        typeof(QueryAlarm),
        typeof(AlarmStatusQuery),
        // Cascade messages.
        typeof(PlatformRegister),
        typeof(PlatformKeepalive),
        typeof(PlatformNotRegistered),
        typeof(CatalogQuery),
        typeof(CatalogPage),
        // Control messages.
        typeof(Wake),
        typeof(Awake),
        typeof(Crash),
        typeof(CrashCity),
        typeof(GetPlatformStatus),
        typeof(PlatformStatus),
        typeof(GetCityStatus),
        typeof(CityStatus),
        typeof(GetPointStatus),
        typeof(PointStatus),
        // Node messages (multi-node runs).
        typeof(SyncClock),
        typeof(ClockSynced),
        typeof(GetNodeReport),
        typeof(NodeReport),
        // Camera gateway (multi-node runs).
        typeof(DeviceBatch),
        typeof(OperationDoneBatch),
        // Partition faults.
        typeof(CutOff),
        typeof(CutOffSet),
        // Workflows: clue commands, events (journal) and state, and what they hold.
        typeof(ClueCommandEnvelope),
        typeof(ClueCommandResult),
        typeof(GetClue),
        typeof(Domain.Supervision.Clue),
        typeof(Domain.Supervision.ClueHandler),
        typeof(Domain.Supervision.PersonDecision),
        typeof(Domain.Supervision.ClueChannel),
        typeof(Domain.Supervision.ClueStatus),
        typeof(Domain.Supervision.ScreeningVerdict),
        typeof(Domain.Supervision.PersonOutcome),
        typeof(Domain.Supervision.HandlerKind),
        typeof(Domain.Supervision.ReceiveClue),
        typeof(Domain.Supervision.ScreenClue),
        typeof(Domain.Supervision.ListClue),
        typeof(Domain.Supervision.ListForSupervision),
        typeof(Domain.Supervision.AssignClue),
        typeof(Domain.Supervision.StartInvestigation),
        typeof(Domain.Supervision.DecideOutcomes),
        typeof(Domain.Supervision.NotifyClue),
        typeof(Domain.Supervision.StartRectification),
        typeof(Domain.Supervision.CompleteRectification),
        typeof(Domain.Supervision.LookBack),
        typeof(Domain.Supervision.CloseClue),
        typeof(Domain.Supervision.CheckDeadline),
        typeof(Domain.Supervision.ClueReceived),
        typeof(Domain.Supervision.ClueScreenedOut),
        typeof(Domain.Supervision.ClueListed),
        typeof(Domain.Supervision.ClueSupervisionListed),
        typeof(Domain.Supervision.ClueAssigned),
        typeof(Domain.Supervision.InvestigationStarted),
        typeof(Domain.Supervision.OutcomesDecided),
        typeof(Domain.Supervision.ClueNotified),
        typeof(Domain.Supervision.RectificationStarted),
        typeof(Domain.Supervision.RectificationCompleted),
        typeof(Domain.Supervision.LookedBack),
        typeof(Domain.Supervision.ClueClosed),
        typeof(Domain.Supervision.DeadlineMissed),
        // Co-handling requests.
        typeof(Domain.Supervision.CoHandlingStep),
        typeof(Domain.Supervision.OpenCoHandling),
        typeof(Domain.Supervision.CompleteCoHandlingStep),
        typeof(Domain.Supervision.CheckCoHandlingDeadline),
        typeof(Domain.Supervision.CoHandlingOpened),
        typeof(Domain.Supervision.CoHandlingStepCompleted),
        typeof(Domain.Supervision.CoHandlingCompleted),
        typeof(Domain.Supervision.CoHandlingStepOverdue),
        typeof(Domain.Supervision.CoHandlingRequest),
        // The supervision desk's ledger (its journal holds the days done and the unit warning changes).
        typeof(RecordSupervisionDay),
        typeof(SupervisionDayRecorded),
        typeof(SupervisionDayDone),
        typeof(GetSupervisionProgress),
        typeof(SupervisionProgress),
        typeof(Domain.Supervision.UnitWarningChanged),
        typeof(Domain.Supervision.WarningLevel),
        // Clue commands the load engine measures.
        typeof(ClueOperation),
        // Co-handled requests run on the cluster.
        typeof(CoHandlingOperation),
        typeof(GetCoHandling),
        typeof(CoHandlingUnitNoted),
        // The cascade city → province.
        typeof(CityRegister),
        typeof(CityRegistered),
        typeof(CityKeepalive),
        typeof(CityNotRegistered),
        typeof(CityAlarm),
        typeof(CityReport),
        typeof(CityReportAck),
        typeof(CrashProvince),
        typeof(GetProvinceStatus),
        typeof(ProvinceStatus),
        typeof(CityAtProvince),
        typeof(GetProvinceLinkStatus),
        typeof(ProvinceLinkStatus),
        typeof(AlarmsForwarded),
        typeof(CutProvinceLink),
        typeof(GetProvinceHops),
        typeof(ProvinceHops),
        // The province platform's journal.
        typeof(ProvinceAlarmsRecorded),
        typeof(ProvinceSnapshot),
        // Catalog changes passed up the cascade item by item, and the province's pull of a city's catalog.
        typeof(CatalogChange),
        typeof(CatalogAtProvince),
        typeof(CityCatalogQuery),
        typeof(CityCatalogPage),
        typeof(GetProvinceCatalog),
        typeof(GetCityCatalog),
        typeof(CatalogView),
        // Sizing trials: every node's heap collected before each.
        typeof(CollectHeap),
        typeof(HeapCollected),
        // Append new types here.
    ];

    /// <summary>Hands <see cref="KnownTypes"/> to Hyperion (it creates this class by its type).</summary>
    public sealed class MonitorSimKnownTypes : IKnownTypesProvider
    {
        public IEnumerable<Type> GetKnownTypes() => KnownTypes;
    }
}
