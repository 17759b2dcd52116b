using System.Collections;
using System.Reflection;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Persistence;
using Akka.Persistence.Sql.Hosting;
using Akka.Remote.Hosting;
using Akka.Serialization;
using LinqToDB;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MonitorSim.Cluster.Actors;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Supervision;
using MonitorSim.Domain.Topology;
using Xunit.Abstractions;

namespace MonitorSim.Cluster.Tests;

/// <summary>Two cluster-provider actor systems configured as a node is (<c>WithMonitorSimSerialization</c>): what one
/// serializes, the other reads, as between two nodes.</summary>
public sealed class TwoSerializingNodes : IAsyncLifetime
{
    private IHost? _a;
    private IHost? _b;

    /// <summary>The sending node.</summary>
    public ExtendedActorSystem A { get; private set; } = null!;

    /// <summary>The receiving node.</summary>
    public ExtendedActorSystem B { get; private set; } = null!;

    /// <summary>An ordinary actor on <see cref="A"/>.</summary>
    public IActorRef Actor { get; private set; } = null!;

    /// <summary>A load-engine <c>ReplyTo</c> on <see cref="A"/>, exactly as the tree gets it (a temp actor ref).</summary>
    public IActorRef Sink { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _a = await SerializationTests.StartHostAsync("monitorsim", b => b
            .WithRemoting("127.0.0.1", 0).WithClustering(new ClusterOptions { Roles = ["tree"] }).WithMonitorSimSerialization());
        _b = await SerializationTests.StartHostAsync("monitorsim", b => b
            .WithRemoting("127.0.0.1", 0).WithClustering(new ClusterOptions { Roles = ["tree"] }).WithMonitorSimSerialization());
        A = (ExtendedActorSystem)_a.Services.GetRequiredService<ActorSystem>();
        B = (ExtendedActorSystem)_b.Services.GetRequiredService<ActorSystem>();
        Actor = A.ActorOf(Props.Empty, "supervisor");
        Sink = new OperationSink(A, new OutcomeCollector());
    }

    public async Task DisposeAsync()
    {
        foreach (var host in new[] { _a, _b })
        {
            if (host is null) continue;
            await host.StopAsync();
            host.Dispose();
        }
    }
}

/// <summary>
/// Every message of the tree and every journal event goes through Hyperion (the two gateway batches through their own layout), comes back equal on another node, and is
/// smaller than it was as JSON; journals written as JSON still recover.
/// </summary>
public sealed class SerializationTests(TwoSerializingNodes nodes, ITestOutputHelper output) : IClassFixture<TwoSerializingNodes>, IDisposable
{
    private static readonly DateTime At = new(2026, 11, 27, 9, 30, 15, 250);
    private static readonly OpTicket Ticket = new(2, 1234, 98_765_432_100, 98_765_432_177, 1, 98_765_432_300);

