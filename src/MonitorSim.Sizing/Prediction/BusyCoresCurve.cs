using System.Globalization;

namespace MonitorSim.Sizing.Prediction;

/// <summary>
/// Busy cores against throughput as a power law, B(X) = B₀·(X/X₀)^b, fitted by least squares on ln B against ln X over
/// the heaviest light trials. It is the utilisation law with a demand that falls with the load, D(X) = B(X)/X ∝ X^(b−1):
/// on the baseline an operation costs 4.6–5.4 µs of CPU at load factor 512 and 2.4–2.9 µs near saturation, because a
/// busier tree runs more messages per thread wake-up. A straight line B = O + D·X through the light trials bends the
/// wrong way: fitted on the heaviest it overstates the cores at the capacity, fitted on them all it overstates them
/// more. Fitted where the curve already bends, over at most <see cref="SpanRatio"/> of load, the exponent is the local
/// slope. Beyond the fitted range neither form is known to hold: near saturation the measured curve bends back up
/// (contention, longer collections), and on six baseline runs it ran between the power law (which had it too low, the
/// capacity predicted 5–43 % high) and the straight line through the same trials (too high, 18–40 % low). So both are
/// kept, the prediction's point figures use their geometric middle (<see cref="MiddleBusyCores"/>) and the capacity
/// each gives bounds it (docs/sizing.md, "Measured: collector pauses"); <see cref="ExtrapolationRatio"/> states the reach.
/// </summary>
/// <param name="ReferenceOpsPerSecond">X₀: the geometric mean throughput of the fitted trials (the fit's centre, where the
/// level is known best).</param>
/// <param name="ReferenceBusyCores">B₀: the fitted busy cores at X₀.</param>
/// <param name="Exponent">b: 1 is a constant cost per operation, below 1 a cost that falls with the load.</param>
/// <param name="ExponentStdErr">One standard error of b (n − 2 degrees of freedom); null with two trials.</param>
/// <param name="HeaviestOpsPerSecond">The heaviest fitted trial's throughput: the edge of what was measured.</param>
/// <param name="Trials">The fitted trials' numbers.</param>
/// <param name="LineOverheadCores">The straight line's intercept over the same trials, B = O + D·X.</param>
/// <param name="LineDemandSeconds">The straight line's slope, D, in CPU seconds per operation.</param>
public sealed record BusyCoresCurve(double ReferenceOpsPerSecond, double ReferenceBusyCores, double Exponent, double? ExponentStdErr,
    double HeaviestOpsPerSecond, IReadOnlyList<int> Trials, double LineOverheadCores, double LineDemandSeconds)
{
    /// <summary>The fitted trials span at most this ratio of throughput, heaviest to lightest: three doublings, where the
    /// baseline's per-operation cost is already falling as it does towards saturation. Lighter trials are dominated by
    /// the tree's fixed work (timers, keepalive sweeps) and would flatten the exponent.</summary>
    public const double SpanRatio = 8;

    /// <summary>B(X) = B₀·(X/X₀)^b.</summary>
    public double BusyCores(double opsPerSecond) =>
        opsPerSecond > 0 ? ReferenceBusyCores * Math.Pow(opsPerSecond / ReferenceOpsPerSecond, Exponent) : 0;

    /// <summary>The straight line through the same trials, O + D·X: the cost of one more operation kept at what it was
    /// among the heaviest light trials. Where the curve still bends as it did (b &lt; 1) the line lies above it beyond them.</summary>
    public double LineBusyCores(double opsPerSecond) => LineOverheadCores + LineDemandSeconds * Math.Max(0, opsPerSecond);

    /// <summary>√(power law · line): the geometric middle of the two extrapolations, what the prediction's point figures
    /// use (docs/sizing.md, "Measured: collector pauses": over six runs the measured curve ran between the two).</summary>
    public double MiddleBusyCores(double opsPerSecond) => Math.Sqrt(Math.Max(0, BusyCores(opsPerSecond)) * Math.Max(0, LineBusyCores(opsPerSecond)));

    /// <summary>How far <paramref name="opsPerSecond"/> lies beyond the heaviest fitted trial (1: at its edge).</summary>
    public double ExtrapolationRatio(double opsPerSecond) => opsPerSecond / HeaviestOpsPerSecond;

    /// <summary>The curve through <paramref name="trials"/> (throughput, busy cores, number): those within
    /// <see cref="SpanRatio"/> of the heaviest, at least the two heaviest; null with fewer than two at different
    /// throughputs.</summary>
    public static BusyCoresCurve? Fit(IReadOnlyList<(double OpsPerSecond, double BusyCores, int Number)> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var usable = trials.Where(t => t.OpsPerSecond > 0 && t.BusyCores > 0).OrderBy(t => t.OpsPerSecond).ToList();
        if (usable.Count < 2) return null;
        var heaviest = usable[^1].OpsPerSecond;
        var chosen = usable.Where(t => t.OpsPerSecond >= heaviest / SpanRatio).ToList();
        if (chosen.Count < 2) chosen = usable.TakeLast(2).ToList();
        var lnX = chosen.Select(t => Math.Log(t.OpsPerSecond)).ToList();
        if (LineFit.Of(lnX, chosen.Select(t => Math.Log(t.BusyCores)).ToList()) is not { } power) return null;
        // Throughputs that differ in logarithm differ as they are: the straight line always fits where the power law did.
        var line = LineFit.Of(chosen.Select(t => t.OpsPerSecond).ToList(), chosen.Select(t => t.BusyCores).ToList())!;
        var centre = lnX.Average();
        return new BusyCoresCurve(Math.Exp(centre), Math.Exp(power.Intercept + power.Slope * centre), power.Slope, power.SlopeStdErr, heaviest,
            chosen.Select(t => t.Number).ToList(), line.Intercept, line.Slope);
    }

    /// <summary>The curve in words, for a report.</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture,
            $"busy cores = {ReferenceBusyCores:0.###}·(X / {ReferenceOpsPerSecond:#,0})^{Exponent:0.###}") +
        (ExponentStdErr is { } e ? string.Create(CultureInfo.InvariantCulture, $" (exponent ± {e:0.###}, 1 σ)") : "") +
        string.Create(CultureInfo.InvariantCulture, $" and the line {LineOverheadCores:0.###} + X·{LineDemandSeconds * 1e6:0.###} µs") +
        $" over trials {string.Join(", ", Trials)}";
}
