using MonitorSim.Domain.Topology;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Load.Tests.Targets;

/// <summary>The self-test targets through the real engine, against known answers. Bounds are loose: the machine is
/// shared and noisy, and a finite run of a queue is one sample of it.</summary>
public sealed class SelfTestTargetTests
{
    private static readonly CityTopology City = TopologyBuilder.Build(new TopologySpec(3, 12, 30, 2, 4), 7);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static ScenarioDefinition Scenario(TimeSpan duration, params StreamDefinition[] streams) =>
        ScenarioDefinition.Default("targets") with
        {
            Duration = duration,
            CompletionTimeout = S(2),
            Streams = streams,
        };

    private static StreamDefinition Stream(TargetSpec target, double perSecond, TimeSpan during, Arrivals arrivals = Arrivals.Uniform) =>
        StreamDefinition.ForTarget(target.Name, target, [new InjectStep(perSecond, S(1), during, null, arrivals)]);

    private static Task<LoadOutcome> Run(ScenarioDefinition s) =>
        new LoadEngine(s, City).RunAsync(
            _ => throw new InvalidOperationException("a self-test run must not ask for the tree"),
            _ => Task.FromResult(TreeStatus.Unknown),
            _ => "no faults");

    [Fact]
    public async Task Noop_answers_every_operation_and_needs_no_tree_nor_booting_devices()
    {
        var outcome = await Run(Scenario(S(2), Stream(new NoopTarget(), 20_000, S(1.5))));

        Assert.Equal(30_000, outcome.Operations.Offered);
        Assert.Equal(30_000, outcome.Operations.Completed);
        Assert.Equal(["noop"], outcome.Workload.Select(w => w.Name));
        Assert.Equal(30_000, outcome.Latency["noop"].Count);
        Assert.True(outcome.Latency["noop"].Mean >= outcome.ServiceTime["noop"].Mean);
    }

    [Fact]
    public async Task Fixed_delay_answers_after_its_delay_not_before()
    {
        var outcome = await Run(Scenario(S(2), Stream(new FixedDelayTarget(TimeSpan.FromMilliseconds(20)), 200, S(1.5))));

        var service = outcome.ServiceTime["fixed_delay"];
        Assert.Equal(300, service.Count);
        Assert.True(service.P50 >= 20 * 0.99, $"p50 {service.P50} ms is below the 20 ms delay"); // HdrHistogram's 3 digits
        Assert.True(service.P50 < 60, $"p50 {service.P50} ms is far above the 20 ms delay");
    }

    [Fact]
    public async Task A_stall_shows_in_response_time_while_service_time_hides_it()
    {
        // Stalls of 0.5 s end at 2 s and 4 s; at 1,000/s about a fifth of the operations are due while the target stalls.
        var stall = new StallTarget(S(2), S(0.5), TimeSpan.Zero);
        var outcome = await Run(Scenario(S(4.6), Stream(stall, 1000, S(4.5))));

        var response = outcome.Latency["stall"];
        var service = outcome.ServiceTime["stall"];
        Assert.Equal(4500, response.Count);
        Assert.True(response.P99 >= 300, $"response p99 {response.P99} ms does not show the 500 ms stalls");
        Assert.True(service.P99 < 100, $"service p99 {service.P99} ms: the late operations should look fast from their start");
        Assert.True(outcome.GeneratorLag.P99 >= 300, "the stalled caller held the generator: its lag must say so");
    }

