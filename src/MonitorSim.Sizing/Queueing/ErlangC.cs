using System.Globalization;

namespace MonitorSim.Sizing.Queueing;

/// <summary>
/// The M/M/c queue (Erlang C): Poisson arrivals at λ per second, c servers, exponential service of mean S seconds
/// (μ = 1/S per server), one shared FIFO queue. Needs utilisation ρ = λS/c below 1; at or above it the queue grows
/// without bound and no steady state exists.
/// </summary>
public sealed class ErlangC
{
    private const double RoundingTolerance = 1e-12;

    /// <summary>Builds the queue; throws <see cref="ArgumentOutOfRangeException"/> when a value is not positive and
    /// finite, or when ρ ≥ 1.</summary>
    public ErlangC(int servers, double arrivalRatePerSecond, double serviceTimeSeconds)
    {
        if (servers < 1) throw new ArgumentOutOfRangeException(nameof(servers), servers, "needs at least 1 server");
        if (!double.IsFinite(arrivalRatePerSecond) || arrivalRatePerSecond <= 0)
            throw new ArgumentOutOfRangeException(nameof(arrivalRatePerSecond), arrivalRatePerSecond, "must be a finite rate > 0");
        if (!double.IsFinite(serviceTimeSeconds) || serviceTimeSeconds <= 0)
            throw new ArgumentOutOfRangeException(nameof(serviceTimeSeconds), serviceTimeSeconds, "must be a finite time > 0");
        var rho = UtilisationFor(servers, arrivalRatePerSecond, serviceTimeSeconds);
        if (rho >= 1)
            throw new ArgumentOutOfRangeException(nameof(arrivalRatePerSecond), arrivalRatePerSecond,
                string.Create(CultureInfo.InvariantCulture, $"utilisation ρ = λS/c = {rho:0.####} is not below 1: the queue grows without bound"));

        Servers = servers;
        ArrivalRatePerSecond = arrivalRatePerSecond;
        ServiceTimeSeconds = serviceTimeSeconds;
        WaitProbability = Probability(servers, OfferedLoadErlangs);
    }

    public int Servers { get; }

    public double ArrivalRatePerSecond { get; }

    public double ServiceTimeSeconds { get; }

    /// <summary>a = λS: the mean number of busy servers.</summary>
    public double OfferedLoadErlangs => ArrivalRatePerSecond * ServiceTimeSeconds;

    /// <summary>ρ = λ/(cμ) = λS/c: the share of time each server is busy.</summary>
    public double Utilisation => OfferedLoadErlangs / Servers;

    /// <summary>C(c, a): the probability that an arrival finds every server busy and has to wait.</summary>
    public double WaitProbability { get; }

    /// <summary>cμ − λ: the rate at which the wait's tail decays, per second.</summary>
    private double Drain => Servers / ServiceTimeSeconds - ArrivalRatePerSecond;

    /// <summary>W_q = C / (cμ − λ): mean time in the queue, over all arrivals (those that do not wait count 0).</summary>
    public double MeanWaitSeconds => WaitProbability / Drain;

    /// <summary>W = W_q + S: mean time from arrival to done.</summary>
    public double MeanResponseSeconds => MeanWaitSeconds + ServiceTimeSeconds;

    /// <summary>L_q = λ·W_q (Little's law): mean number waiting.</summary>
    public double MeanQueueLength => ArrivalRatePerSecond * MeanWaitSeconds;

    /// <summary>P(W_q &gt; t) = C·e^{−(cμ−λ)t}.</summary>
    public double ProbabilityWaitExceeds(double seconds) =>
        seconds < 0 ? 1 : WaitProbability * Math.Exp(-Drain * seconds);

