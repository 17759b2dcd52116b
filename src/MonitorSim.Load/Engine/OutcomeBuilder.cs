using System.Diagnostics;
using MonitorSim.Load.Measurement;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Load.Engine;

/// <summary>Reads a <see cref="RunMeasurement"/> into the run's figures: a timeline row per reporting interval, and the
/// totals (after warm-up) as a <see cref="LoadOutcome"/>. Reporter thread only: it keeps what each row has already shown.</summary>
/// <param name="listener">Hears this node's own samples of every interval (live metrics); it may be null.</param>
internal sealed class OutcomeBuilder(ScenarioDefinition scenario, IReadOnlyList<StreamPlan> plans, RunMeasurement measurement, RunClock clock,
    Func<long> remoteInFlight, ILatencyListener? listener)
{
    private readonly long[] _offeredSeen = new long[plans.Count];
    private readonly long[] _droppedSeen = new long[plans.Count];

    /// <summary>The row for the interval from <paramref name="previous"/> to <paramref name="now"/> (Stopwatch timestamps),
    /// warm-up included; its tree status is left for the caller.</summary>
    public TimelineRow TakeInterval(long now, long previous)
    {
        var seconds = (now - previous) / (double)Stopwatch.Frequency;
        long offered = 0, dropped = 0, inFlight = 0;
        for (var i = 0; i < plans.Count; i++)
        {
            var s = measurement.Stream(i);
            var o = Interlocked.Read(ref s.Offered) + Interlocked.Read(ref s.OfferedWarm);
            var d = Interlocked.Read(ref s.Dropped) + Interlocked.Read(ref s.DroppedWarm);
            offered += o - _offeredSeen[i];
            dropped += d - _droppedSeen[i];
            _offeredSeen[i] = o;
            _droppedSeen[i] = d;
            inFlight += Math.Max(0, Volatile.Read(ref s.InFlight));
        }
        inFlight += remoteInFlight();
        long completed = 0, failed = 0;
        var per = new Dictionary<string, IntervalStats>();
        foreach (var op in measurement.Operations)
        {
            var (c, f) = op.TakeIntervalCounts();
            var h = op.Response.TakeInterval(Own(LatencySeries.Response, op.Name));
            op.Service.TakeInterval(Own(LatencySeries.Service, op.Name));
            completed += c;
            failed += f;
            if (c + f > 0) per[op.Name] = new IntervalStats(c, f, LatencyRecorder.Ms(h, 50), LatencyRecorder.Ms(h, 99));
        }
        for (var i = 0; i < measurement.HopResponse.Count; i++)
        {
            measurement.HopResponse[i].TakeInterval(Own(LatencySeries.Response, OperationNames.AlarmHops[i]));
            measurement.HopService[i].TakeInterval(Own(LatencySeries.Service, OperationNames.AlarmHops[i]));
        }
        var perStream = new Dictionary<string, StreamIntervalStats>(StringComparer.Ordinal);
        for (var i = 0; i < plans.Count; i++)
        {
            if (measurement.SharesRecorders(i))
            {
                // The stream is its operation's only one: the operation's interval is the stream's.
                if (per.TryGetValue(measurement.Operations[measurement.OperationOf(i)].Name, out var op))
                    perStream[plans[i].Name] = new StreamIntervalStats(op.Completed + op.Failed, op.P50, op.P99);
                continue;
            }
            var h = measurement.StreamResponse(i).TakeInterval();
            if (h.TotalCount > 0) perStream[plans[i].Name] = new StreamIntervalStats(h.TotalCount, LatencyRecorder.Ms(h, 50), LatencyRecorder.Ms(h, 99));
            measurement.StreamService(i).TakeInterval();
        }
        var lag = measurement.GeneratorLag.TakeInterval(Own(LatencySeries.GeneratorLag, ""));
        var t = Math.Round((now - clock.Start) / (double)Stopwatch.Frequency, 3);
        // The flag agrees with the printed time: a row is warm-up when it ended (to the millisecond) within the warm-up.
        var warmUp = t <= Math.Round(scenario.WarmUp.TotalSeconds, 3);
        return new TimelineRow(t, warmUp, Math.Round(seconds, 3), offered, completed, failed, dropped,
            inFlight, LatencyRecorder.Ms(lag, 99), per, TreeStatus.Unknown) { PerStream = perStream, EndedUtc = DateTime.UtcNow };
    }

    /// <summary>What takes this node's own samples of one recorder to the listener; null when nobody listens.</summary>
    private Action<HdrHistogram.HistogramBase>? Own(LatencySeries series, string key) =>
        listener is { } l ? samples => l.Samples(series, key, LoadEngine.CoordinatorNode, samples) : null;

    /// <summary>The figures so far (totals after warm-up).</summary>
    public LoadOutcome Outcome(IReadOnlyList<TimelineRow> timeline, TreeStatus final, double measuredSeconds, string? abortedBy, IEnumerable<string> events)
    {
        var latency = new Dictionary<string, LatencyStats>();
        var service = new Dictionary<string, LatencyStats>();
        var perOperation = new Dictionary<string, OperationCounts>();
        var bytes = new Dictionary<string, ByteCounts>();
        for (var i = 0; i < measurement.Operations.Count; i++)
        {
            var op = measurement.Operations[i];
            long offered = 0, dropped = 0;
            for (var s = 0; s < plans.Count; s++)
            {
                var c = measurement.Stream(s);
                if (measurement.OperationOf(s) == i) offered += Interlocked.Read(ref c.Offered);
                offered += measurement.StepCount(s, i);
                var steps = measurement.StepsOf(s);
                if (measurement.OperationOf(s) == i || (steps.Length > 0 && steps[0] == i)) dropped += Interlocked.Read(ref c.Dropped);
            }
            var counts = op.Totals(offered, dropped);
            if (counts.Offered == 0 && counts.Completed == 0 && counts.Failed == 0) continue;
            perOperation[op.Name] = counts;
            if (op.Bytes is { Sent: > 0 } or { Received: > 0 }) bytes[op.Name] = op.Bytes;
            latency[op.Name] = op.Response.Total(scenario.Percentiles);
            service[op.Name] = op.Service.Total(scenario.Percentiles);
        }
        for (var i = 0; i < OperationNames.AlarmHops.Length; i++)
        {
            var hop = measurement.HopResponse[i].Total(scenario.Percentiles);
            if (hop.Count == 0) continue; // no alarm reported its hops (none completed after warm-up)
            latency[OperationNames.AlarmHops[i]] = hop;
            service[OperationNames.AlarmHops[i]] = measurement.HopService[i].Total(scenario.Percentiles);
        }

        var workload = plans.Select((p, i) => new WorkloadLine(p.Name, p.OperationName, Math.Round(p.MeanRate, 3), p.Basis,
            measurement.StreamTotals(i), measurement.StreamResponse(i).Total(scenario.Percentiles),
            measurement.StreamService(i).Total(scenario.Percentiles), measurement.StreamFailures(i))).ToList();
        var totals = new OperationCounts(
            perOperation.Values.Sum(c => c.Offered), perOperation.Values.Sum(c => c.Completed),
            perOperation.Values.Sum(c => c.Failed), perOperation.Values.Sum(c => c.Dropped), perOperation.Values.Sum(c => c.TimedOut));
        return new LoadOutcome(workload, totals, Math.Round(totals.Completed / Math.Max(1e-9, measuredSeconds), 3), latency, service,
            measurement.GeneratorLag.Total(scenario.Percentiles), perOperation, measurement.Failures(), timeline.ToList(), final, events.ToList(),
            abortedBy, bytes, Math.Round(measuredSeconds, 3));
    }
}
