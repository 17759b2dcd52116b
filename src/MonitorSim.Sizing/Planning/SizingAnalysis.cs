using MonitorSim.Sizing.Design;
using MonitorSim.Sizing.Queueing;
using MonitorSim.Sizing.Usl;

namespace MonitorSim.Sizing.Planning;

/// <summary>
/// The models fitted on a sizing run's steps and the plan built on them.
/// <para>
/// N for the USL is the load factor: the open model fixes the offered load, not the concurrency, so the load factor is
/// the variable the steps set and the plan is asked about (production = a load factor). Little's law's N = X·R would sit
/// near 0 below the knee and shoot up past it, a variable the run neither controls nor plans in.
/// </para>
/// </summary>
/// <param name="Usl">The USL fitted on every step (for the chart and the peak); null when it cannot be fitted.</param>
/// <param name="KneeStep">The last step before the first that broke the SLO or stopped growing; null if the first did.</param>
/// <param name="ProcessDemand">The whole process's CPU (what the machine under test carried).</param>
/// <param name="TreeDemand">The tree role's CPU (process less the load generator's thread): what production runs.</param>
/// <param name="GeneratorDemand">The load generator's CPU (a test rig's), when measured.</param>
public sealed record SizingAnalysis(
    IReadOnlyList<StepMeasurement> Steps,
    UslFit? Usl,
    string? UslProblem,
    HeldOutCheck? HeldOut,
    string? HeldOutProblem,
    int? KneeStep,
    ServiceDemand ProcessDemand,
    ServiceDemand TreeDemand,
    ServiceDemand? GeneratorDemand,
    double? JournalRowsPerLoadFactorSecond,
    CapacityPlan Plan)
{
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

        UslFit? usl = null;
        string? uslProblem = null;
        try
        {
            usl = UslModel.Fit(Points(steps));
        }
        catch (Exception e) when (e is ArgumentException or ArithmeticException)
        {
            uslProblem = UslFitProblem.Of(e);
        }

        var primary = settings.PrimaryOperation ?? steps[0].Operations.MaxBy(o => o.Value.CompletedPerSecond).Key;
        var (heldOut, heldOutProblem) = Check(steps, settings, primary);

        var process = ServiceDemand.Fit("process", good.Select(s => (s.CompletedPerSecond, s.BusyCores)).ToList());
        var tree = ServiceDemand.Fit("tree", good.Select(s => (s.CompletedPerSecond, s.TreeBusyCores)).ToList());
        var generator = good.All(s => s.GeneratorCpuSeconds is not null)
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
        var roles = generator is null ? new List<ServiceDemand> { tree } : [tree, generator];
        var plan = CapacityPlan.Build(inputs, roles);
        return new SizingAnalysis(steps, usl, uslProblem, heldOut, heldOutProblem, knee, process, tree, generator, journalPerLf, plan);
    }

    /// <summary>The last step before the first that broke the SLO or grew its throughput less than 5 %; null when the
    /// first step already broke it.</summary>
    public static int? Knee(IReadOnlyList<StepMeasurement> steps)
    {
        int? knee = null;
        for (var i = 0; i < steps.Count; i++)
        {
            var grew = i == 0 || steps[i - 1].CompletedPerSecond <= 0
                       || steps[i].CompletedPerSecond / steps[i - 1].CompletedPerSecond - 1 >= LoadSteps.DefaultMinGrowth;
            if (!steps[i].SloHeld || !grew) break;
            knee = steps[i].Number;
        }
        return knee;
    }

    /// <summary>Steps up to the knee (below it the operational laws hold: the CPU still follows the load); all steps if
    /// there is no knee, since then every step is as good as any.</summary>
    private static List<StepMeasurement> Good(IReadOnlyList<StepMeasurement> steps)
    {
        var knee = Knee(steps);
        var good = knee is { } k ? steps.Where(s => s.LoadFactor <= steps.First(x => x.Number == k).LoadFactor).ToList() : [.. steps];
        return good.Count > 0 ? good : [.. steps];
    }

    private static List<UslPoint> Points(IEnumerable<StepMeasurement> steps) =>
        steps.Where(s => s.CompletedPerSecond > 0).Select(s => new UslPoint(s.LoadFactor, s.CompletedPerSecond)).ToList();

    /// <summary>Per operation the lowest p99 over the steps given: the response time without queueing for CPU.</summary>
    private static Dictionary<string, double> FloorP99(IReadOnlyList<StepMeasurement> steps) =>
        steps.SelectMany(s => s.Operations)
            .Where(o => o.Value.CompletedPerSecond > 0)
            .GroupBy(o => o.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Min(o => o.Value.P99Ms), StringComparer.Ordinal);

    /// <summary>
    /// Busy cores at throughput <paramref name="x"/>, read off the steps' own (throughput, busy cores) points: linearly
    /// between the two that bracket it, or along the nearest two past either end. The CPU of this system grows less than
    /// linearly with throughput (fixed work is shared by more operations as load rises), so one straight line through every
    /// step overstates it near the knee; the neighbours do not.
    /// </summary>
    public static double BusyCoresAt(double x, IReadOnlyList<StepMeasurement> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var points = steps.Where(s => s.CompletedPerSecond > 0 && double.IsFinite(s.BusyCores))
            .GroupBy(s => s.CompletedPerSecond).Select(g => (X: g.Key, Busy: g.Average(s => s.BusyCores))).OrderBy(p => p.X).ToList();
        if (points.Count == 0) throw new ArgumentException("needs a step with completed operations", nameof(steps));
        if (points.Count == 1) return points[0].Busy * x / points[0].X;
        var i = 1;
        while (i < points.Count - 1 && points[i].X < x) i++;
        var (a, b) = (points[i - 1], points[i]);
        return Math.Max(0, a.Busy + (x - a.X) * (b.Busy - a.Busy) / (b.X - a.X));
    }

    /// <summary>The held-out check (see <see cref="HeldOutCheck.HeldOutIndex"/>): the USL fitted without the step predicts
    /// its throughput; its primary operation's p99 is predicted at the throughput it carried, from the light-load p99 and
    /// Erlang C's wait on the machine's cores at the busy cores the other steps put there.</summary>
    public static (HeldOutCheck? Check, string? Problem) Check(IReadOnlyList<StepMeasurement> steps, PlanSettings settings, string primary)
    {
        if (steps.Count < LoadSteps.MinSteps)
            return (null, $"the check needs at least {LoadSteps.MinSteps} steps (4 to fit the USL's 3 parameters, 1 held out); this run measured {steps.Count}");
        var index = HeldOutCheck.HeldOutIndex(steps.Count);
        var held = steps[index];
        var others = steps.Where((_, i) => i != index).ToList();
        UslFit fit;
        try
        {
            fit = UslModel.Fit(Points(others));
        }
        catch (Exception e) when (e is ArgumentException or ArithmeticException)
        {
            return (null, $"the USL cannot be fitted without step {held.Number}: {UslFitProblem.Of(e)}");
        }
        var predictedX = fit.Model.Throughput(held.LoadFactor);

        var floors = FloorP99(Good(others));
        var measured = held.Operations.TryGetValue(primary, out var f) ? f.P99Ms : double.NaN;
        var lambda = held.CompletedPerSecond;
        var busy = BusyCoresAt(lambda, others);
        var rho = busy / settings.MachineCores;
        double? predictedP99 = null;
        if (rho < 1 && lambda > 0 && busy > 0 && floors.TryGetValue(primary, out var floor))
            predictedP99 = floor + new ErlangC(settings.MachineCores, lambda, busy / lambda).WaitPercentileSeconds(0.99) * 1000;
        return (new HeldOutCheck(held.Number, held.LoadFactor, held.CompletedPerSecond, predictedX, primary, measured, predictedP99, rho), null);
    }
}
