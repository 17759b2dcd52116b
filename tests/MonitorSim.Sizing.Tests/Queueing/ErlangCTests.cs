using MonitorSim.Sizing.Queueing;

namespace MonitorSim.Sizing.Tests.Queueing;

/// <summary>
/// Textbook M/M/c values, each derived by hand from P0 = [Σ_{k&lt;c} a^k/k! + a^c/(c!(1−ρ))]^−1 and
/// C = a^c/(c!(1−ρ))·P0, W_q = C/(cμ−λ), with a = λ/μ and ρ = a/c.
/// </summary>
public sealed class ErlangCTests
{
    [Fact]
    public void With_one_server_the_wait_probability_is_the_utilisation_and_the_mean_wait_rho_over_mu_minus_lambda()
    {
        // M/M/1, λ = 0.5/s, μ = 1/s: ρ = 0.5, C = ρ = 0.5, W_q = ρ/(μ−λ) = 0.5/0.5 = 1 s, W = W_q + 1/μ = 2 s.
        var q = new ErlangC(servers: 1, arrivalRatePerSecond: 0.5, serviceTimeSeconds: 1);

        Assert.Equal(0.5, q.Utilisation, 12);
        Assert.Equal(0.5, q.WaitProbability, 12);
        Assert.Equal(1.0, q.MeanWaitSeconds, 12);
        Assert.Equal(2.0, q.MeanResponseSeconds, 12);
        Assert.Equal(0.5, q.MeanQueueLength, 12); // L_q = ρ²/(1−ρ) = 0.25/0.5
    }

    [Fact]
    public void Two_servers_at_half_load_wait_one_time_in_three()
    {
        // c = 2, λ = 1/s, μ = 1/s: a = 1, ρ = 0.5; P0 = [1 + 1 + 1/(2·0.5)]^−1 = 1/3; C = 1/(2·0.5)·1/3 = 1/3;
        // W_q = (1/3)/(2 − 1) = 1/3 s.
        var q = new ErlangC(servers: 2, arrivalRatePerSecond: 1, serviceTimeSeconds: 1);

        Assert.Equal(1.0 / 3, q.WaitProbability, 12);
        Assert.Equal(1.0 / 3, q.MeanWaitSeconds, 12);
    }

    [Fact]
    public void Three_servers_with_two_arrivals_a_minute_and_one_minute_service_wait_four_ninths()
    {
        // The classic: λ = 2/min, μ = 1/min, c = 3: a = 2, ρ = 2/3; P0 = [1 + 2 + 2 + (8/6)/(1/3)]^−1 = 1/9;
        // C = 4 · 1/9 = 4/9; W_q = (4/9)/(3 − 2) = 4/9 min = 26.67 s.
        var q = new ErlangC(servers: 3, arrivalRatePerSecond: 2.0 / 60, serviceTimeSeconds: 60);

        Assert.Equal(2.0 / 3, q.Utilisation, 12);
        Assert.Equal(4.0 / 9, q.WaitProbability, 12);
        Assert.Equal(4.0 / 9 * 60, q.MeanWaitSeconds, 9);
    }

    [Theory]
    [InlineData(200, 180.0)]
    [InlineData(1000, 950.0)]
    [InlineData(5, 0.1)]
    public void The_recurrence_agrees_with_the_textbook_sum_for_many_servers(int c, double a)
    {
        // The textbook sum in logarithms (a^c/c! overflows a double long before c = 1,000).
        var logTerms = Enumerable.Range(0, c).Select(k => k * Math.Log(a) - LogFactorial(k)).ToList();
        var logLast = c * Math.Log(a) - LogFactorial(c) - Math.Log(1 - a / c);
        var max = Math.Max(logTerms.Max(), logLast);
        var logSum = max + Math.Log(logTerms.Sum(t => Math.Exp(t - max)) + Math.Exp(logLast - max));
        var expected = Math.Exp(logLast - logSum);

        var q = new ErlangC(c, arrivalRatePerSecond: a, serviceTimeSeconds: 1);

        Assert.Equal(expected, q.WaitProbability, 10);
    }

    private static double LogFactorial(int k) => Enumerable.Range(1, k).Sum(i => Math.Log(i));