    /// <summary>The wait not exceeded by a share <paramref name="percentile"/> (0 &lt; p &lt; 1) of arrivals: 0 when at least
    /// that share never waits (p ≤ 1 − C), else ln(C/(1−p)) / (cμ−λ).</summary>
    public double WaitPercentileSeconds(double percentile)
    {
        if (!(percentile is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "must lie between 0 and 1");
        return percentile <= 1 - WaitProbability ? 0 : Math.Log(WaitProbability / (1 - percentile)) / Drain;
    }

    /// <summary>
    /// P(R &gt; t) for the response time R = W_q + S: an arrival waits with probability C, then exponentially at rate
    /// θ = cμ − λ, and is served at rate μ, so P(R &gt; t) = (1 − C)·e^{−μt} + C·P(E_θ + E_μ &gt; t), where the sum of two
    /// exponentials (hypoexponential) has P(E_θ + E_μ &gt; t) = (θ·e^{−μt} − μ·e^{−θt}) / (θ − μ), or e^{−μt}(1 + μt) when θ = μ.
    /// </summary>
    public double ProbabilityResponseExceeds(double seconds)
    {
        if (seconds <= 0) return 1;
        var mu = 1 / ServiceTimeSeconds;
        var theta = Drain;
        var served = Math.Exp(-mu * seconds);
        var both = Math.Abs(theta - mu) < 1e-9 * mu
            ? served * (1 + mu * seconds)
            : (theta * served - mu * Math.Exp(-theta * seconds)) / (theta - mu);
        return (1 - WaitProbability) * served + WaitProbability * both;
    }

    /// <summary>The response time (wait + service) not exceeded by a share <paramref name="percentile"/> of arrivals:
    /// P(R &gt; t) = 1 − p solved for t by bisection (P falls monotonically in t).</summary>
    public double ResponsePercentileSeconds(double percentile)
    {
        if (!(percentile is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "must lie between 0 and 1");
        var tail = 1 - percentile;
        var hi = ServiceTimeSeconds;
        while (ProbabilityResponseExceeds(hi) > tail) hi *= 2;
        var lo = 0.0;
        for (var i = 0; i < 200 && hi - lo > 1e-12 * hi; i++)
        {
            var mid = (lo + hi) / 2;
            if (ProbabilityResponseExceeds(mid) > tail) lo = mid; else hi = mid;
        }
        return hi;
    }

    /// <summary>
    /// The highest arrival rate λ at which c servers of mean service S keep the response time's <paramref name="percentile"/>
    /// at or below <paramref name="maxResponseSeconds"/>: P(R &gt; t) rises with λ, so λ is found by bisection on (0, c/S).
    /// This is how an SLO's percentile becomes a utilisation limit: ρ_max = λ_max·S/c. Zero when even an idle system
    /// misses it (e^{−t/S} &gt; 1 − p: the service time alone is too long).
    /// </summary>
    public static double MaxArrivalRateForResponse(int servers, double serviceTimeSeconds, double percentile, double maxResponseSeconds)
    {
        if (servers < 1) throw new ArgumentOutOfRangeException(nameof(servers), servers, "needs at least 1 server");
        if (!double.IsFinite(serviceTimeSeconds) || serviceTimeSeconds <= 0)
            throw new ArgumentOutOfRangeException(nameof(serviceTimeSeconds), serviceTimeSeconds, "must be a finite time > 0");
        if (!(percentile is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "must lie between 0 and 1");
        if (!double.IsFinite(maxResponseSeconds) || maxResponseSeconds <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxResponseSeconds), maxResponseSeconds, "must be a finite time > 0");
        var tail = 1 - percentile;
        if (Math.Exp(-maxResponseSeconds / serviceTimeSeconds) > tail) return 0;
        var saturation = servers / serviceTimeSeconds;
        double lo = 0, hi = saturation;
        for (var i = 0; i < 200 && hi - lo > 1e-12 * saturation; i++)
        {
            var mid = (lo + hi) / 2;
            var meets = mid <= 0 || new ErlangC(servers, mid, serviceTimeSeconds).ProbabilityResponseExceeds(maxResponseSeconds) <= tail;
            if (meets) lo = mid; else hi = mid;
        }
        return lo;
    }

    /// <summary>ρ = λS/c for any c, stable or not.</summary>
    public static double UtilisationFor(int servers, double arrivalRatePerSecond, double serviceTimeSeconds) =>
        arrivalRatePerSecond * serviceTimeSeconds / servers;

    /// <summary>The fewest servers that keep ρ = λS/c at or below <paramref name="maxUtilisation"/> (0 &lt; u &lt; 1).</summary>
    public static int MinServersForUtilisation(double arrivalRatePerSecond, double serviceTimeSeconds, double maxUtilisation)
    {
        CheckLoad(arrivalRatePerSecond, serviceTimeSeconds);
        if (!(maxUtilisation is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(maxUtilisation), maxUtilisation, "must lie between 0 and 1");
        // Decimal inputs are not exact in binary (60 × 0.1 is 6.000000000000001): a utilisation within rounding of the
        // target meets it, or 6 busy servers at 75 % would need 9 servers rather than 8.
        var limit = maxUtilisation * (1 + RoundingTolerance);
        var c = Math.Max(1, (int)Math.Ceiling(arrivalRatePerSecond * serviceTimeSeconds / maxUtilisation));
        while (c > 1 && UtilisationFor(c - 1, arrivalRatePerSecond, serviceTimeSeconds) <= limit) c--;
        while (UtilisationFor(c, arrivalRatePerSecond, serviceTimeSeconds) > limit) c++;
        return c;
    }

    /// <summary>The fewest servers for which a share <paramref name="percentile"/> of arrivals waits at most
    /// <paramref name="maxWaitSeconds"/>, i.e. P(W_q &gt; t) ≤ 1 − p.</summary>
    public static int MinServersForWait(double arrivalRatePerSecond, double serviceTimeSeconds, double percentile, double maxWaitSeconds)
    {
        CheckLoad(arrivalRatePerSecond, serviceTimeSeconds);
        if (!(percentile is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "must lie between 0 and 1");
        if (!double.IsFinite(maxWaitSeconds) || maxWaitSeconds < 0) throw new ArgumentOutOfRangeException(nameof(maxWaitSeconds), maxWaitSeconds, "must be a finite time >= 0");
        var a = arrivalRatePerSecond * serviceTimeSeconds;
        // P(W_q > t) falls as c grows (C falls, the drain rate rises), so the first c that meets the target is the answer;
        // the search starts at the fewest servers with ρ < 1.
        for (var c = (int)Math.Floor(a) + 1; ; c++)
        {
            if (new ErlangC(c, arrivalRatePerSecond, serviceTimeSeconds).ProbabilityWaitExceeds(maxWaitSeconds) <= 1 - percentile) return c;
        }
    }

    /// <summary>
    /// C(c, a) from Erlang B by the recurrence B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)), then
    /// C = c·B / (c − a(1 − B)). Every step stays in [0, 1], so thousands of servers neither overflow (a^c/c!) nor lose
    /// precision, as the textbook sum would.
    /// </summary>
    internal static double Probability(int servers, double offeredLoad)
    {
        var b = 1.0;
        for (var k = 1; k <= servers; k++) b = offeredLoad * b / (k + offeredLoad * b);
        return servers * b / (servers - offeredLoad * (1 - b));
    }

    private static void CheckLoad(double arrivalRatePerSecond, double serviceTimeSeconds)
    {
        if (!double.IsFinite(arrivalRatePerSecond) || arrivalRatePerSecond <= 0)
            throw new ArgumentOutOfRangeException(nameof(arrivalRatePerSecond), arrivalRatePerSecond, "must be a finite rate > 0");
        if (!double.IsFinite(serviceTimeSeconds) || serviceTimeSeconds <= 0)
            throw new ArgumentOutOfRangeException(nameof(serviceTimeSeconds), serviceTimeSeconds, "must be a finite time > 0");
    }
}
