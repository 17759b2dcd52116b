using MonitorSim.Sizing.Planning;

namespace MonitorSim.Sizing.Vertical;

/// <summary>One node's capacity search under one CPU quota: every trial, as a cluster size's.</summary>
public sealed record QuotaSeries(double Cores, NodeSeries Series);

/// <summary>The vertical axis of a size run (<c>size --vertical</c>): one node searched at each CPU quota, and the line over
/// cores fitted on what the searches found.</summary>
/// <param name="GeneratorCpus">Cores the load generator threads were capped at, apart from the node's quota.</param>
/// <param name="GeneratorApart">False on cgroup v2, where the generator threads share the node's quota.</param>
public sealed record VerticalRun(IReadOnlyList<QuotaSeries> Quotas, CoreCapacityAxis Axis, double GeneratorCpus, bool GeneratorApart)
{
    /// <summary>A passing load's generator busy on this share of its cap or more may have been limited by the generator,
    /// not the node.</summary>
    public const double GeneratorBusyShare = 0.9;

    /// <summary>The quota's capacity as the axis takes it: the passed repeats at the passed load, or why there is none.</summary>
    public static QuotaCapacity Capacity(QuotaSeries quota)
    {
        ArgumentNullException.ThrowIfNull(quota);
        var search = quota.Series.Search;
        var passed = search?.PassedLoad;
        var repeats = quota.Series.HeldAtPassedLoad.Select(s => s.CompletedPerSecond).ToList();
        return new QuotaCapacity(quota.Cores, passed, search?.FailedLoad, repeats, passed is null ? quota.Series.StopReason : null);
    }

    /// <summary>Below this share of its quota in every trial, a node was not held back by its quota: something else (the
    /// machine's other work, which a CFS quota caps but does not keep away, the generator, a serial part of the tree) set
    /// its capacity.</summary>
    public const double QuotaBoundShare = 0.8;

    /// <summary>The most busy cores the tree used in any trial of the quota (its process's CPU less the generator threads'),
    /// as a share of the quota; NaN without trials.</summary>
    public static double MostBusyShare(QuotaSeries quota)
    {
        ArgumentNullException.ThrowIfNull(quota);
        return quota.Series.Steps.Count == 0 ? double.NaN : quota.Series.Steps.Max(s => s.TreeBusyCores) / quota.Cores;
    }

    /// <summary>The load generator's busy cores (its threads' CPU over the steady window) in the trials at the quota's passed
    /// load, the most of the repeats; null when no load passed or the generator's CPU was not read.</summary>
    public static double? GeneratorBusyCores(QuotaSeries quota)
    {
        ArgumentNullException.ThrowIfNull(quota);
        if (quota.Series.Search?.PassedLoad is not { } l) return null;
        var busy = quota.Series.Steps.Where(s => s.LoadFactor == l && s.GeneratorCpuSeconds is not null && s.SteadySeconds > 0)
            .Select(s => s.GeneratorCpuSeconds!.Value / s.SteadySeconds).ToList();
        return busy.Count > 0 ? busy.Max() : null;
    }
}