    /// <summary>Domain.Monitoring types that are never serialized: state and rules, not events.</summary>
    private static readonly Type[] NotMessages =
    [
        typeof(ActiveAlarms), typeof(DeviceLiveness), typeof(MonitoringRules), typeof(AlarmDeduplicator), typeof(RecentEntries<,>),
        // Supervision rules and what only they use (never sent or stored as such).
        typeof(UnitWarnings), typeof(WarningIndicators), typeof(ClueDecision), typeof(CoHandlingDecision),
        typeof(Organisation), typeof(OrgUnit), typeof(StaffMember), typeof(CommissionMember), typeof(OrganisationSpec),
        typeof(PoissonIntake), typeof(BatchIntake), typeof(SeasonalIntake), typeof(ChannelIntake), typeof(ClueArrival),
        // The accountability rules' catalogue: data every node reads from its own assembly; only a situation's id travels.
        typeof(AccountabilityCatalogue), typeof(AccountabilitySituation), typeof(AccountabilityCatalogueException),
        // The simulated year's model and its statistics (in the process that runs the desk only).
        typeof(SupervisionSpec), typeof(SupervisionBatchPlan), typeof(VisitCampaign), typeof(SanctionShares), typeof(SupervisionYear),
        typeof(WorkflowCommand), typeof(SupervisionDay), typeof(SupervisionFigures), typeof(SupervisionTally), typeof(SeedFigure),
        typeof(CalibrationRow), typeof(DerivationRow),
    ];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "monitorsim-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Every type that travels between nodes or into the journal: the public types of the protocol namespace, the
    /// events and snapshot of Domain.Monitoring, and the clue commands, events and state of Domain.Supervision (with what
    /// they hold).</summary>
    public static IEnumerable<Type> MessageTypes() =>
        typeof(ITreeMessage).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == "MonitorSim.Cluster.Protocol" && !t.IsInterface && !t.IsAbstract)
            .Concat(typeof(AlarmRaised).Assembly.GetExportedTypes()
                .Where(t => t.Namespace is "MonitorSim.Domain.Monitoring" or "MonitorSim.Domain.Supervision" && !t.IsInterface && !t.IsAbstract && !t.IsEnum)
                .Except(NotMessages))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    public static IEnumerable<object[]> MessageTypeNames() => MessageTypes().Select(t => new object[] { t.FullName! });

    /// <summary>One representative of every message type. A new message type needs one here (a test fails until it has).</summary>
    private static object[] Samples(IActorRef actor, IActorRef sink)
    {
        var query = new QueryAlarm(3, 101, 1234, 42, Ticket, actor);
        var started = At.AddMinutes(-20);
        return
        [
            // Device messages.
            new Keepalive(7, 1234, Ticket, sink),
            new Register(7, 1234, Ticket, sink),
            new RaiseAlarm(7, 101, 1234, AlarmType.QueueOverflow, Ticket, sink),
            new ServiceFlowRequest(7, 101, ServiceFlowStep.Served, Ticket, sink),
            new OperationDone(Ticket, OperationKind.Alarm, OpStatus.Ok, new AlarmHops(11, 22, 33), null, 42),
            // Alarm messages.
            new AlarmToPlatform(7, 101, 1234, AlarmType.VideoTamper, 5, Ticket, ActorRefs.Nobody, 98_765_432_111),
            new AlarmStored(5, 42),
            new AlarmNotice(42, 1234, AlarmType.Conflict, At),
            new PlatformReport(7, 3, [new AlarmNotice(42, 1234, AlarmType.Conflict, At), new AlarmNotice(43, 1235, AlarmType.VideoLoss, At.AddSeconds(1))],
                new RollUp(398, 2, 1), [new CatalogChange(1236, false), new CatalogChange(1237, true)]),
            new PlatformReportAck(3, 98_765_432_999),
            query,
            new AlarmStatusQuery(query),
            new RollUp(398, 2, 1),
            // Cascade messages.
            new PlatformRegister(7, 400),
            new PlatformKeepalive(7),
            new PlatformNotRegistered(7),
            new CatalogQuery(7, 12),
            new CatalogItem(1234, "xz/gulou/p07/pt0101/cam3", true),
            new CatalogPage(7, 12, 1, 100, 400,
                [new CatalogItem(1234, "xz/gulou/p07/pt0101/cam3", true), new CatalogItem(1235, "xz/gulou/p07/pt0101/cam4", false)]),
            // Cascade city → province.
            new CityRegister("xuzhou", 17_932),
            new CityRegistered("xuzhou"),
            new CityKeepalive("xuzhou"),
            new CityNotRegistered("xuzhou"),
            new CityAlarm(7, 42, 1234, AlarmType.Conflict, At),
            new CityReport("xuzhou", 3, [new CityAlarm(7, 42, 1234, AlarmType.Conflict, At), new CityAlarm(8, 43, 1300, AlarmType.VideoLoss, At)],
                new RollUp(17_900, 32, 7), [new CatalogChange(1236, false)]),
            new CityReportAck("xuzhou", 3),
            new CrashProvince(TimeSpan.FromSeconds(20)),
            GetProvinceStatus.Instance,
            new ProvinceStatus(new Dictionary<string, CityAtProvince>
            {
                ["xuzhou"] = new(true, 2, [(7, 42L), (8, 43L)], 5, 1, new RollUp(17_900, 32, 7), 125.5),
            }),
            new CityAtProvince(false, 1, [(7, 42L)], 1, 0, RollUp.Zero, null, "akka.tcp://monitorsim@127.0.0.1:4053",
                new CatalogAtProvince(17_932, 17_900, true, 2, 40, 41, 312.5)),
            // Catalog changes up the cascade, and the province's pull of a city's catalog.
            new CatalogChange(1236, false),
            new CatalogAtProvince(17_932, 17_900, false, 1, 0, 0, null),
            new CityCatalogQuery("xuzhou", 4),
            new CityCatalogPage("xuzhou", 4, 0, 4_483, 17_932,
                [new CatalogItem(0, "xz/gulou/p00/pt0000/cam0", true), new CatalogItem(1, "xz/gulou/p00/pt0000/cam1", false)]),
            new GetProvinceCatalog("xuzhou"),
            GetCityCatalog.Instance,
            new CatalogView(130, 2, [1UL, 1UL << 63, 0UL]),
            GetProvinceLinkStatus.Instance,
            new ProvinceLinkStatus(true, 10, 9, 1, 0, 2, 1.5, 12.25, 30, 28, 4_483),
            new AlarmsForwarded(7, [42L, 43L]),
            new CutProvinceLink(TimeSpan.FromSeconds(8)),
            GetProvinceHops.Instance,
            new ProvinceHops([123_456_789L, 123_456_999L], [2_000_000L, 35_000L], Clipped: 12, Unacknowledged: 3, CityStarts: 2, Since: 99),
            new ProvinceAlarmsRecorded("xuzhou", [7, 8], [42L, 43L]),
            new ProvinceSnapshot(["xuzhou", "nanjing"], [[7, 8], []], [[42L, 43L], []]),
            // Control messages.
            new Wake(7, "plat-7"),
            new Awake("plat-7", At),
            new Crash(7, TimeSpan.FromSeconds(30)),
            new CrashCity(TimeSpan.FromSeconds(20)),
            new GetPlatformStatus(7),
            new PlatformStatus(7, new RollUp(398, 2, 1), [new RollUp(10, 0, 1), new RollUp(9, 1, 0)], 42, 2, true, At, 3, 12, 1),
            GetCityStatus.Instance,
            new CityStatus(45, 17_900, 32, 7, 1_234, 17_932, 56),
            new GetPointStatus(7, 101),
            new PointStatus(101, 42, 1, 3, 2),
            // Node messages (multi-node runs).
            new SyncClock(At, new DateTime(2026, 11, 27, 1, 2, 3, DateTimeKind.Utc)),
            new ClockSynced("akka.tcp://monitorsim@127.0.0.1:4053"),
            GetNodeReport.Instance,
            new NodeReport("akka.tcp://monitorsim@127.0.0.1:4053", ["tree"], 4242, 12.5, 180.2, 900.1, 30, 2, 1, [3, 7, 11], 650),
            CollectHeap.Instance,
            new HeapCollected("akka.tcp://monitorsim@127.0.0.1:4053", TimeSpan.FromMilliseconds(42)),
            // Camera gateway (multi-node runs): the batch's messages leave the answer to the gateway.
            new DeviceBatch(sink, [
                new Keepalive(7, 1234, Ticket, ActorRefs.Nobody),
                new RaiseAlarm(7, 101, 1234, AlarmType.DeskUnattended, Ticket, ActorRefs.Nobody),
                new ServiceFlowRequest(7, 101, ServiceFlowStep.Called, Ticket, ActorRefs.Nobody)]),
            new OperationDoneBatch([
                new OperationDone(Ticket, OperationKind.Keepalive, OpStatus.Ok),
                new OperationDone(Ticket, OperationKind.Alarm, OpStatus.Ok, new AlarmHops(11, 22, 33), null, 42)]),
            // Partition faults.
            new CutOff("akka.trttl.tcp://monitorsim@127.0.0.1:4054", TimeSpan.FromSeconds(12)),
            new CutOffSet("akka.trttl.tcp://monitorsim@127.0.0.1:4053", "this node was not started partitionable"),
            // Journal events and snapshot, and what they hold.
            new AlarmRaised(42, 1234, 101, AlarmType.StaffAbsent, At, 5),
            new AlarmCleared(42, At.AddMinutes(10)),
            new DeviceStatusChanged([
                new StatusChange(3, true, StatusReason.Registered, At),
                new StatusChange(4, false, StatusReason.MissedKeepalives, At.AddSeconds(1))]),
            new StatusChange(3, true, StatusReason.KeepaliveResumed, At),
            new PlatformStarted(started, 400),
            new PlatformSnapshot([true, false, true], [new ActiveAlarm(41, 101, At.Ticks), new ActiveAlarm(42, 102, At.AddSeconds(5).Ticks)],
                42, 42, 3, [5, 0, 7], At),
            new ActiveAlarm(41, 101, At.Ticks),
            // Workflows: a clue's commands (in their envelope), its events (its journal), its state, and their parts.
            new ClueCommandEnvelope("c-7", new ListClue(At, "office-3 head", At.AddDays(30))),
            new ClueCommandResult("c-7", [new ClueListed(At, "office-3 head", At.AddDays(30))], null),
            new ClueOperation("op-1f-17", new ListClue(At, "office-3 head", At.AddDays(30)), OperationKind.ClueListing, Ticket, 17, sink),
            new CoHandlingOperation("op-1f-r3", new OpenCoHandling(At, "op-1f-r3", 4, "Wang", CoHandlingPractice.StandardSteps), 4, Ticket, 3, sink),
            new GetCoHandling("op-1f-r3"),
            new CoHandlingUnitNoted(4),
            new GetClue("c-7"),
            new RecordSupervisionDay(12, At.Date, [new UnitWarningChanged(At, 17, WarningLevel.Yellow, WarningLevel.Orange, 6.4)]),
            new SupervisionDayRecorded(12),
            new SupervisionDayDone(12, At.Date, [new UnitWarningChanged(At, 17, WarningLevel.Orange, WarningLevel.Red, 9.2)]),
            GetSupervisionProgress.Instance,
            new SupervisionProgress(13),
            new UnitWarningChanged(At, 17, WarningLevel.None, WarningLevel.Yellow, 3),
            new ReceiveClue(At, "c-7", ClueChannel.Petition, 3, ["Sun", "Qian"]),
            new ScreenClue(At, ScreeningVerdict.Duplicate, "c-2"),
            new ListClue(At, "office-3 head", At.AddDays(30)),
            new ListForSupervision(At, 4),
            new AssignClue(At, new ClueHandler(HandlerKind.Office, 3)),
            new StartInvestigation(At),
            new DecideOutcomes(At, [new PersonDecision("Sun", PersonOutcome.Accountability, Situation: 12)]),
            new NotifyClue(At, 2),
            new StartRectification(At, At.AddDays(60)),
            new CompleteRectification(At),
            new LookBack(At, ProblemBack: true),
            new CloseClue(At),
            new CheckDeadline(At),
            new ClueReceived(At, "bt-1", ClueChannel.Backtracking, 3, ["office-3 head"], "c-7"),
            new ClueScreenedOut(At, ScreeningVerdict.Invalid, null),
            new ClueListed(At, "office-3 head", At.AddDays(30)),
            new ClueSupervisionListed(At, 4),
            new ClueAssigned(At, new ClueHandler(HandlerKind.LinkedMember, 2)),
            new InvestigationStarted(At),
            new OutcomesDecided(At, [new PersonDecision("Sun", PersonOutcome.AdmonishmentTalk, Exempted: true), new PersonDecision("Qian", PersonOutcome.Clarification)]),
            new ClueNotified(At, null),
            new RectificationStarted(At, At.AddDays(60)),
            new RectificationCompleted(At),
            new LookedBack(At, Reopened: false),
            new ClueClosed(At),
            new DeadlineMissed(At, At.AddDays(-1), "office-3 head"),
            new ClueHandler(HandlerKind.CountyCommission, 6),
            new PersonDecision("Sun", PersonOutcome.PartyOrGovernmentDiscipline),
            // Co-handling: a request's commands, events and state.
            new CoHandlingStep("finance review", TimeSpan.FromHours(24)),
            new OpenCoHandling(At, "r-1", 17, "Zhou", [new CoHandlingStep("civil affairs intake", TimeSpan.FromHours(2))]),
            new CompleteCoHandlingStep(At, 0),
            new CheckCoHandlingDeadline(At),
            new CoHandlingOpened(At, "r-1", 17, "Zhou", [new CoHandlingStep("civil affairs intake", TimeSpan.FromHours(2))]),
            new CoHandlingStepCompleted(At, 0),
            new CoHandlingCompleted(At),
            new CoHandlingStepOverdue(At, 1, At.AddHours(-1), "Zhou"),
            CoHandlingRequest.None with
            {
                Id = "r-1", Post = 17, CoHandler = "Zhou", Steps = [new CoHandlingStep("civil affairs intake", TimeSpan.FromHours(2))], CurrentSince = At,
                Overdue = [0],
            },
            Clue.None with
            {
                Id = "c-7", Channel = ClueChannel.DataAnalysis, Unit = 3, Persons = ["Sun"], Status = ClueStatus.Assigned, Responsible = "office-3 head",
                Deadline = At.AddDays(30), SupervisionBatch = 4, Handler = new ClueHandler(HandlerKind.Office, 3), Reopened = 1, DeadlineWasMissed = true,
            },
        ];
    }

    private object SampleOf(string typeName)
    {
        var sample = Samples(nodes.Actor, nodes.Sink).FirstOrDefault(s => s.GetType().FullName == typeName);
        Assert.True(sample is not null, $"{typeName} has no sample: add one to SerializationTests.Samples");
        return sample;
    }

    [Fact]
    public void Every_message_type_has_exactly_one_sample_and_is_a_known_type_of_the_serializer()
    {
        var reflected = MessageTypes().ToList();
        var sampled = Samples(nodes.Actor, nodes.Sink).Select(s => s.GetType()).ToList();

        // The reflection finds what it should (so an empty or wrong namespace cannot make this pass).
        Assert.Contains(typeof(Keepalive), reflected);
        Assert.Contains(typeof(PlatformSnapshot), reflected);
        Assert.Contains(typeof(AlarmRaised), reflected);
        Assert.DoesNotContain(typeof(ITreeMessage), reflected);

        Assert.Empty(reflected.Except(sampled).Select(t => $"no sample for {t.Name}"));
        Assert.Empty(sampled.Except(reflected).Select(t => $"a sample of {t.Name}, which is not a message type"));
        Assert.Equal(sampled.Count, sampled.Distinct().Count());
        // Known types are written as a 2-byte index instead of their name; a new message type is appended to the list.
        Assert.Empty(reflected.Except(WireSerialization.KnownTypes).Select(t => $"append {t.Name} to WireSerialization.KnownTypes"));
        Assert.Equal(WireSerialization.KnownTypes.Count, WireSerialization.KnownTypes.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(MessageTypeNames))]
    public void A_message_is_written_by_its_serializer_and_read_back_equal_on_another_node(string typeName)
    {
        var sample = SampleOf(typeName);

        var serializer = nodes.A.Serialization.FindSerializerFor(sample);
        Assert.IsType(WrittenBy(sample.GetType()), serializer);
        var bytes = nodes.A.Serialization.Serialize(sample);
        var back = nodes.B.Serialization.Deserialize(bytes, serializer.Identifier, Akka.Serialization.Serialization.ManifestFor(serializer, sample));

        AssertSameContent(sample, back, typeName);
        output.WriteLine($"{sample.GetType().Name}: {bytes.Length:N0} B");
    }

    [Fact]
    public void Actor_refs_come_back_as_refs_to_the_same_actor_and_nobody_as_nobody()
    {
        var samples = Samples(nodes.Actor, nodes.Sink);
        var keepalive = (Keepalive)RoundTrip(samples.OfType<Keepalive>().Single());
        var query = (QueryAlarm)RoundTrip(samples.OfType<QueryAlarm>().Single());
        var selfRaised = (AlarmToPlatform)RoundTrip(samples.OfType<AlarmToPlatform>().Single());

        var a = nodes.A.Provider.DefaultAddress;
        Assert.Equal(nodes.Sink.Path.ToStringWithAddress(a), keepalive.ReplyTo.Path.ToString());
        Assert.Equal(nodes.Actor.Path.ToStringWithAddress(a), query.ReplyTo.Path.ToString());
        Assert.Equal(nodes.Actor.Path.Uid, query.ReplyTo.Path.Uid);
        // On the receiving node the ref points back at the sending node.
        Assert.Equal(a, query.ReplyTo.Path.Address);
        Assert.NotEqual(nodes.B.Provider.DefaultAddress, query.ReplyTo.Path.Address);
        Assert.True(selfRaised.ReplyTo.IsNobody());
    }

    [Fact]
    public async Task A_tree_node_writes_the_tree_s_messages_with_hyperion_and_akka_s_own_with_akka_s_serializers()
    {
        await using var tree = await TreeFixture.StartAsync();
        var ser = tree.Node.System.Serialization;
        foreach (var ours in Samples(nodes.Actor, nodes.Sink))
            Assert.True(ser.FindSerializerFor(ours).GetType() == WrittenBy(ours.GetType()),
                $"{ours.GetType().Name} is not written by {WrittenBy(ours.GetType()).Name} on a tree node");
        Assert.IsType<HyperionSerializer>(ser.FindSerializerForType(typeof(object)));

        // Akka's own messages keep their own (protobuf, primitive) serializers: they are bound more specifically.
        object[] own =
        [
            new Identify(1),
            new ShardingEnvelope("plat-7", new PlatformKeepalive(7)),
            new Persistent(new AlarmCleared(1, At), 3, "platform-x-7"),
            "text",
            new byte[] { 1, 2, 3 },
        ];
        foreach (var message in own)
        {
            var serializer = ser.FindSerializerFor(message);
            output.WriteLine($"{message.GetType().Name}: {serializer.GetType().Name}");
            Assert.IsNotType<HyperionSerializer>(serializer);
            Assert.IsNotType<NewtonSoftJsonSerializer>(serializer);
        }
    }

    [Fact]
    public void Hyperion_bytes_are_smaller_than_json_bytes_for_a_keepalive_and_an_alarm()
    {
        var json = new NewtonSoftJsonSerializer(nodes.A);
        var samples = Samples(nodes.Actor, nodes.Sink);
        object[] typical =
        [
            samples.OfType<Keepalive>().Single(),
            samples.OfType<RaiseAlarm>().Single(),
            samples.OfType<AlarmToPlatform>().Single(),
            samples.OfType<AlarmRaised>().Single(),
        ];
        foreach (var message in typical)
        {
            var hyperion = nodes.A.Serialization.Serialize(message).Length;
            // As the default serializer wrote it before: with the sending node's address in actor refs, as over the wire.
            var asJson = Akka.Serialization.Serialization.WithTransport(nodes.A, () => json.ToBinary(message)).Length;
            output.WriteLine($"{message.GetType().Name}: hyperion {hyperion:N0} B, json {asJson:N0} B ({(double)hyperion / asJson:P0})");
            Assert.True(hyperion < asJson, $"{message.GetType().Name}: hyperion {hyperion} B is not smaller than json {asJson} B");
        }
    }

    /// <summary>Bytes this version writes for each journal event, kept as they were written: they must read back as the
    /// same value in every later version (the journal keeps them). This fails if <see cref="WireSerialization.KnownTypes"/>
    /// is reordered or an event's fields change; evolve an event by adding a new event type instead.</summary>
    public static IEnumerable<object[]> JournalRows() =>
    [
        ["AlarmRaised", "FE00002A0000000000000020532A0B694CDF0800D2040000650000000500000000000000FE0B0001"],
        ["AlarmCleared", "FE01002A00000000000000200FCB706A4CDF0800"],
        ["DeviceStatusChanged",
            "FE0200FF3E0000004D6F6E69746F7253696D2E446F6D61696E2E4D6F6E69746F72696E672E5374617475734368616E67" +
            "655B5D2C204D6F6E69746F7253696D2E446F6D61696E02000000FE050020532A0B694CDF08000300000001FE060000FE" +
            "0500A0E9C20B694CDF08000400000000FE060002"],
        ["PlatformStarted", "FE030020DBE83F664CDF080090010000"],
        ["PlatformSnapshot",
            "FE0400FC0203000000050000000000000000000000000000000700000000000000FF3D0000004D6F6E69746F7253696D" +
            "2E446F6D61696E2E4D6F6E69746F72696E672E416374697665416C61726D5B5D2C204D6F6E69746F7253696D2E446F6D" +
            "61696E02000000FE070029000000000000006500000020532A0B694CDF08FE07002A0000000000000066000000A04325" +
            "0E694CDF082A00000000000000030000000000000020532A0B694CDF08002A00000000000000FC0603000000010001"],
    ];

    [Theory]
    [MemberData(nameof(JournalRows))]
    public void Journal_rows_written_by_this_version_read_back_in_later_versions(string typeName, string hex)
    {
        var expected = Samples(nodes.Actor, nodes.Sink).Single(s => s.GetType().Name == typeName);
        var serializer = nodes.A.Serialization.FindSerializerFor(expected);
        output.WriteLine($"{typeName}: {Convert.ToHexString(nodes.A.Serialization.Serialize(expected))}");

        var back = nodes.B.Serialization.Deserialize(Convert.FromHexString(hex), serializer.Identifier, "");

        AssertSameContent(expected, back, typeName);
    }

    [Fact]
    public async Task A_journal_written_as_json_recovers_and_new_rows_are_written_by_hyperion()
    {
        var path = Path.Combine(_dir, "store.db");
        var store = StoreSettings.Sqlite(path);
        SqliteStore.Prepare(path);
        // TreeFixture's city, so the platform below recovers this stream.
        var topology = TopologyBuilder.Build(new TopologySpec(3, 12, 30, 2, 4), 42);
        var camera = new CameraId(5);
        var platform = topology.Platforms[topology.PlatformOf(camera).Value];
        var point = topology.PointOf(camera).Value;
        var device = camera.Value - platform.FirstCamera.Value;
        var start = TreeFixture.Start;
        var persistenceId = $"platform-{TopologyBuilder.Fingerprint(topology)}-{platform.Id.Value}";

        // What a node wrote before this change: the same events, by Akka's default serializer (JSON), with a snapshot
        // between them, so recovery reads a JSON snapshot and JSON events after it.
        object[] before =
        [
            new PlatformStarted(start.AddMinutes(-20), 0),
            new DeviceStatusChanged([new StatusChange(device, true, StatusReason.Registered, start.AddMinutes(-19))]),
            new AlarmRaised(1, camera.Value, point, AlarmType.EarlyLeave, start.AddMinutes(-8), 1),
        ];
        var seqStored = new long[platform.PointCount];
        seqStored[point - platform.FirstPoint.Value] = 1;
        var online = new bool[platform.CameraCount];
        online[device] = true;
        var snapshot = new PlatformSnapshot(online, [new ActiveAlarm(1, point, start.AddMinutes(-8).Ticks)], 1, 1, 1, seqStored, start.AddMinutes(-8));
        object[] after =
        [
            new AlarmRaised(2, camera.Value, point, AlarmType.StaffAbsent, start.AddMinutes(-6), 2),
            new AlarmRaised(3, camera.Value, point, AlarmType.Conflict, start.AddMinutes(-4), 3),
            new AlarmCleared(2, start.AddMinutes(-2)),
        ];
        var legacy = await StartHostAsync("monitorsim", b => b
            .WithSqlPersistence(
                new DataOptions().UseConnectionString(store.ProviderName, store.ConnectionString).UseInterceptor(new SqlitePragmas()),
                autoInitialize: true));
        try
        {
            var system = legacy.Services.GetRequiredService<ActorSystem>();
            Assert.IsType<NewtonSoftJsonSerializer>(system.Serialization.FindSerializerFor(before[2]));
            var writer = system.ActorOf(Props.Create(() => new LegacyPlatformWriter(persistenceId, before, snapshot, after)));
            Assert.Equal(6, await writer.Ask<long>("write", TimeSpan.FromSeconds(20)));
        }
        finally
        {
            await legacy.StopAsync();
            legacy.Dispose();
        }
        Assert.Equal([1, 1, 1, 1, 1, 1], JournalSerializers(path, persistenceId));
        Assert.Equal([1], SnapshotSerializers(path, persistenceId));

        await using (var first = await TreeFixture.StartAsync(store))
        {
            var status = await first.Node.PlatformStatusAsync(platform.Id.Value);
            Assert.Equal(3, status.AlarmsRaised);
            Assert.Equal(2, status.Total.ActiveAlarms); // 1 from the snapshot, 3 after it; 2 cleared
            Assert.Equal(2, status.Incarnation); // the snapshot's 1, and this start
            Assert.Equal(start.AddMinutes(-2), status.HistoryUntil); // the last JSON event was read
            // The start takes a snapshot (asynchronously), now in Hyperion; the JSON one is dropped some time after.
            await Eventually.HoldsAsync(() =>
            {
                Assert.Equal(-5, SnapshotSerializers(path, persistenceId)[^1]);
                return Task.CompletedTask;
            });
        }
        // The start recorded itself in Hyperion, after the JSON rows.
        var journal = JournalSerializers(path, persistenceId);
        Assert.Equal([1, 1, 1, 1, 1, 1], journal.Take(6));
        Assert.NotEmpty(journal.Skip(6));
        Assert.All(journal.Skip(6), id => Assert.Equal(-5, id));

        // And the mixed store recovers again, now from the Hyperion snapshot.
        await using var second = await TreeFixture.StartAsync(store);
        var again = await second.Node.PlatformStatusAsync(platform.Id.Value);
        Assert.Equal(3, again.AlarmsRaised);
        Assert.Equal(2, again.Total.ActiveAlarms);
        Assert.Equal(3, again.Incarnation);
    }

    internal static async Task<IHost> StartHostAsync(string name, Action<AkkaConfigurationBuilder> configure)
    {
        var host = new HostBuilder()
            .ConfigureLogging(l => l.ClearProviders())
            .ConfigureServices(s => s.AddAkka(name, (b, _) =>
            {
                configure(b);
                b.AddHocon("akka.stdout-loglevel = WARNING\nakka.loglevel = WARNING", HoconAddMode.Prepend);
            }))
            .Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Hyperion writes every message and event of the tree but the two gateway batches, which have a layout of
    /// their own (<see cref="GatewayBatchSerializer"/>).</summary>
    private static Type WrittenBy(Type message) =>
        message == typeof(DeviceBatch) || message == typeof(OperationDoneBatch) ? typeof(GatewayBatchSerializer) : typeof(HyperionSerializer);

    private object RoundTrip(object message)
    {
        var serializer = nodes.A.Serialization.FindSerializerFor(message);
        var bytes = nodes.A.Serialization.Serialize(message);
        return nodes.B.Serialization.Deserialize(bytes, serializer.Identifier, Akka.Serialization.Serialization.ManifestFor(serializer, message));
    }

    /// <summary>Compares by content: values by equality, collections element by element, actor refs by the actor they
    /// point at (its address-qualified path and uid), everything else property by property.</summary>
    private void AssertSameContent(object? expected, object? actual, string where)
    {
        if (expected is null)
        {
            Assert.True(actual is null, $"{where}: expected null, got {actual}");
            return;
        }
        Assert.True(actual is not null, $"{where}: expected {expected}, got null");
        // A ref comes back as another kind of ref (a remote one, on the receiving node) to the same actor.
        if (expected is IActorRef expectedRef)
        {
            Assert.True(actual is IActorRef, $"{where}: expected an actor ref, got a {actual.GetType().Name}");
            var actualRef = (IActorRef)actual;
            if (expectedRef.IsNobody())
            {
                Assert.True(actualRef.IsNobody(), $"{where}: expected Nobody, got {actualRef}");
                return;
            }
            var address = nodes.A.Provider.DefaultAddress;
            Assert.Equal(expectedRef.Path.ToStringWithAddress(address), actualRef.Path.ToStringWithAddress(address));
            Assert.Equal(expectedRef.Path.Uid, actualRef.Path.Uid);
            return;
        }
        Assert.True(expected.GetType() == actual.GetType(), $"{where}: expected a {expected.GetType().Name}, got a {actual.GetType().Name}");
        var type = expected.GetType();
        if (type.IsPrimitive || type.IsEnum || expected is string or DateTime or TimeSpan or decimal)
        {
            Assert.True(Equals(expected, actual), $"{where}: expected {expected}, got {actual}");
            if (expected is DateTime at) Assert.Equal(at.Kind, ((DateTime)actual).Kind);
            return;
        }
        if (expected is IEnumerable items)
        {
            var e = items.Cast<object?>().ToList();
            var a = ((IEnumerable)actual).Cast<object?>().ToList();
            Assert.True(e.Count == a.Count, $"{where}: expected {e.Count} items, got {a.Count}");
            for (var i = 0; i < e.Count; i++) AssertSameContent(e[i], a[i], $"{where}[{i}]");
            return;
        }
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToList();
        foreach (var p in properties) AssertSameContent(p.GetValue(expected), p.GetValue(actual), $"{where}.{p.Name}");
        // Records without refs or collections anywhere inside are also equal as values.
        if (IsPlainValue(type)) Assert.True(expected.Equals(actual), $"{where}: {expected} and {actual} are not equal");
    }

    /// <summary>Whether the type compares by value all the way down (a record or record struct holding no actor ref and
    /// no collection, whose equality would compare by reference).</summary>
    private static bool IsPlainValue(Type type)
    {
        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(DateTime) || type == typeof(TimeSpan)) return true;
        if (typeof(IActorRef).IsAssignableFrom(type) || typeof(IEnumerable).IsAssignableFrom(type)) return false;
        if (!typeof(IEquatable<>).MakeGenericType(type).IsAssignableFrom(type)) return false;
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance).All(p => IsPlainValue(p.PropertyType));
    }

    private static List<long> JournalSerializers(string path, string persistenceId) =>
        Query(path, "SELECT identifier FROM journal WHERE persistence_id = $id ORDER BY sequence_number", persistenceId);

    private static List<long> SnapshotSerializers(string path, string persistenceId) =>
        Query(path, "SELECT serializer_id FROM snapshot WHERE persistence_id = $id ORDER BY sequence_number", persistenceId);

    private static List<long> Query(string path, string sql, string persistenceId)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", persistenceId);
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read()) ids.Add(reader.GetInt64(0));
        return ids;
    }

    /// <summary>Writes a platform's journal stream as a node did before Hyperion: events, a snapshot, more events.</summary>
    private sealed class LegacyPlatformWriter : ReceivePersistentActor
    {
        public LegacyPlatformWriter(string persistenceId, object[] before, PlatformSnapshot snapshot, object[] after)
        {
            PersistenceId = persistenceId;
            IActorRef? asker = null;
            Command<string>(_ =>
            {
                asker = Sender;
                PersistAll(before, _ =>
                {
                    if (LastSequenceNr == before.Length) SaveSnapshot(snapshot);
                });
            });
            Command<SaveSnapshotSuccess>(_ => PersistAll(after, _ =>
            {
                if (LastSequenceNr == before.Length + after.Length) asker!.Tell(LastSequenceNr);
            }));
            Command<SaveSnapshotFailure>(f => asker!.Tell(new Status.Failure(f.Cause)));
        }

        public override string PersistenceId { get; }
    }
}
