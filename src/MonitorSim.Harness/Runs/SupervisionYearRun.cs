using System.Collections.Concurrent;
using HdrHistogram;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Supervision;
using MonitorSim.Domain.Storage;
using MonitorSim.Domain.Supervision;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Measurement;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Harness.Runs;

/// <summary>
/// A run's supervision year (the scenario's <c>supervision:</c> section): the desk drives the year on the cluster while
/// the streams run, each workflow command measured from send to persisted answer; then the read side counts the year
/// from the journal, and the spec's replications of the model (30 by default) put the seed's figures in their 95 %
/// prediction intervals for the report, beside the table of which figures the parameters were derived from.
/// The year is keyed by scenario and seed, so a run started again on the same store carries on where the last one stopped.
/// </summary>
public static class SupervisionYearRun
{
    public static string RunKeyOf(ScenarioDefinition scenario) => $"{scenario.Name}-s{scenario.Seed}";

    public static async Task<SupervisionResult> RunAsync(TreeNode node, ScenarioDefinition scenario, SupervisionSpec spec, CityTopology topology,
        IRunProgress progress, CancellationToken ct)
    {
        var organisation = Organisation.Build(topology, scenario.Seed, spec.Organisation);
        var runKey = RunKeyOf(scenario);
        var histograms = new ConcurrentDictionary<string, LongConcurrentHistogram>();
        var eventsSoFar = 0L;
        var desk = new SupervisionDesk(node.System, node.Clues, spec, organisation, scenario.Seed, runKey)
        {
            Observe = (kind, latency) => histograms
                .GetOrAdd(kind, _ => new LongConcurrentHistogram(1, LatencyRecorder.Highest, 3))
                .RecordValue(Math.Clamp((long)(latency.TotalMilliseconds * 1000), 1, LatencyRecorder.Highest)),
            DayDone = day =>
            {
                eventsSoFar += day.Commands.Sum(c => c.Expected.Count);
                if ((day.Index + 1) % 60 == 0)
                    progress.Info($"supervision: {day.Date:yyyy-MM-dd}, day {day.Index + 1}, {eventsSoFar:N0} workflow events so far");
            },
        };
        progress.Info($"supervision: the year {spec.YearStart:yyyy} ({spec.LeadIn.TotalDays:0} days' lead-in) on {organisation.Units.Count:N0} units, run key {runKey}");
        var outcome = await desk.RunAsync(ct);
        progress.Info(outcome.ResumedAt > 0
            ? $"supervision: resumed at day {outcome.ResumedAt} from the ledger; {outcome.Days} days run in {outcome.Wall.TotalSeconds:0.0} s"
            : $"supervision: {outcome.Days} days run in {outcome.Wall.TotalSeconds:0.0} s, {outcome.Events:N0} events persisted");

        var problems = new List<string>(outcome.Disagreements);
        if (!outcome.Completed) problems.Add($"the year stopped after day {outcome.ResumedAt + outcome.Days} of {outcome.YearDays}: run again on the same store to carry on");
        SupervisionFigures? journal = null;
        if (scenario.Store.Kind == StoreKind.Memory) problems.Add("the memory store has no read side: the year's figures are the model's, not read back from a journal");
        else
        {
            var read = await SupervisionReadSide.ReadAsync(node.System, spec, runKey, CancellationToken.None);
            journal = read.Figures;
            problems.AddRange(read.Problems);
        }
        var model = outcome.Model;
        if (journal is not null && outcome.Completed && !journal.SameAs(model))
            problems.Add("the journal's figures differ from the model's: an acknowledged event was lost or stored twice");
        return new SupervisionResult(runKey, spec.YearStart, outcome.Days, outcome.ResumedAt, outcome.Completed, Math.Round(outcome.Wall.TotalSeconds, 3),
            outcome.Commands, outcome.Events, outcome.AlreadyApplied, outcome.Retries, journal ?? model, model, [],
            histograms.OrderBy(h => h.Key, StringComparer.Ordinal).ToDictionary(h => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(h.Key), h => LatencyRecorder.Stats(h.Value)), problems)
        {
            FromJournal = journal is not null,
        };
    }

    /// <summary>The year's result with <see cref="SupervisionSpec.Replications"/> replications of the model beside the
    /// seed's figures, and the derivation table. Run apart from the measured window (they are CPU-bound and would
    /// otherwise count as the run's load).</summary>
    public static SupervisionResult Calibrate(SupervisionResult year, ScenarioDefinition scenario, SupervisionSpec spec, CityTopology topology) =>
        year with
        {
            Calibration = SupervisionCalibration.Replicate(spec, Organisation.Build(topology, scenario.Seed, spec.Organisation), spec.Replications),
            Replications = spec.Replications,
            Derivation = SupervisionDerivation.Of(spec),
        };
}
