using System.Globalization;
using MonitorSim.Sizing.Planning;
using MonitorSim.Sizing.Queueing;

namespace MonitorSim.Sizing.Prediction;

/// <summary>
/// The capacity and the SLO percentile at any load, predicted from light-load trials only (those below half the cores
/// that held the SLO),
/// so that the search's trials near the capacity and trials run afterwards can check it.
/// <list type="number">
/// <item>The utilisation law with the fixed overhead apart: busy cores = O + X·D, fitted by least squares
/// (<see cref="ServiceDemand.Fit"/>), so ρ(X) = (O + X·D) / c on c cores. Fitted on the demand probes when there are two
/// or more at different loads (light trials whose load generator issued its operations in bursts, so that they queue in
/// the tree as they do at saturation, meant to leave out the thread wake-ups that every operation of a smooth light load
/// pays and a saturated node does not), else on the light trials. Checked on the baseline: it lowers the fixed cost more
/// than the cost per operation, and the prediction still misses (docs/sizing.md).</item>
/// <item>Erlang C turns the SLO percentile into a utilisation limit: the operations queue for the cores the fixed
/// overhead leaves, an M/M/c queue with c = the cores rounded (at least 1) at the queue's utilisation
/// ρ_q = X·D / (cores − O) (the overhead a constant background that slows every core rather than operations of its own);
/// an operation's percentile is its light-load percentile (the floor: what is not queueing) plus the queue's wait at that
/// percentile, floor + W_q,p. The queue's time scale S — the service time of its M/M/c — is fitted on the light trials'
/// mean latency of the SLO's operation, mean = m₀ + S·C(c, ρ_q)/(c·(1 − ρ_q)) (Erlang C's mean wait) by least squares:
/// the tree does not serve one operation at a time in D's microseconds but in quanta of milliseconds (a dispatcher's
/// batch of mailbox messages, a collection's pause, a journal write), and its waits grow on that scale (7.5–7.9 ms for
/// the baseline's alarm, refitted on three earlier runs' trials when this model was chosen; docs/sizing.md). Where the light trials' means do not grow with
/// the load (S ≤ 0 or fewer than two means), S is D·c/(cores − O), the CPU's own service time, as an M/M/c of the cores
/// alone would have it. The predicted capacity is the highest X at which the percentile is within the SLO, found by
/// bisection; with no latency SLO it is the utilisation law's bound, ρ = 1.</item>
/// <item>Operations per unit load factor, from the same light trials (a line through the origin), turn X into a load
/// factor.</item>
/// </list>
/// Adding a light-load percentile and a wait percentile overstates the sum's percentile a little (the two are not both at
/// their tails at once); the error column of the check says by how much it matters.
/// </summary>
public sealed partial record CapacityPrediction(
    ServiceDemand Demand,
    IReadOnlyList<int> FitTrials,
    double Cores,
    double OpsPerLoadFactor,
    PercentileSlo? Slo,
    double FloorMs,
    double UtilisationLimit,
    double OpsPerSecond)
{
    /// <summary>Share of the cores below which a trial counts as light.</summary>
    public const double LightShare = 0.5;

    /// <summary>The demand probes the demand was fitted on (empty: it was fitted on the light trials,
    /// <see cref="FitTrials"/>, which give the floor and the operations per load factor either way).</summary>
    public IReadOnlyList<int> ProbeTrials { get; init; } = [];

    /// <summary>The queue's service time S in seconds, fitted on the light trials' mean latency; null: not fitted (no
    /// latency SLO, fewer than two light means, or means that did not grow with the load), and the CPU's own service
    /// time <see cref="CpuServiceSeconds"/> stands in.</summary>
    public double? FittedServiceSeconds { get; init; }

    /// <summary>One standard error of <see cref="FittedServiceSeconds"/> (least squares, n − 2 degrees of freedom); null with
    /// fewer than three light means or no fitted service time.</summary>
    public double? FittedServiceStdErrSeconds { get; init; }

    /// <summary>The M/M/c's servers: the cores rounded, at least 1.</summary>
    public int Servers => Math.Max(1, (int)Math.Round(Cores));

    /// <summary>An operation's CPU time on one server of (cores − O)/c of a core: D·c/(cores − O).</summary>
    public double CpuServiceSeconds => Demand.DemandSeconds * Servers / (Cores - Demand.OverheadCores);

    /// <summary>The service time the queue's waits are computed with: the fitted one, else the CPU's.</summary>
    public double ServiceSeconds => FittedServiceSeconds ?? CpuServiceSeconds;

    /// <summary>The predicted capacity as a load factor.</summary>
    public double LoadFactor => OpsPerSecond / OpsPerLoadFactor;

    /// <summary>
    /// One standard error of the predicted capacity (load factor) from the demand fit's covariance alone, by the delta
    /// method on the utilisation law's bound X = (c − O)/D: Var X = a²·Var O + b²·Var D + 2ab·Cov(O, D) with a = −1/D,
    /// b = −(c − O)/D², scaled by the SLO's share of that bound. Null without a covariance (fewer than three fitted points).
    /// </summary>
    public double? LoadFactorStdErr
    {
        get
        {
            if (Pauses is not null || Drain is not null) return null;
            if (Demand.FitCovariance is not { } v) return null;
            var d = Demand.DemandSeconds;
            var bound = (Cores - Demand.OverheadCores) / d;
            if (!(bound > 0)) return null;
            var a = -1 / d;
            var b = -(Cores - Demand.OverheadCores) / (d * d);
            var variance = a * a * v.VarOverhead + b * b * v.VarDemand + 2 * a * b * v.Covariance;
            return variance >= 0 ? Math.Sqrt(variance) * (OpsPerSecond / bound) / OpsPerLoadFactor : null;
        }
    }

    /// <summary>The prediction from <paramref name="trials"/> on <paramref name="cores"/> cores, or why none can be made:
    /// with the collector's pauses (<see cref="PredictWithPauses"/>) where the light trials measured them, else the
    /// utilisation law and Erlang C, the demand from <paramref name="probes"/> where two or more of them, at different
    /// loads, were light.</summary>
    /// <param name="collectorCores">Cores the collector keeps busy while it pauses the process (1: workstation).</param>
    public static (CapacityPrediction? Prediction, string? Problem) Predict(IReadOnlyList<TrialPoint> trials, double cores, PercentileSlo? slo,
        IReadOnlyList<TrialPoint>? probes = null, double collectorCores = 1)
    {
        ArgumentNullException.ThrowIfNull(trials);
        if (!(double.IsFinite(cores) && cores > 0)) throw new ArgumentOutOfRangeException(nameof(cores), cores, "must be > 0");
        // Only trials that held the SLO: one that broke it is above the capacity (a failing system's CPU and latency are
        // not the light-load demand and floor the model extrapolates from), however little CPU it used.
        var light = LightHeld(trials, cores);
        if (light.Count < 2)
        {
            var broken = trials.Count(t => IsLight(t, cores) && !t.HeldSlo);
            return (null, $"{light.Count} trial(s) held the SLO below half of the {Show(cores)} cores" +
                          (broken > 0 ? $" ({broken} light trial(s) broke it and are not fitted: a trial above the capacity is no light-load measurement)" : "") +
                          "; the fit needs 2 at different loads (start the search lower with --start)");
        }
        var perLf = light.Sum(t => t.CompletedPerSecond * t.LoadFactor) / light.Sum(t => t.LoadFactor * t.LoadFactor);
        var floor = slo is null ? double.NaN : light.Where(t => double.IsFinite(t.P99Ms)).Select(t => t.P99Ms).DefaultIfEmpty(double.NaN).Min();
        if (slo is not null && !double.IsFinite(floor)) return (null, $"no light trial measured {slo.Operation}'s percentile");
        if (PredictWithPauses(light, cores, slo, collectorCores, perLf, floor) is { } paused) return (paused, null);
        // A probe's latency includes its bursts' wait for the generator, so its SLO verdict is no test of the system: only
        // its CPU is used, and only below half the cores like the light trials'.
        var probed = OnePerLoad((probes ?? []).Where(t => IsLight(t, cores)));
        var byProbes = probed.Count >= 2;
        var demand = ServiceDemand.Fit("tree", (byProbes ? probed : light).Select(t => (t.CompletedPerSecond, t.BusyCores)).ToList());
        var saturation = (cores - demand.OverheadCores) / demand.DemandSeconds;
        if (!(saturation > 0))
            return (null, $"the fixed overhead ({Show(demand.OverheadCores)} cores) fills the {Show(cores)} cores: no load fits");

        var draft = new CapacityPrediction(demand, light.Select(t => t.Number).ToList(), cores, perLf, slo, floor, 1, saturation)
        {
            ProbeTrials = byProbes ? probed.Select(t => t.Number).ToList() : [],
        };
        if (slo is null) return (draft, null);
        var (service, serviceStdErr) = FitServiceSeconds(draft, light);
        draft = draft with { FittedServiceSeconds = service, FittedServiceStdErrSeconds = serviceStdErr };
        if (floor >= slo.LimitMs) return (draft with { UtilisationLimit = 0, OpsPerSecond = 0 }, null);

        double lo = 0, hi = saturation;
        for (var i = 0; i < 100 && hi - lo > 1e-9 * saturation; i++)
        {
            var mid = (lo + hi) / 2;
            if (draft.PercentileMs(mid) is { } ms && ms <= slo.LimitMs) lo = mid; else hi = mid;
        }
        return (draft with { OpsPerSecond = lo, UtilisationLimit = draft.Utilisation(lo) }, null);
    }

    /// <summary>
    /// S from mean = m₀ + S·x with x = C(c, ρ_q)/(c·(1 − ρ_q)), Erlang C's mean wait in units of the service time, at each
    /// light trial's ρ_q from the demand line (not its measured CPU: the prediction's ρ at a held-out load comes from the
    /// line too), with the slope's standard error from the residuals (n − 2 degrees of freedom, three points or more);
    /// null when fewer than two light trials measured a mean, their x do not differ, or the slope is not positive.
    /// </summary>
    private static (double? Seconds, double? StdErr) FitServiceSeconds(CapacityPrediction draft, IReadOnlyList<TrialPoint> light)
    {
        var points = light.Where(t => double.IsFinite(t.MeanMs) && draft.QueueUtilisation(t.CompletedPerSecond) < 1)
            .Select(t => (X: MeanWaitPerServiceTime(draft.Servers, draft.QueueUtilisation(t.CompletedPerSecond)), Y: t.MeanMs / 1000)).ToList();
        return LineFit.Of(points.Select(p => p.X).ToList(), points.Select(p => p.Y).ToList()) is { Slope: > 0 } fit
            ? (fit.Slope, fit.SlopeStdErr)
            : (null, null);
    }

    /// <summary>Erlang C's mean wait over the service time at utilisation <paramref name="rho"/> on
    /// <paramref name="servers"/> servers: C(c, ρ)/(c·(1 − ρ)); 0 with no load.</summary>
    private static double MeanWaitPerServiceTime(int servers, double rho) =>
        rho > 0 ? new ErlangC(servers, rho * servers, 1).MeanWaitSeconds : 0;

    /// <summary>Whether trial <paramref name="t"/> is light on <paramref name="cores"/> cores: it completed operations at a
    /// load, using less than <see cref="LightShare"/> of the cores. What the fit may use, and what a demand probe repeats.</summary>
    public static bool IsLight(TrialPoint t, double cores) => t.CompletedPerSecond > 0 && t.LoadFactor > 0 && t.BusyCores < LightShare * cores;

    /// <summary>The light trials (<see cref="IsLight"/>) that held the SLO, the first at each load, lowest load first: what
    /// the fit uses, and needs two of.</summary>
    public static IReadOnlyList<TrialPoint> LightHeld(IEnumerable<TrialPoint> trials, double cores) =>
        OnePerLoad(trials.Where(t => t.HeldSlo && IsLight(t, cores)));

    /// <summary>The first trial at each load, lowest load first (a repeated load counts once in a fit).</summary>
    private static List<TrialPoint> OnePerLoad(IEnumerable<TrialPoint> trials) =>
        trials.GroupBy(t => t.LoadFactor).Select(g => g.First()).OrderBy(t => t.LoadFactor).ToList();

    /// <summary>ρ = (O + X·D) / c; with the collector's pauses, the utilisation of the cores between pauses; with a drain,
    /// X/μ.</summary>
    public double Utilisation(double opsPerSecond) =>
        Drain?.OpsPerSecond is { } mu ? opsPerSecond / mu :
        Pauses is { } p && Curve is { } curve ? p.MutatorUtilisation(curve.MiddleBusyCores(opsPerSecond), opsPerSecond) : Demand.BusyCores(opsPerSecond) / Cores;

    /// <summary>ρ_q = X·D / (cores − O): the utilisation of the cores the fixed overhead leaves, the M/M/c's.</summary>
    public double QueueUtilisation(double opsPerSecond) => opsPerSecond * Demand.DemandSeconds / (Cores - Demand.OverheadCores);

    /// <summary>The SLO operation's percentile at <paramref name="opsPerSecond"/>: floor + the wait at the SLO's
    /// percentile of the M/M/c at ρ_q with service time <see cref="ServiceSeconds"/> (its arrival rate ρ_q·c/S); null at or
    /// past saturation (ρ ≥ 1) or without a latency SLO. With a drain, F + K/(1 − X/μ) (<see cref="WithDrain"/>).</summary>
    public double? PercentileMs(double opsPerSecond)
    {
        if (Slo is null || !(opsPerSecond > 0)) return Slo is null ? null : FloorMs + (TailScaleMs ?? 0);
        if (Drain?.OpsPerSecond is { } mu) return DrainedPercentileMs(opsPerSecond, mu);
        if (Pauses is not null) return PausedPercentileMs(opsPerSecond, Curve!.MiddleBusyCores);
        var rho = QueueUtilisation(opsPerSecond);
        if (Utilisation(opsPerSecond) >= 1 || rho >= 1) return null;
        var queue = new ErlangC(Servers, rho * Servers / ServiceSeconds, ServiceSeconds);
        return FloorMs + queue.WaitPercentileSeconds(Slo.Percentile) * 1000;
    }

    /// <summary>What the prediction was made from, for the report.</summary>
    public string Basis => Drain is not null ? DrainBasis : Pauses is not null ? PausedBasis :
        (ProbeTrials.Count > 0
            ? $"demand probes {string.Join(", ", ProbeTrials)} (below half of {Show(Cores)} cores, load issued in bursts): {DemandLine}; " +
              $"light trials {string.Join(", ", FitTrials)}: {Show(OpsPerLoadFactor)} ops/s per unit load factor"
            : $"trials {string.Join(", ", FitTrials)} (below half of {Show(Cores)} cores): {DemandLine}, {Show(OpsPerLoadFactor)} ops/s per unit load factor") +
        (LoadFactorStdErr is { } se ? $"; capacity ± {Show(se)} load factor (1 σ of the demand fit, {Demand.Steps - 2} degree(s) of freedom)" : "") +
        (Slo is null ? "; no latency SLO: the utilisation law's bound (ρ = 1)"
            : $"; {Slo.Operation} at light load {Show(FloorMs)} ms + Erlang C wait (M/M/{Servers}, service time " +
              (FittedServiceSeconds is { } s
                  ? $"{Show(s * 1000)}" + (FittedServiceStdErrSeconds is { } e ? $" ± {Show(e * 1000)} (1 σ)" : "") +
                    $" ms fitted on the light trials' mean {Slo.Operation} latency"
                  : $"{Show(CpuServiceSeconds * 1e6)} µs of CPU: the light trials' mean {Slo.Operation} latency did not grow with the load") +
              $") within {Show(Slo.LimitMs)} ms up to ρ = {Show(UtilisationLimit)}");

    private string DemandLine => $"busy cores = {Show(Demand.OverheadCores)} + X·{Show(Demand.DemandSeconds * 1e6)} µs";

    private static string Show(double v) => v.ToString("#,0.###", CultureInfo.InvariantCulture);
}
