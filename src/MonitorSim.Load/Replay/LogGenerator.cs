using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Load.Replay;

/// <summary>
/// <c>monitorsim generate</c>: a realistic incident log from a scenario, deterministic by seed, in time order, written as it
/// is made (constant memory for any length). What it holds:
/// <list type="bullet">
/// <item>every camera registers once in the first minute (or keepalive interval, if shorter), then keeps alive every
/// keepalive interval on its own phase, and refreshes its registration every period of the scenario's periodic
/// registration stream (if it has one);</item>
/// <item>the scenario's open streams (alarm, service_flow, clue_intake, alarm_query) as Poisson arrivals at their mean
/// rates in sim time, shaped by the office-hours profile: outside office hours 10 % of the rate (service flow: none, the
/// halls are closed), inside 100 %, and the first 90 minutes after opening 200 % (the morning peak); alarm types from
/// the stream's mix, subjects drawn at random (points weighted by their cameras, i.e. by venue size);</item>
/// <item>incidents (<see cref="Outage"/>): the platform's cameras fall silent, then re-register in a storm.</item>
/// </list>
/// </summary>
public static class LogGenerator
{
    private const double NightShare = 0.1, PeakShare = 2.0;
    private static readonly TimeSpan Peak = TimeSpan.FromMinutes(90);

    /// <summary>Writes the log for [<paramref name="start"/>, start + <paramref name="duration"/>); returns events per kind.</summary>
    public static Dictionary<OperationKind, long> Generate(ScenarioDefinition s, CityTopology topology, DateTimeOffset start, TimeSpan duration,
        IReadOnlyList<Outage> outages, IncidentLogWriter writer)
    {
        var startUtc = start.UtcTicks;
        var end = duration.Ticks;
        var offset = (int)start.Offset.TotalMinutes;
        var cameras = topology.CameraCount;
        var rng = new MersenneTwister(unchecked(s.Seed * 7 + 3), threadSafe: false);
        var keepalive = s.Monitoring.KeepaliveInterval.Ticks;
        var boot = Math.Min(TimeSpan.TicksPerMinute, keepalive);
        // Each camera's phase: when it boots; its keepalives and refreshes follow on the same phase, so one sort of the
        // phases orders every round.
        var phase = new long[cameras];
        for (var c = 0; c < cameras; c++) phase[c] = (long)(rng.NextDouble() * boot);
        var order = Enumerable.Range(0, cameras).OrderBy(c => phase[c]).ToArray();
        var refresh = s.Streams.Where(x => x is { UsesTree: true, Kind: OperationKind.Registration })
            .SelectMany(x => x.Steps.OfType<PeriodicStep>()).Select(p => p.Every.Ticks).FirstOrDefault();

        // Outages in log ticks from the start (each on the first day it fits in the log).
        var cut = outages.Select(o =>
        {
            var at = (start.Date + o.At.ToTimeSpan() - start.DateTime).Ticks;
            if (at < 0) at += TimeSpan.TicksPerDay;
            return (o.Platform, From: at, To: at + o.For.Ticks);
        }).ToArray();
        bool Silent(int camera, long t)
        {
            foreach (var o in cut)
                if (t >= o.From && t < o.To && topology.PlatformOf(new CameraId(camera)).Value == o.Platform) return true;
            return false;
        }

        var sources = new List<IEnumerator<(long T, OperationKind Kind, int Subject, int Detail)>>
        {
            Rounds(order, phase, 0, 0, OperationKind.Registration, end, Silent),
            Rounds(order, phase, keepalive, keepalive, OperationKind.Keepalive, end, Silent),
        };
        if (refresh > 0) sources.Add(Rounds(order, phase, refresh, refresh, OperationKind.Registration, end, Silent));
        var jitter = Math.Max(1, s.Monitoring.ReregisterJitter.Ticks);
        foreach (var o in cut)
        {
            var platform = topology.Platforms[o.Platform];
            var storm = Enumerable.Range(platform.FirstCamera.Value, platform.CameraCount)
                .Select(c => (T: o.To + (long)(rng.NextDouble() * jitter), c)).OrderBy(x => x.T).ToList();
            sources.Add(storm.Where(x => x.T < end).Select(x => (x.T, OperationKind.Registration, x.c, -1)).GetEnumerator());
        }
        var streamIndex = 0;
        foreach (var stream in s.Streams.Where(x => x.UsesTree && x.Kind is OperationKind.Alarm or OperationKind.ServiceFlow or OperationKind.ClueIntake or OperationKind.AlarmQuery))
        {
            var rate = SimRate(s, topology, stream);
            if (rate <= 0) continue;
            sources.Add(Poisson(s, topology, start, stream, rate, end, Silent, new MersenneTwister(unchecked(s.Seed * 31 + ++streamIndex * 1_000_003), threadSafe: false)));
        }

        var counts = new Dictionary<OperationKind, long>();
        var queue = new PriorityQueue<int, long>();
        for (var i = 0; i < sources.Count; i++) if (sources[i].MoveNext()) queue.Enqueue(i, sources[i].Current.T);
        while (queue.TryDequeue(out var i, out _))
        {
            var e = sources[i].Current;
            writer.Write(startUtc + e.T, offset, e.Kind, e.Subject, e.Detail);
            counts[e.Kind] = counts.GetValueOrDefault(e.Kind) + 1;
            if (sources[i].MoveNext()) queue.Enqueue(i, sources[i].Current.T);
        }
        return counts;
    }

