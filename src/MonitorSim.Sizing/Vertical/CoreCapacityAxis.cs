using System.Globalization;
using MonitorSim.Sizing.Prediction;

namespace MonitorSim.Sizing.Vertical;

/// <summary>What the search measured on one node capped at <paramref name="Cores"/> cores.</summary>
/// <param name="PassedLoad">Highest load factor that passed every repeat; null when none did (the quota does not carry the
/// topology at any load the search tried: <paramref name="Problem"/> says why).</param>
/// <param name="CompletedPerSecond">Completed ops/s of every repeat at <paramref name="PassedLoad"/>.</param>
public sealed record QuotaCapacity(double Cores, double? PassedLoad, double? FailedLoad, IReadOnlyList<double> CompletedPerSecond, string? Problem = null)
{
    /// <summary>Whether the quota carried a load that held every SLO in every repeat.</summary>
    public bool Carries => PassedLoad is not null && CompletedPerSecond.Count > 0;

    /// <summary>The capacity: mean completed ops/s of the repeats at the passed load (the interval's lower end); NaN when none.</summary>
    public double OpsPerSecond => CompletedPerSecond.Count > 0 ? CompletedPerSecond.Average() : double.NaN;
}

/// <summary>The plan's production node, extrapolated from the line over quotas: nothing measured it.</summary>
/// <param name="Cores">The production node's cores (<c>--cores-per-node</c>).</param>
/// <param name="LargestMeasuredCores">The largest quota the line was fitted on.</param>
/// <param name="Low">Lower end of the 95 % prediction interval; NaN when the line has no degree of freedom.</param>
public sealed record CoreExtrapolation(double Cores, double LargestMeasuredCores, double OpsPerSecond, double Low, double High)
{
    /// <summary>How far the extrapolation reaches: production cores / the largest measured quota.</summary>
    public double Ratio => Cores / LargestMeasuredCores;

    public bool HasInterval => double.IsFinite(Low) && double.IsFinite(High);

    /// <summary>"16 cores is 10.7× the largest measured quota (1.5 cores)".</summary>
    public string RatioText() =>
        $"{Show(Cores)} cores is {Ratio.ToString("0.0", CultureInfo.InvariantCulture)}× the largest measured quota ({Show(LargestMeasuredCores)} {(LargestMeasuredCores == 1 ? "core" : "cores")})";

