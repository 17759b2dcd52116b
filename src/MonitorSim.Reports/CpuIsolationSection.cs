using System.Text.Json.Nodes;
using MonitorSim.Load.Results;

namespace MonitorSim.Reports;

/// <summary>A run's CPU-isolated nodes (<c>run --node-cpus</c>) as its reports say them: a row of the run's facts in
/// report.md and report.html, and <c>run.cpu_isolation</c> in summary.json.</summary>
internal static class CpuIsolationSection
{
    /// <summary>"0.4 cores per node process, capped once the tree had started until the run ended: each node process in a
    /// cgroup v1 group of its own …"; null when the nodes were not capped.</summary>
    public static string? Row(RunInfo run) => run.CpuIsolation is not { } c ? null
        : $"{(c.NodeCpus is { } q ? Fmt.Human(q) + " cores per node process" : "a quota per node process")}, capped once the tree had started " +
          $"(its start is not measured) until the run ended: {c.Describe(Fmt.Human)}";

    /// <summary>summary.json's <c>run.cpu_isolation</c>: the quota, the hierarchy and its files, where the generator ran;
    /// null when the nodes were not capped.</summary>
    public static JsonNode? Json(CpuIsolationFacts? c) => c is null ? null : new JsonObject
    {
        ["node_cpus"] = c.NodeCpus,
        ["hierarchy"] = c.Hierarchy,
        ["quota_file"] = c.QuotaFile,
        ["period_ms"] = c.PeriodMs,
        ["generator_apart"] = c.GeneratorApart,
        ["generator_cpus"] = c.GeneratorApart ? c.GeneratorCpus : null,
    };
}
