using System.CommandLine;
using System.Globalization;
using MonitorSim.Harness.Isolation;

namespace MonitorSim.Cli.Options;

/// <summary>
/// <c>--node-cpus Q</c> and <c>--generator-cpus G</c>, as <c>run</c> and <c>size</c> take them: the options, and the checks
/// that the quotas fit this machine and that the host lets us write cgroups. Each problem names its option; the command
/// then exits 2 before anything starts.
/// </summary>
internal sealed record CpuQuotaOptions(Option<double?> NodeCpus, Option<double?> GeneratorCpus)
{
    public static CpuQuotaOptions Create(string nodeCpus, string generatorCpus) =>
        new(new Option<double?>("--node-cpus") { Description = nodeCpus }, new Option<double?>("--generator-cpus") { Description = generatorCpus });

    /// <summary><c>run</c>'s quotas for a cluster of <paramref name="nodes"/> processes on this machine, checked; null without
    /// <c>--node-cpus</c> (and then <c>--generator-cpus</c> alone is a problem).</summary>
    public CpuQuotas? Read(ParseResult parse, int nodes, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(errors);
        var generator = parse.GetValue(GeneratorCpus);
        if (parse.GetValue(NodeCpus) is not { } quota)
        {
            if (generator is not null) errors.Add("--generator-cpus: applies only with --node-cpus");
            return null;
        }
        var quotas = new CpuQuotas(quota, generator ?? CpuQuotas.DefaultGeneratorCpus);
        Check(quotas, nodes, errors);
        return quotas;
    }

    /// <summary>
    /// The quotas must fit the machine: one node's no more than its cores, and <paramref name="nodes"/> × quota (the largest
    /// cluster's) no more than the cores the generator leaves, or the nodes would share cores after all; and the host must
    /// let us write cgroups.
    /// </summary>
    public static void Check(CpuQuotas quotas, int nodes, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(quotas);
        ArgumentNullException.ThrowIfNull(errors);
        var (quota, generator) = (quotas.NodeCpus, quotas.GeneratorCpus);
        var machine = Environment.ProcessorCount;
        if (!(double.IsFinite(quota) && quota > 0)) { errors.Add($"--node-cpus: must be > 0 cores, got {Show(quota)}"); return; }
        if (quota > machine) { errors.Add($"--node-cpus: {Show(quota)} cores is above this machine's {machine} cores"); return; }
        if (!CheckGenerator(generator, errors)) return;
        if (nodes * quota > machine - generator + 1e-9)
            errors.Add($"--node-cpus: {nodes} {(nodes == 1 ? "node" : "nodes")} × {Show(quota)} cores = {Show(nodes * quota)} cores exceed this machine's {machine} cores " +
                       $"less the load generator's {Show(generator)} ({Show(machine - generator)}): the nodes would share cores");
        else CheckHost("--node-cpus", errors);
    }

    /// <summary>The generator's quota must be a part of this machine: above 0 and below its cores.</summary>
    public static bool CheckGenerator(double generator, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var machine = Environment.ProcessorCount;
        if (double.IsFinite(generator) && generator > 0 && generator < machine) return true;
        errors.Add($"--generator-cpus: must be > 0 and below this machine's {machine} cores, got {Show(generator)}");
        return false;
    }

    /// <summary>The host must let this process make CPU groups (Linux, root or a delegated subtree).</summary>
    public static void CheckHost(string option, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (CpuCgroups.Detect() is (null, var problem)) errors.Add($"{option}: cannot cap CPU on this host: {problem}");
    }

    private static string Show(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
