using MonitorSim.Sizing.Design;

namespace MonitorSim.Sizing.Planning;

/// <summary>
/// The models fitted on a sizing run's steps and the plan built on them.
/// <para>
/// No USL is fitted over the load factor: below saturation an open model completes what it offers, so completed
/// throughput is proportional to the load factor by construction and such a fit (α ≈ 0, β ≈ 0, R² ≈ 1) checks the load
/// generator, not a capacity model. The capacity is the search's; the predictions that can fail are
/// <see cref="Prediction.CapacityPrediction"/>'s.
/// </para>
/// </summary>
/// <param name="KneeStep">A step at the knee (<see cref="Knee"/>): the highest load before the first that broke the SLO or
/// stopped keeping up; null if the lowest did.</param>
/// <param name="ProcessDemand">The whole process's CPU (what the machine under test carried); null when no step held the
/// SLO (<see cref="FitProblem"/>).</param>
/// <param name="TreeDemand">The tree role's CPU (process less the load generator's thread): what production runs; null
/// when no step held the SLO.</param>
/// <param name="GeneratorDemand">The load generator's CPU (a test rig's), when measured.</param>
public sealed record SizingAnalysis(
    IReadOnlyList<StepMeasurement> Steps,
    int? KneeStep,
    ServiceDemand? ProcessDemand,
    ServiceDemand? TreeDemand,
    ServiceDemand? GeneratorDemand,
    double? JournalRowsPerLoadFactorSecond,
    CapacityPlan Plan)
{
    /// <summary>Why no service demand was fitted and the plan sizes no role: no step held the SLO, and a step above the
    /// capacity says nothing of what an operation costs below it. Null when the demand was fitted.</summary>
    public string? FitProblem { get; init; }

    /// <summary>The named design load the plan is sized for (<see cref="PlanInputs.Design"/>).</summary>
    public DesignLoad Design => Plan.Inputs.Design!;

    /// <summary>Offered operations per second per unit of load factor, measured: the scenario's rates over its load factor.</summary>
    public double OpsPerLoadFactor => Plan.Inputs.BaseRates.Values.Sum() / Plan.Inputs.ScenarioLoadFactor;

    /// <summary>Fits the models on <paramref name="steps"/> and plans production with <paramref name="settings"/>.</summary>
    public static SizingAnalysis Analyse(IReadOnlyList<StepMeasurement> steps, PlanSettings settings)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(settings);
        if (steps.Count == 0) throw new ArgumentException("needs at least one measured step", nameof(steps));

        var knee = Knee(steps);
        var good = Good(steps);
        var fitted = good.Count > 0;

        var process = fitted ? ServiceDemand.Fit("process", good.Select(s => (s.CompletedPerSecond, s.BusyCores)).ToList()) : null;
        var tree = fitted ? ServiceDemand.Fit("tree", good.Select(s => (s.CompletedPerSecond, s.TreeBusyCores)).ToList()) : null;
        var generator = fitted && good.All(s => s.GeneratorCpuSeconds is not null)
            ? ServiceDemand.Fit("load generator", good.Select(s => (s.CompletedPerSecond, s.GeneratorCpuSeconds!.Value / s.SteadySeconds)).ToList())
            : null;

        // Offered rates per unit of load factor (the offered stream does not depend on the system, so every step counts).
        var totalLfSeconds = steps.Sum(s => s.LoadFactor * s.SteadySeconds);
        var operations = steps.SelectMany(s => s.Operations.Keys).Distinct(StringComparer.Ordinal).ToList();
        var baseRates = operations.ToDictionary(op => op,
            op => steps.Sum(s => s.Operations.TryGetValue(op, out var f) ? f.OfferedPerSecond * s.SteadySeconds : 0) / totalLfSeconds * settings.ScenarioLoadFactor);
        var journalSteps = good.Where(s => s.JournalRows is not null).ToList();
        double? journalPerLf = journalSteps.Count > 0
            ? journalSteps.Sum(s => (double)s.JournalRows!.Value) / journalSteps.Sum(s => s.LoadFactor * s.SteadySeconds)
            : null;
        var floors = FloorP99(good);

        var design = DesignLoad.Of(settings.Growth, DesignLoad.Peak(baseRates, settings.Unpeaked, settings.PeakFactor, settings.ScenarioLoadFactor),
            settings.Storm is { } storm ? DesignLoad.Storm(baseRates, storm) : null,
            settings.DesignLog is { } log ? DesignLoad.Log(log) : null);
        var inputs = new PlanInputs(baseRates, settings.Unpeaked, settings.Growth, settings.PeakFactor, settings.TargetUtilisation,
            settings.CoresPerNode, journalPerLf, settings.ScenarioLoadFactor, settings.JournalBytesPerRow, settings.JournalHoursPerDay,
            floors, settings.Links, design);
        var roles = new[] { tree, generator }.OfType<ServiceDemand>().ToList();
        var plan = CapacityPlan.Build(inputs, roles);
        return new SizingAnalysis(steps, knee, process, tree, generator, journalPerLf, plan) { FitProblem = fitted ? null : NothingHeld(steps) };
    }

    /// <summary>Why nothing could be fitted: the lowest load measured already broke the SLO (which threshold, by how much).</summary>
    private static string NothingHeld(IReadOnlyList<StepMeasurement> steps)
    {
        var lowest = steps[0];
        var broken = lowest.Slo.Where(v => !v.Passed).Select(v => v.Value is { } x ? $"{v.Expr}: {x:0.###}" : $"{v.Expr}: no value");
        return $"no trial held the SLO: the lowest load tried, load factor {lowest.LoadFactor:0.###} (trial {lowest.Number}), already broke it " +
               $"({string.Join(", ", broken)}); trials above the capacity say nothing of what an operation costs below it, so no service demand is " +
               "fitted and no production role is sized from them. Start the search lower (--start)";
    }

    /// <summary>
    /// The knee: a step at the highest load before the first load that broke the SLO or stopped keeping up; null when the
    /// lowest load already broke it. Loads are taken in ascending order with every trial at a load together, as a search
    /// leaves them: a load broke when more of its trials failed than passed (a transient failure that its recheck passed,
    /// as a fresh node's first trial at load factor 1 did on 2026-12-07, does not end the knee at a tenth of the capacity),
    /// and it stopped keeping up when its completed throughput grew by less than half of what its load factor grew over the
    /// load before (a bisection's loads lie within 5 % of each other, so a fixed 5 % of growth would end the knee there).
    /// </summary>
    public static int? Knee(IReadOnlyList<StepMeasurement> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        int? knee = null;
        (double Load, double Completed)? before = null;
        foreach (var load in steps.GroupBy(s => s.LoadFactor).OrderBy(g => g.Key))
        {
            var completed = load.Average(s => s.CompletedPerSecond);
            var keptUp = before is not { } b || b.Completed <= 0
                         || completed / b.Completed - 1 >= MinGrowthShare * (load.Key / b.Load - 1);
            if (!StepMeasurement.HeldByMost(load.ToList()) || !keptUp) break;
            knee = load.Where(s => s.SloHeld).Max(s => s.Number);
            before = (load.Key, completed);
        }
        return knee;
    }

    /// <summary>How much of a load factor's growth the completed throughput must follow to count as keeping up.</summary>
    public const double MinGrowthShare = 0.5;

    /// <summary>Steps up to the knee that held the SLO (below it the operational laws hold: the CPU still follows the load).
    /// None when there is no knee (the lowest step already broke the SLO): a step above the capacity measures a saturated
    /// or failing system, and a line through it would put its queueing into the cost of an operation.</summary>
    private static List<StepMeasurement> Good(IReadOnlyList<StepMeasurement> steps)
    {
        if (Knee(steps) is not { } k) return [];
        var kneeLoad = steps.First(x => x.Number == k).LoadFactor;
        return steps.Where(s => s.LoadFactor <= kneeLoad && s.SloHeld).ToList();
    }

    /// <summary>Per operation the lowest p99 over the steps given: the response time without queueing for CPU.</summary>
    private static Dictionary<string, double> FloorP99(IReadOnlyList<StepMeasurement> steps) =>
        steps.SelectMany(s => s.Operations)
            .Where(o => o.Value.CompletedPerSecond > 0)
            .GroupBy(o => o.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Min(o => o.Value.P99Ms), StringComparer.Ordinal);
}