    /// <summary>Every camera once per <paramref name="period"/> on its phase (once only when the period is 0), from
    /// <paramref name="first"/>; a silent camera skips its turn.</summary>
    private static IEnumerator<(long, OperationKind, int, int)> Rounds(int[] order, long[] phase, long first, long period, OperationKind kind, long end,
        Func<int, long, bool> silent)
    {
        for (var round = first; round < end; round += period)
        {
            foreach (var c in order)
            {
                var t = round + phase[c];
                if (t >= end) break;
                if (!silent(c, t)) yield return (t, kind, c, -1);
            }
            if (period == 0) yield break;
        }
    }

    /// <summary>A stream's mean rate in operations per sim second (its first inject step; × load factor).</summary>
    private static double SimRate(ScenarioDefinition s, CityTopology topology, StreamDefinition stream)
    {
        foreach (var step in stream.Steps)
        {
            if (step is not InjectStep inject) continue;
            var perSecond = inject.Rate / inject.Interval.TotalSeconds;
            return s.LoadFactor * (inject.Per switch
            {
                Population.Camera => perSecond * topology.CameraCount,
                Population.Point => perSecond * topology.Points.Count,
                Population.Platform => perSecond * topology.Platforms.Count,
                _ => perSecond / s.Compression, // a wall rate: the sim sees it compressed
            });
        }
        return 0;
    }

    /// <summary>Poisson arrivals under the office-hours profile, by thinning a process at the peak rate.</summary>
    private static IEnumerator<(long, OperationKind, int, int)> Poisson(ScenarioDefinition s, CityTopology topology, DateTimeOffset start,
        StreamDefinition stream, double rate, long end, Func<int, long, bool> silent, Random rng)
    {
        var peakRate = rate * PeakShare;
        var cumulative = stream.AlarmMix.Select(w => w.Weight).ToArray();
        for (var i = 1; i < cumulative.Length; i++) cumulative[i] += cumulative[i - 1];
        double t = 0;
        while (true)
        {
            t += Exponential.Sample(rng, peakRate) * TimeSpan.TicksPerSecond;
            var ticks = (long)t;
            if (ticks >= end) yield break;
            var local = TimeOnly.FromDateTime(start.DateTime.AddTicks(ticks));
            var share = Profile(s.OfficeHours, local, stream.Kind == OperationKind.ServiceFlow);
            var keep = rng.NextDouble() < share / PeakShare;
            var camera = rng.Next(topology.CameraCount);
            var u = rng.NextDouble();
            var step = rng.Next(4);
            if (!keep || silent(camera, ticks)) continue;
            switch (stream.Kind)
            {
                case OperationKind.Alarm:
                    var type = cumulative.Length == 0 ? -1 : Array.FindIndex(cumulative, c => u * cumulative[^1] < c);
                    yield return (ticks, OperationKind.Alarm, camera, type < 0 ? (int)AlarmType.DeskUnattended : (int)stream.AlarmMix[type].Type);
                    break;
                case OperationKind.ServiceFlow:
                    yield return (ticks, OperationKind.ServiceFlow, topology.PointOf(new CameraId(camera)).Value, step);
                    break;
                case OperationKind.ClueIntake:
                    yield return (ticks, OperationKind.ClueIntake, topology.PointOf(new CameraId(camera)).Value, -1);
                    break;
                default:
                    yield return (ticks, stream.Kind, camera, -1);
                    break;
            }
        }
    }

    /// <summary>The share of a stream's mean rate at a time of day (see the class summary).</summary>
    public static double Profile(OfficeHours hours, TimeOnly time, bool onlyInOfficeHours)
    {
        if (time < hours.Start || time >= hours.End) return onlyInOfficeHours ? 0 : NightShare;
        return time < hours.Start.Add(Peak) ? PeakShare : 1;
    }
}