    private static string Show(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>
/// Capacity against cores on one node: the searched capacity at each CPU quota, the line X(c) = a + b·c over the quotas
/// that carried the topology (<see cref="CoreCapacityLine"/>, one point per quota), its fixed cost c₀ = −a/b, the largest
/// quota held out (the line through the smaller quotas predicts it, the search measured it) and the production node
/// extrapolated from the line over every quota, with its 95 % prediction interval and how far it reaches.
/// <para>
/// One point per quota, not one per repeat: the repeats ran the same load factor, so their spread is the spread of a
/// window's completions at one load, not of the capacity; counting them as points would shrink the standard errors by
/// pseudo-replication.
/// </para>
/// </summary>
/// <param name="Measured">Every quota searched, fewest cores first.</param>
/// <param name="Line">The line over every quota that carried the topology; null with fewer than two (<paramref name="Problem"/>).</param>
/// <param name="HeldOut">The largest carrying quota predicted by the smaller ones and measured; null with fewer than two.</param>
/// <param name="HeldOutLine">The line fitted without the held-out quota; null when fewer than two quotas were left to fit.</param>
/// <param name="HeldOutMethod">How the held-out quota was predicted, in words.</param>
/// <param name="Production">The production node, extrapolated; null without a line or when the line does not rise.</param>
public sealed record CoreCapacityAxis(
    IReadOnlyList<QuotaCapacity> Measured,
    CoreCapacityLine? Line,
    PredictionCheck? HeldOut,
    CoreCapacityLine? HeldOutLine,
    string HeldOutMethod,
    CoreExtrapolation? Production,
    string? Problem)
{
    /// <summary>The held-out quota's target: the node axis's ±15 % (the issue sets none for cores).</summary>
    public const double Tolerance = 0.15;

    /// <summary>The held-out quota's 95 % prediction interval from <see cref="HeldOutLine"/>; null without one or with no
    /// degree of freedom (two quotas fitted).</summary>
    public (double Low, double High)? HeldOutInterval =>
        HeldOutLine is { DegreesOfFreedom: > 0 } l && HeldOut is not null ? l.PredictionInterval(Carrying[^1].Cores) : null;

    /// <summary>Whether the held-out measurement fell inside <see cref="HeldOutInterval"/>; null without one.</summary>
    public bool? HeldOutInsideInterval => HeldOutInterval is { } i && HeldOut is { } h ? h.Measured >= i.Low && h.Measured <= i.High : null;

    /// <summary>The quotas the line is fitted on.</summary>
    public IReadOnlyList<QuotaCapacity> Carrying => Measured.Where(m => m.Carries).ToList();

    /// <summary>The axis over <paramref name="measured"/>, extrapolated to a production node of <paramref name="productionCores"/>.</summary>
    public static CoreCapacityAxis Analyse(IReadOnlyList<QuotaCapacity> measured, double productionCores)
    {
        ArgumentNullException.ThrowIfNull(measured);
        if (!(double.IsFinite(productionCores) && productionCores > 0)) throw new ArgumentOutOfRangeException(nameof(productionCores), productionCores, "must be > 0");
        var sorted = measured.OrderBy(m => m.Cores).ToList();
        var carrying = sorted.Where(m => m.Carries).ToList();
        if (carrying.Count < 2)
            return new CoreCapacityAxis(sorted, null, null, null, "", null,
                $"{carrying.Count} quota(s) carried the topology at a load that held every SLO; a line over cores needs two (measure larger quotas)");

        var line = CoreCapacityLine.Fit(Points(carrying));
        var held = carrying[^1];
        var rest = carrying[..^1];
        double predicted;
        string method;
        CoreCapacityLine? heldLine = null;
        if (rest.Count >= 2)
        {
            heldLine = CoreCapacityLine.Fit(Points(rest));
            predicted = heldLine.OpsPerSecondAt(held.Cores);
            method = $"the line through {Cores(rest)} cores ({G(heldLine.Intercept)} + {G(heldLine.SlopePerCore)}·c ops/s)";
        }
        else
        {
            predicted = rest[0].OpsPerSecond * held.Cores / rest[0].Cores;
            method = $"proportional scaling from {Cores(rest)} cores (one quota below the held-out one: no line, no fixed cost)";
        }
        var check = new PredictionCheck($"capacity on 1 node of {Show(held.Cores)} cores (ops/s)", predicted, held.OpsPerSecond, Tolerance,
            $"predicted by {method}; measured by the search on 1 node capped at {Show(held.Cores)} cores");

        CoreExtrapolation? production = null;
        if (line.SlopePerCore > 0)
        {
            var (low, high) = line.DegreesOfFreedom > 0 ? line.PredictionInterval(productionCores) : (double.NaN, double.NaN);
            production = new CoreExtrapolation(productionCores, held.Cores, line.OpsPerSecondAt(productionCores), low, high);
        }
        var problem = line.SlopePerCore > 0 ? null
            : $"capacity did not grow with cores over {Cores(carrying)} cores (slope {G(line.SlopePerCore)} ops/s per core): nothing to extrapolate";
        return new CoreCapacityAxis(sorted, line, check, heldLine, method, production, problem);
    }

    private static List<(double Cores, double OpsPerSecond)> Points(IEnumerable<QuotaCapacity> quotas) => quotas.Select(q => (q.Cores, q.OpsPerSecond)).ToList();

    private static string Cores(IEnumerable<QuotaCapacity> quotas) => string.Join(", ", quotas.Select(q => Show(q.Cores)));

    private static string Show(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
