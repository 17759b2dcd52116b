using System.Collections.Concurrent;
using System.Diagnostics;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;
using static MonitorSim.Load.Tests.TinyCity;

namespace MonitorSim.Load.Tests.Engine;

/// <summary>
/// Cameras send alarms as SIP MESSAGEs over UDP: one not answered is sent again after T1, 2·T1, 4·T1 … and given up after
/// 64·T1. However many copies went out and however many answers came back, an alarm is offered, answered and counted once.
/// </summary>
public sealed class UnansweredAlarmsTests
{
    /// <summary>10 alarms, evenly over the first 0.5 s, in a run of <paramref name="duration"/> seconds.</summary>
    private static ScenarioDefinition Scenario(TimeSpan t1, double duration = 2) => ScenarioDefinition.Default("resend") with
    {
        Duration = TimeSpan.FromSeconds(duration),
        WarmUp = TimeSpan.Zero,
        ReportInterval = TimeSpan.FromSeconds(0.5),
        CompletionTimeout = TimeSpan.FromSeconds(0.5),
        Topology = Tiny,
        Monitoring = MonitoringSpec.Default with { AlarmRetransmit = t1 },
        Streams = [new StreamDefinition("alarm", OperationKind.Alarm, [],
            [new InjectStep(20, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(0.5), null, Arrivals.Uniform)])],
    };

    private static async Task<(LoadOutcome Outcome, ScriptedTree Tree, LoadEngine Engine)> Run(ScenarioDefinition s, Func<int, TimeSpan?> answerCopyAfter)
    {
        var engine = new LoadEngine(s, City);
        ScriptedTree? tree = null;
        var outcome = await engine.RunAsync(o => tree = new ScriptedTree(o, answerCopyAfter), _ => Task.FromResult(TreeStatus.Unknown), _ => "no fault");
        return (outcome, tree!, engine);
    }

