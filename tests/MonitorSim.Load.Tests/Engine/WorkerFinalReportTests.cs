using MonitorSim.Domain.Operations;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Measurement;
using MonitorSim.Load.Results;

namespace MonitorSim.Load.Tests.Engine;

/// <summary>
/// A worker's reports carry at most so many acknowledgements each (a report must fit in one remoting frame), so the
/// acknowledgements still queued when it finishes — every answer that came in while it settled — may need more than one
/// report. Each one of them must reach the coordinator, or the end-of-run audit checks fewer than were acknowledged and
/// still says "all of them are in the journal".
/// </summary>
public sealed class WorkerFinalReportTests
{
    [Fact]
    public void Every_acknowledgement_still_queued_when_a_worker_finishes_reaches_the_coordinator_before_its_final_report_which_carries_its_bursts()
    {
        var acknowledged = new AcknowledgedOperations();
        for (var i = 1; i <= 45_000; i++) acknowledged.Alarms.Enqueue((i % 7, i));
        for (var i = 1; i <= 12_000; i++) acknowledged.Supervision.Enqueue(new StoredAcknowledgement(OperationKind.CoHandling, $"request-{i}"));
        IReadOnlyList<BurstDrain> bursts = [new(1_200, 0.24, 31), new(1_150, 0.22, 32)];
        var exporter = new DeltaExporter(new RunMeasurement([]), acknowledged, () => 0, () => null, () => bursts);

        var reports = exporter.TakeFinal("worker").ToList();

        Assert.Equal(45_000, reports.Sum(r => r.Acknowledged.Length / 2));
        Assert.Equal(Enumerable.Range(1, 45_000).Select(i => (long)i), reports.SelectMany(r => r.Acknowledged.Where((_, k) => k % 2 == 1)));
        Assert.Equal(12_000, reports.SelectMany(r => r.AcknowledgedSupervision).Select(a => a.Id).Distinct().Count());
        // The coordinator stops listening at the final report: it comes last, and only once.
        Assert.True(reports[^1].Final);
        Assert.Single(reports, r => r.Final);
        // Its timed bursts (a drain probe's) travel once, with the final report, when its measured window is over.
        Assert.Equal(bursts, reports[^1].Bursts);
        Assert.All(reports[..^1], r => Assert.Empty(r.Bursts));
    }

    [Fact]
    public void A_worker_with_nothing_queued_sends_one_final_report() =>
        Assert.True(Assert.Single(new DeltaExporter(new RunMeasurement([]), new AcknowledgedOperations(), () => 0, () => null, () => []).TakeFinal("worker")).Final);
}
