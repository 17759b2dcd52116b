namespace MonitorSim.Sizing.Queueing;

/// <summary>
/// A process whose garbage collector stops every other thread: the cores serve operations between pauses, and a pause is
/// a vacation of the whole tree. Measured per trial (the runtime's total pause time over the window and its collection
/// count), it explains two things a plain M/M/c of the cores does not (docs/sizing.md, "Measured: collector pauses"):
/// <list type="bullet">
/// <item><b>Where the cores run out.</b> During a pause only the collector's threads run (one with the workstation
/// collector, one per heap with the server collector), so the operations have c·(1 − f) core-seconds a second, not c,
/// where f is the share of the wall time paused. A saturated baseline run spends f ≈ 0.17–0.19 paused and its busy
/// cores level off at 1.64–1.77 of 2.</item>
/// <item><b>Its tail latency.</b> A pause of L seconds stops the tree while work keeps arriving; after it the tree drains
/// the backlog at the rate its spare cores allow, a busy period of L / (1 − ρ) at utilisation ρ of the cores between
/// pauses. An operation of several hops that arrives in that period queues behind the backlog at each mailbox it
/// passes, so the model takes its delay as what is left of the busy period: from L/(1 − ρ) for the first caught down to 0
/// for the last. The operations caught are the share f/(1 − ρ) of all (pauses take f of the time, each with its busy
/// period), so P(W &gt; w) = f/(1 − ρ) · (1 − w·(1 − ρ)/L), and the wait at percentile q is
/// w_q = L/(1 − ρ) · (1 − (1 − q)·(1 − ρ)/f), zero when the pauses catch fewer operations than 1 − q.</item>
/// </list>
/// This is a model motivated by the mechanism, not derived from a queue whose assumptions the tree meets: a single-stage
/// FIFO queue would wait at most L. It is judged by the held-out trials its predictions are checked against.
/// </summary>
/// <param name="Cores">Cores the process may use (c).</param>
/// <param name="CollectorCores">Cores the collector keeps busy while it pauses the process: 1 with the workstation
/// collector, the heap count (the cores) with the server collector; at most <paramref name="Cores"/>.</param>
/// <param name="PauseSeconds">The mean length of one pause, L, in seconds.</param>
/// <param name="PausedSecondsPerOp">Paused wall seconds per completed operation: the paused share at X ops/s is this
/// times X (collections come from allocation, and allocation from operations).</param>
public sealed record CollectorPauses(double Cores, double CollectorCores, double PauseSeconds, double PausedSecondsPerOp)
{
    /// <summary>f = PausedSecondsPerOp · X: the share of the wall time the process is paused at X ops/s (may pass 1: no
    /// time is left for the operations).</summary>
    public double PausedShare(double opsPerSecond) => PausedSecondsPerOp * Math.Max(0, opsPerSecond);

    /// <summary>
    /// ρ = (B − g·f) / (c·(1 − f)): the utilisation of the cores between pauses, from the busy cores B at X ops/s (the
    /// collector's g cores for f of the time taken out of B, the time it leaves counted on c cores). Infinity when the
    /// pauses take all the time.
    /// </summary>
    public double MutatorUtilisation(double busyCores, double opsPerSecond)
    {
        var f = PausedShare(opsPerSecond);
        if (f >= 1) return double.PositiveInfinity;
        return Math.Max(0, busyCores - Math.Min(CollectorCores, Cores) * f) / (Cores * (1 - f));
    }

    /// <summary>
    /// The wait at <paramref name="percentile"/> (e.g. 0.99) that pauses add at X ops/s with the process busy
    /// <paramref name="busyCores"/>: w_q = L/(1 − ρ)·(1 − (1 − q)·(1 − ρ)/f), 0 when f·… catches fewer than 1 − q of the
    /// operations; null at or past ρ = 1 (the backlog never drains).
    /// </summary>
    public double? WaitPercentileSeconds(double busyCores, double opsPerSecond, double percentile)
    {
        if (!(percentile is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "a percentile is a share between 0 and 1");
        var rho = MutatorUtilisation(busyCores, opsPerSecond);
        if (!(rho < 1)) return null;
        var f = PausedShare(opsPerSecond);
        if (!(f > 0)) return 0;
        var caught = 1 - (1 - percentile) * (1 - rho) / f;
        return caught > 0 ? PauseSeconds / (1 - rho) * caught : 0;
    }
}