    [Fact]
    public async Task An_alarm_whose_first_copy_is_lost_is_sent_again_after_T1_and_counted_once()
    {
        // The first copy of every alarm vanishes; the second is answered at once.
        var (o, tree, engine) = await Run(Scenario(TimeSpan.FromMilliseconds(100)), copy => copy == 0 ? null : TimeSpan.Zero);

        Assert.Equal(new OperationCounts(10, 10, 0, 0, 0), o.PerOperation["alarm"]);
        Assert.All(tree.AlarmCopies.Values, n => Assert.Equal(2, n));
        Assert.Equal(10, tree.AlarmCopies.Count);
        // Each answer came after the re-send, T1 after the first copy, and is measured from the alarm's intended start.
        Assert.True(o.Latency["alarm"].P50 >= 100, $"p50 {o.Latency["alarm"].P50} ms");
        Assert.Equal(10, engine.AcknowledgedAlarms.Count);
        Assert.Contains(o.Events, e => e.Contains("re-sent unanswered alarms 10 times", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_copy_answered_still_counts_the_alarm_once()
    {
        // Every copy is answered, each 350 ms after it was sent: copies go out at 100 and 300 ms before the first answer.
        var (o, tree, engine) = await Run(Scenario(TimeSpan.FromMilliseconds(100)), _ => TimeSpan.FromMilliseconds(350));

        Assert.All(tree.AlarmCopies.Values, n => Assert.True(n >= 2, $"{n} copies"));
        Assert.True(tree.Answers > 10, $"{tree.Answers} answers");
        Assert.Equal(new OperationCounts(10, 10, 0, 0, 0), o.PerOperation["alarm"]);
        Assert.Equal(10, o.Latency["alarm"].Count);
        Assert.Equal(10, engine.AcknowledgedAlarms.Count);
        Assert.Equal(10, engine.AcknowledgedAlarms.Select(a => a.AlarmId).Distinct().Count());
    }

    [Fact]
    public async Task An_alarm_never_answered_is_given_up_after_64_T1_and_counts_as_failed()
    {
        // T1 = 20 ms: copies at about 20, 60, 140, 300, 620 and 1,260 ms; timer F gives up at 1,280 ms.
        var (o, tree, _) = await Run(Scenario(TimeSpan.FromMilliseconds(20), duration: 2.5), _ => null);

        Assert.Equal(new OperationCounts(10, 0, 10, 0, 0), o.PerOperation["alarm"]);
        Assert.Equal(10, o.Failures["alarm:no_answer"]);
        // How many copies fit before timer F depends on how promptly this machine runs the generator; never just one.
        Assert.All(tree.AlarmCopies.Values, n => Assert.InRange(n, 4, 7));
    }

    [Fact]
    public void Copies_go_out_at_doubling_intervals_capped_at_4_s_until_timer_F()
    {
        var ms = Stopwatch.Frequency / 1000;
        var t1 = TimeSpan.FromMilliseconds(500);
        var alarms = new UnansweredAlarms(t1);
        var ticket = new OpTicket(1, 7, 123, 123);
        alarms.Sent(new CameraId(7), AlarmType.VideoLoss, ticket, 0);
        var copies = new List<long>();
        OpTicket? givenUp = null;

        // Looked at every 10 ms for 40 s, as the generator does every 20 ms.
        for (long now = 0; now <= 40_000 * ms; now += 10 * ms)
            alarms.Tick(now, (_, _, t) => copies.Add(now / ms), t => givenUp ??= t);

        // RFC 3261 timer E for a non-INVITE request over UDP: T1, 2·T1, 4·T1, then T2 = 4 s between copies.
        Assert.Equal([500L, 1_500, 3_500, 7_500, 11_500, 15_500, 19_500, 23_500, 27_500, 31_500], copies);
        Assert.Equal(ticket, givenUp);                // timer F: 64·T1 = 32 s
        Assert.Equal(0, alarms.Count);
        Assert.Equal(10, alarms.Resent);
        Assert.False(alarms.Answered(ticket));        // an answer after giving up is ignored
    }

    [Fact]
    public void The_first_answer_ends_the_copies_and_a_later_one_is_not_counted()
    {
        var alarms = new UnansweredAlarms(TimeSpan.FromMilliseconds(500));
        var ticket = new OpTicket(1, 7, 123, 123);
        alarms.Sent(new CameraId(7), AlarmType.VideoLoss, ticket, 0);

        Assert.True(alarms.Answered(ticket));
        Assert.False(alarms.Answered(ticket));
        var copies = 0;
        alarms.Tick(Stopwatch.Frequency * 10, (_, _, _) => copies++, _ => copies += 100);
        Assert.Equal(0, copies);
        Assert.True(new UnansweredAlarms(TimeSpan.Zero).Answered(ticket)); // re-sending off: every answer counts
    }

    [Fact]
    public async Task A_T1_of_zero_sends_each_alarm_once_as_over_TCP()
    {
        var (o, tree, _) = await Run(Scenario(TimeSpan.Zero, duration: 1), _ => null);

        Assert.All(tree.AlarmCopies.Values, n => Assert.Equal(1, n));
        Assert.Equal(10, o.PerOperation["alarm"].TimedOut);

        var read = ScenarioLoader.Parse(MonitorSim.Load.Tests.Scenarios.ScenarioYaml.Minimal + "\nmonitoring: { alarm_retransmit: 0s }\n", "tcp.yaml");
        Assert.Equal(TimeSpan.Zero, read.Monitoring.AlarmRetransmit);
        Assert.Equal(TimeSpan.FromMilliseconds(500), ScenarioLoader.Parse(MonitorSim.Load.Tests.Scenarios.ScenarioYaml.Minimal, "udp.yaml").Monitoring.AlarmRetransmit);
    }

    /// <summary>A tree whose answer to the n-th copy of an alarm (0 = the first) comes after the delay given, or never
    /// (null); everything else is answered at once.</summary>
    private sealed class ScriptedTree(IOperationObserver observer, Func<int, TimeSpan?> answerCopyAfter) : IMonitoringTree
    {
        private long _ids;
        private int _answers;

        public ConcurrentDictionary<(int, long), int> AlarmCopies { get; } = new();
        public ConcurrentDictionary<(int, long), List<long>> CopyTimes { get; } = new();
        public int Answers => Volatile.Read(ref _answers);

        public void RaiseAlarm(CameraId camera, AlarmType type, OpTicket ticket)
        {
            var key = (ticket.Subject, ticket.Intended);
            var copy = AlarmCopies.AddOrUpdate(key, 1, (_, n) => n + 1) - 1;
            var times = CopyTimes.GetOrAdd(key, _ => []);
            lock (times) times.Add(Stopwatch.GetTimestamp());
            if (answerCopyAfter(copy) is not { } after) return;
            var id = Interlocked.Increment(ref _ids);
            var alarmId = copy == 0 ? id : key.GetHashCode() & 0x7fffffff; // copies of one alarm carry one stored id
            if (after == TimeSpan.Zero) Answer(ticket, alarmId);
            else _ = Task.Delay(after).ContinueWith(_ => Answer(ticket, alarmId), TaskScheduler.Default);
        }

        private void Answer(OpTicket ticket, long alarmId)
        {
            Interlocked.Increment(ref _answers);
            observer.OnCompleted(new OpOutcome(ticket, OperationKind.Alarm, OpStatus.Ok, Stopwatch.GetTimestamp(), default, null, alarmId));
        }

        public void Register(CameraId camera, OpTicket ticket) => Ok(OperationKind.Registration, ticket);
        public void Keepalive(CameraId camera, OpTicket ticket) => Ok(OperationKind.Keepalive, ticket);
        public void ServiceFlow(PointId point, ServiceFlowStep step, OpTicket ticket) => Ok(OperationKind.ServiceFlow, ticket);
        public void QueryAlarm(CameraId camera, long alarmId, OpTicket ticket) => Ok(OperationKind.AlarmQuery, ticket);
        public void FileClue(PointId point, OpTicket ticket) => Ok(OperationKind.ClueIntake, ticket);
        public void ListClue(long clue, OpTicket ticket) => Ok(OperationKind.ClueListing, ticket);
        public void OpenCoHandling(int unit, OpTicket ticket) => Ok(OperationKind.CoHandling, ticket);

        private void Ok(OperationKind kind, OpTicket ticket) =>
            observer.OnCompleted(new OpOutcome(ticket, kind, OpStatus.Ok, Stopwatch.GetTimestamp(), default, null, 0));
    }
}
