using System.Diagnostics;
using System.Globalization;
using MathNet.Numerics.Random;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Load.Engine;

/// <summary>
/// Compiles a scenario's streams into arrival sequences for one run. Time rules: the run's duration, warm-up and every
/// <c>during</c> are wall time; a <c>periodic</c> period and an <c>inject</c> rate given <c>per</c> a population are
/// domain rates in sim time, so compression speeds them up; an <c>inject</c> rate without <c>per</c> is a plain wall rate
/// (NBomber's meaning). <c>load_factor</c> multiplies every rate.
/// </summary>
public static class LoadPlanner
{
    /// <summary>Name of the built-in stream of devices booting (every camera registers once at the start).</summary>
    public const string BootStream = "boot";

    /// <summary>Name of the built-in stream of devices re-registering after their platform refused a keepalive.</summary>
    public const string ReregisterStream = "reregistration";

    /// <summary>Boot registrations a second the boot window is stretched to keep under: a city's 17,932 cameras boot
    /// in 5 s (3,600/s), a province's million over 50 s when the warm-up allows (one node answered ~28,000 operations a
    /// second at a million cameras on a busy machine, docs/province.md; 200,000 boot registrations a second swamped it).</summary>
    public const double BootRegistrationsPerS = 20_000;

    /// <summary>Boot window: cameras register during the first half of the warm-up, before their keepalives start:
    /// <c>clamp(warm_up / 2, 1 s, max(5 s, cameras / 20,000 per s))</c>.</summary>
    public static TimeSpan BootWindow(ScenarioDefinition s)
    {
        var maxS = Math.Max(5, s.Topology.Cameras / BootRegistrationsPerS);
        return TimeSpan.FromTicks(Math.Clamp(s.WarmUp.Ticks / 2, TimeSpan.TicksPerSecond, (long)(maxS * TimeSpan.TicksPerSecond)));
    }

    /// <summary>Compiles <paramref name="s"/> for a run on <paramref name="topology"/>; throws <see cref="ScenarioException"/>
    /// when a feed names cameras or points the topology does not have.</summary>
    public static IReadOnlyList<StreamPlan> Plan(ScenarioDefinition s, CityTopology topology)
    {
        var plans = new List<StreamPlan>();
        var end = Ticks(s.Duration);
        // Devices boot only where there are devices: a scenario of self-test targets alone never touches the tree, and
        // cameras that speak SIP to a platform register through the scenario's own registration stream.
        var usesTree = s.Streams.Any(x => x.UsesCluster);
        var boot = usesTree ? Ticks(BootWindow(s)) : 0;
        var bootRng = new MersenneTwister(unchecked(s.Seed * 7919 + 1), threadSafe: false);
        if (usesTree)
            plans.Add(new StreamPlan(BootStream, OperationKind.Registration,
            new StreamSchedule([new PermutedArrivals(topology.CameraCount, 0, boot, bootRng)]),
            topology.CameraCount / Math.Max(1, s.Duration.TotalSeconds),
            $"{topology.CameraCount:N0} cameras register once, over the first {Durations.Format(BootWindow(s))}",
            PopulationKind.Camera, AlarmMix.None, InFlightRules.Default));

        for (var i = 0; i < s.Streams.Count; i++)
        {
            var stream = s.Streams[i];
            // Each stream gets its own generator seeded from the scenario seed and its position: same seed, same arrivals.
            var rng = new MersenneTwister(unchecked(s.Seed * 31 + i * 1_000_003 + 17), threadSafe: false);
            plans.Add(PlanStream(s, topology, stream, rng, boot, end));
        }

        if (usesTree)
            plans.Add(new StreamPlan(ReregisterStream, OperationKind.Registration, StreamSchedule.None, 0,
                "devices whose keepalive is refused re-register after a random jitter", PopulationKind.Camera, AlarmMix.None, InFlightRules.Default,
                Reactive: true));
        return plans;
    }