    [Fact]
    public async Task A_target_that_stops_answering_times_out_exactly_the_operations_sent_into_its_stalls_and_p99_shows_the_timeout()
    {
        // Silent stalls of 0.5 s end at 2 s and 4 s: at 1,000/s about a fifth of the operations go into one and are never
        // answered. Each times out after 200 ms and is recorded there, so the response-time p99 is the timeout's.
        var stall = new StallTarget(S(2), S(0.5), TimeSpan.Zero, Silent: true);
        var outcome = await Run(Scenario(S(4.6), Stream(stall, 1000, S(4.5)) with { Timeout = TimeSpan.FromMilliseconds(200) }));

        var account = Assert.Single(outcome.Events, e => e.StartsWith("stream stall: the stall target took ", StringComparison.Ordinal));
        var swallowed = long.Parse(System.Text.RegularExpressions.Regex.Match(account, @"took ([\d,]+) operations").Groups[1].Value
            .Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        var counts = outcome.PerOperation["stall"];
        Assert.InRange(swallowed, 500, 1500); // two stalls of 0.5 s at 1,000/s, give or take the generator's timing
        Assert.Equal(swallowed, counts.TimedOut);
        Assert.Equal(swallowed, outcome.Failures["stall:timed_out"]);
        Assert.Equal(new OperationCounts(4500, 4500 - swallowed, swallowed, 0, swallowed), counts);
        Assert.Equal(4500, outcome.Latency["stall"].Count);
        Assert.InRange(outcome.ServiceTime["stall"].P99, 200 * 0.999, 200 * 1.001); // exactly the timeout, to 3 digits
        Assert.True(outcome.Latency["stall"].P99 >= 200 * 0.999, $"response p99 {outcome.Latency["stall"].P99} ms hides the timeouts");
    }

    [Fact]
    public async Task One_exponential_worker_at_utilisation_0_8_gives_about_the_M_M_1_mean_response_time()
    {
        // S = 5 ms, λ = 160/s, ρ = 0.8 → S / (1 − ρ) = 25 ms. A 15 s run is one sample of the queue: its mean lies
        // between about 17 and 38 ms in 98 % of seeds (simulated), so the bounds leave room for that and for timing.
        var queue = new QueueTarget(1, new ServiceTimeSpec(ServiceDistribution.Exponential, TimeSpan.FromMilliseconds(5)));
        var outcome = await Run(Scenario(S(15.5), Stream(queue, 160, S(15), Arrivals.Poisson)));

        var mean = outcome.Latency["queue"].Mean;
        Assert.InRange(mean, 15, 45);
        Assert.True(outcome.ServiceTime["queue"].Mean >= 0.9 * mean, "an open model issues on time: queueing is in the target");
    }

    [Fact]
    public async Task More_workers_make_the_same_load_wait_less()
    {
        var load = 160.0;
        var one = new QueueTarget(1, new ServiceTimeSpec(ServiceDistribution.Deterministic, TimeSpan.FromMilliseconds(5)));
        var two = one with { Workers = 2 };
        var a = await Run(Scenario(S(3.2), Stream(one, load, S(3), Arrivals.Poisson)));
        var b = await Run(Scenario(S(3.2), Stream(two, load, S(3), Arrivals.Poisson)));

        Assert.True(b.Latency["queue"].Mean < a.Latency["queue"].Mean,
            $"2 workers: {b.Latency["queue"].Mean} ms, 1 worker: {a.Latency["queue"].Mean} ms");
        Assert.True(a.Latency["queue"].P50 >= 5 * 0.99, "no answer can come before its service time");
    }

    [Fact]
    public async Task A_stream_at_its_max_in_flight_drops_and_counts_what_it_cannot_start()
    {
        // 100 operations that each take 500 ms, at most 5 at a time: about 10 can start in the second, the rest drop.
        var slow = StreamDefinition.ForTarget("slow", new FixedDelayTarget(TimeSpan.FromMilliseconds(500)),
            [new InjectStep(100, S(1), S(1), null, Arrivals.Uniform)]) with { MaxInFlight = 5 };
        var outcome = await Run(Scenario(S(1.2), slow));

        var line = Assert.Single(outcome.Workload);
        Assert.Equal(100, line.Counts.Offered + line.Counts.Dropped);
        Assert.InRange(line.Counts.Offered, 5, 15);
        Assert.Equal(line.Counts.Offered, line.Counts.Completed);
        Assert.Equal(line.Counts.Dropped, outcome.Operations.Dropped);
    }

    [Fact]
    public async Task A_failing_abort_check_stops_the_run_early_and_says_why()
    {
        var slow = Stream(new FixedDelayTarget(TimeSpan.FromMilliseconds(50)), 100, S(10));
        var s = Scenario(S(10), slow) with { WarmUp = S(0.5) };

        var outcome = await new LoadEngine(s, City).RunAsync(
            _ => throw new InvalidOperationException("no tree"),
            _ => Task.FromResult(TreeStatus.Unknown),
            _ => "no faults",
            shouldAbort: (soFar, _) => soFar.Latency.TryGetValue("fixed_delay", out var l) && l.Mean > 20 ? "too slow" : null);

        Assert.Equal("too slow", outcome.AbortedBy);
        Assert.True(outcome.Timeline[^1].TS < 5, $"the run went on to {outcome.Timeline[^1].TS} s");
        Assert.InRange(outcome.Workload[0].Counts.Offered, 1, 500);
        Assert.Contains(outcome.Events, e => e.Contains("run aborted: too slow", StringComparison.Ordinal));
    }
}