    [Fact]
    public void Wait_percentiles_follow_the_exponential_tail()
    {
        // M/M/1, λ = 0.5, μ = 1: P(W_q > t) = 0.5·e^{−0.5t}; p90 solves 0.5·e^{−0.5t} = 0.1 → t = 2·ln 5,
        // p99: 0.5·e^{−0.5t} = 0.01 → t = 2·ln 50.
        var q = new ErlangC(1, 0.5, 1);

        Assert.Equal(2 * Math.Log(5), q.WaitPercentileSeconds(0.90), 12);
        Assert.Equal(2 * Math.Log(50), q.WaitPercentileSeconds(0.99), 12);
        Assert.Equal(0.1, q.ProbabilityWaitExceeds(2 * Math.Log(5)), 12);
        Assert.Equal(0.5, q.ProbabilityWaitExceeds(0), 12);
    }

    [Fact]
    public void A_percentile_that_many_arrivals_never_wait_for_is_zero()
    {
        // Half the arrivals find a server free, so the 40th and 50th percentiles of the wait are 0.
        var q = new ErlangC(1, 0.5, 1);

        Assert.Equal(0, q.WaitPercentileSeconds(0.4));
        Assert.Equal(0, q.WaitPercentileSeconds(0.5));
        Assert.True(q.WaitPercentileSeconds(0.51) > 0);
    }

    [Theory]
    [InlineData(1, 1.0, 1.0)]   // ρ = 1 exactly
    [InlineData(2, 3.0, 1.0)]   // ρ = 1.5
    public void A_queue_at_or_past_full_utilisation_is_refused(int c, double lambda, double s)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ErlangC(c, lambda, s));
        Assert.Contains("not below 1", e.Message);
    }

    [Theory]
    [InlineData(0, 1.0, 1.0)]
    [InlineData(1, 0.0, 1.0)]
    [InlineData(1, -1.0, 1.0)]
    [InlineData(1, 0.5, 0.0)]
    [InlineData(1, 0.5, double.NaN)]
    public void Non_positive_inputs_are_refused(int c, double lambda, double s)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ErlangC(c, lambda, s));
    }

    [Fact]
    public void The_fewest_servers_for_a_target_utilisation()
    {
        // a = 100/s × 0.05 s = 5 busy servers on average: at most 70 % busy needs ⌈5/0.7⌉ = 8.
        Assert.Equal(8, ErlangC.MinServersForUtilisation(100, 0.05, 0.7));
        // a = 6 at 75 %: exactly 8 (6/8 = 0.75), not 9, even where 6/0.75 rounds above 8.
        Assert.Equal(8, ErlangC.MinServersForUtilisation(60, 0.1, 0.75));
    }

    [Fact]
    public void The_fewest_servers_for_a_wait_target()
    {
        // λ = 1, S = 1 (a = 1): with 2 servers C = 1/3 (above); with 3, B(3) = 1/16 and C = 3/16 / (3 − 15/16) = 1/11.
        // 60 % not waiting at all needs C ≤ 0.4: 2 servers. 70 % needs C ≤ 0.3: 3 servers.
        Assert.Equal(2, ErlangC.MinServersForWait(1, 1, percentile: 0.6, maxWaitSeconds: 0));
        Assert.Equal(3, ErlangC.MinServersForWait(1, 1, percentile: 0.7, maxWaitSeconds: 0));
        Assert.Equal(1.0 / 11, new ErlangC(3, 1, 1).WaitProbability, 12);
    }

    [Fact]
    public void The_fewest_servers_for_a_p99_wait_meet_it_and_one_fewer_does_not()
    {
        // A platform's alarm intake: 250 alarms/s, 20 ms each (a = 5); p99 wait at most 10 ms.
        var c = ErlangC.MinServersForWait(250, 0.020, 0.99, 0.010);

        Assert.True(new ErlangC(c, 250, 0.020).WaitPercentileSeconds(0.99) <= 0.010);
        Assert.True(c - 1 <= 5 || new ErlangC(c - 1, 250, 0.020).WaitPercentileSeconds(0.99) > 0.010);
    }
}