    private static StreamPlan PlanStream(ScenarioDefinition s, CityTopology topology, StreamDefinition stream, Random rng, long boot, long end)
    {
        var sequences = new List<ArrivalSequence>();
        var closed = new List<ClosedSegment>();
        var previousCopies = 0;
        var bases = new List<string>();
        var population = PopulationKind.None;
        double offered = 0;
        long at = 0;
        double previousRate = 0;
        // A step lasts its `during` (wall time) from where the previous one ended, or to the end of the run.
        long Until(TimeSpan? during) => during is { } d ? Math.Min(end, at + Ticks(d)) : end;
        foreach (var step in stream.Steps)
        {
            switch (step)
            {
                case PeriodicStep p:
                {
                    // Device timers start when the devices have booted.
                    var from = Math.Max(at, boot);
                    var to = Until(p.During);
                    var members = Count(topology, p.Per);
                    var period = Math.Max(1, (long)(Ticks(s.Clock(p.Every)) / s.LoadFactor));
                    sequences.Add(new PeriodicArrivals(members, period, from, to, rng));
                    population = Kind(p.Per);
                    previousRate = PeriodicArrivals.Rate(members, period);
                    offered += previousRate * Seconds(Math.Max(0, to - from));
                    bases.Add($"{members:N0} {Plural(p.Per)} / {Durations.Format(p.Every)} sim");
                    at = to;
                    break;
                }
                case InjectStep inj:
                {
                    var to = Until(inj.During);
                    var rate = Rate(s, topology, inj.Rate, inj.Interval, inj.Per);
                    sequences.Add(new InjectArrivals(rate, rate, at, to, inj.Arrivals == Arrivals.Poisson, rng, 0));
                    offered += rate * Seconds(to - at);
                    bases.Add(Basis(s, topology, inj.Rate, inj.Interval, inj.Per, rate, inj.Arrivals));
                    previousRate = rate;
                    at = to;
                    break;
                }
                case RampingInjectStep ramp:
                {
                    var to = Until(ramp.During);
                    var rate = Rate(s, topology, ramp.Rate, ramp.Interval, ramp.Per);
                    sequences.Add(new InjectArrivals(previousRate, rate, at, to, ramp.Arrivals == Arrivals.Poisson, rng, 0));
                    offered += (previousRate + rate) / 2 * Seconds(to - at);
                    bases.Add($"ramp {previousRate:0.###}/s → {Basis(s, topology, ramp.Rate, ramp.Interval, ramp.Per, rate, ramp.Arrivals)}");
                    previousRate = rate;
                    at = to;
                    break;
                }
                case InjectRandomStep random:
                {
                    var to = Until(random.During);
                    var perSecond = s.LoadFactor / random.Interval.TotalSeconds;
                    sequences.Add(new RandomRateArrivals(random.Min * perSecond, random.Max * perSecond, Ticks(random.Interval), at, to,
                        random.Arrivals == Arrivals.Poisson, rng));
                    previousRate = (random.Min + random.Max) / 2 * perSecond;
                    offered += previousRate * Seconds(to - at);
                    bases.Add($"random {random.Min:0.###}–{random.Max:0.###} per {Durations.Format(random.Interval)}, drawn per interval");
                    at = to;
                    break;
                }
                case IterationsForInjectStep iterations:
                {
                    // Exactly this many operations; the next step starts when, at this rate, the last one is due.
                    var rate = iterations.Rate / iterations.Interval.TotalSeconds * s.LoadFactor;
                    var to = rate > 0 ? Math.Min(end, at + (long)(iterations.Iterations / rate * Stopwatch.Frequency)) : at;
                    sequences.Add(new LimitedArrivals(
                        new InjectArrivals(rate, rate, at, end, iterations.Arrivals == Arrivals.Poisson, rng, 0), iterations.Iterations));
                    offered += Math.Min(iterations.Iterations, rate * Seconds(end - at));
                    bases.Add($"{iterations.Iterations:N0} operations at {rate:0.###}/s");
                    previousRate = rate;
                    at = to;
                    break;
                }
                case KeepConstantStep keep:
                {
                    var to = Until(keep.During);
                    closed.Add(new ClosedSegment(at, to, keep.Copies, keep.Copies));
                    bases.Add($"{keep.Copies} copies, each starting its next operation when the last is answered (closed model)");
                    previousCopies = keep.Copies;
                    at = to;
                    break;
                }
                case RampingConstantStep ramp:
                {
                    var to = Until(ramp.During);
                    closed.Add(new ClosedSegment(at, to, previousCopies, ramp.Copies));
                    bases.Add($"ramp {previousCopies} → {ramp.Copies} copies (closed model)");
                    previousCopies = ramp.Copies;
                    at = to;
                    break;
                }
                case IterationsForConstantStep iterations:
                {
                    // The last step (the reader insists): it runs until its iterations are started, or to the run's end.
                    closed.Add(new ClosedSegment(at, end, iterations.Copies, iterations.Copies, iterations.Iterations));
                    bases.Add($"{iterations.Copies} copies until {iterations.Iterations:N0} operations are started (closed model)");
                    previousCopies = iterations.Copies;
                    at = end;
                    break;
                }
                case PauseStep pause:
                    at = Math.Min(end, at + Ticks(pause.During));
                    bases.Add($"pause {Durations.Format(pause.During)}");
                    previousRate = 0;
                    previousCopies = 0;
                    break;
            }
        }

        var mix = stream.UsesTree && stream.Kind == OperationKind.Alarm
            ? AlarmMix.Of(stream.AlarmMix.Count > 0 ? stream.AlarmMix : StreamDefinition.DefaultAlarmMix)
            : AlarmMix.None;
        var schedule = new StreamSchedule(sequences, closed,
            CountsIterations: stream.Steps.Any(x => x is IterationsForInjectStep or IterationsForConstantStep),
            OfficeHoursOnly: stream.UsesTree && stream.Kind == OperationKind.ServiceFlow);

        return new StreamPlan(stream.Name, stream.Kind, schedule, offered / Math.Max(1e-9, s.Duration.TotalSeconds),
            string.Join("; ", bases), population, mix, new InFlightRules(stream.MaxInFlight, Timeout: stream.Timeout),
            Target: stream.Target, Then: stream.UsesTree ? stream.Then : null,
            Feed: stream is { UsesTree: true, Feed: { } feed } ? ResolvedFeed.Resolve(feed, topology) : null, Sip: stream.Sip);
    }

    /// <summary>Operations per wall second for an inject step.</summary>
    private static double Rate(ScenarioDefinition s, CityTopology topology, double rate, TimeSpan interval, Population? per)
    {
        var perSecond = rate / interval.TotalSeconds;
        return per is { } p
            ? perSecond * Count(topology, p) * s.Compression * s.LoadFactor
            : perSecond * s.LoadFactor;
    }

    private static string Basis(ScenarioDefinition s, CityTopology topology, double rate, TimeSpan interval, Population? per, double perSecond, Arrivals arrivals)
    {
        var r = rate.ToString("0.####", CultureInfo.InvariantCulture);
        var text = per is { } p
            ? $"{r} per {Singular(p)} per {Durations.Format(interval)} sim × {Count(topology, p):N0} {Plural(p)}"
            : $"{r} per {Durations.Format(interval)}";
        if (s.LoadFactor != 1) text += $" × load factor {s.LoadFactor:0.###}";
        return $"{text} = {perSecond:0.###}/s ({arrivals.ToString().ToLowerInvariant()})";
    }

    private static int Count(CityTopology t, Population p) => p switch
    {
        Population.Camera => t.CameraCount,
        Population.Point => t.Points.Count,
        _ => t.Platforms.Count,
    };

    private static PopulationKind Kind(Population p) => p switch
    {
        Population.Camera => PopulationKind.Camera,
        Population.Point => PopulationKind.Point,
        _ => PopulationKind.Platform,
    };

    private static string Singular(Population p) => p.ToString().ToLowerInvariant();

    private static string Plural(Population p) => Singular(p) + "s";

    private static TimeSpan Clock(this ScenarioDefinition s, TimeSpan sim) => TimeSpan.FromTicks((long)(sim.Ticks / s.Compression));

    /// <summary>TimeSpan → Stopwatch ticks.</summary>
    public static long Ticks(TimeSpan t) => (long)(t.Ticks * (Stopwatch.Frequency / (double)TimeSpan.TicksPerSecond));

    /// <summary>Stopwatch ticks → seconds.</summary>
    internal static double Seconds(long stopwatchTicks) => stopwatchTicks / (double)Stopwatch.Frequency;
}
