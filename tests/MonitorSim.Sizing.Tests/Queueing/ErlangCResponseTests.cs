using MonitorSim.Sizing.Queueing;

namespace MonitorSim.Sizing.Tests.Queueing;

/// <summary>The response time's distribution (wait + service) of M/M/c, against values derived by hand, and the highest
/// arrival rate an SLO on its percentile allows.</summary>
public sealed class ErlangCResponseTests
{
    [Fact]
    public void With_one_server_the_response_time_is_exponential_at_mu_minus_lambda()
    {
        // M/M/1: R ~ Exp(μ − λ). μ = 1000/s, λ = 600/s: P(R > 5 ms) = e^{−400·0.005} = e^{−2}; p99 = ln(100)/400.
        var q = new ErlangC(1, 600, 0.001);

        Assert.Equal(Math.Exp(-2), q.ProbabilityResponseExceeds(0.005), 10);
        Assert.Equal(Math.Log(100) / 400, q.ResponsePercentileSeconds(0.99), 9);
    }

    [Fact]
    public void Two_servers_at_half_load_leave_e_to_the_minus_t_times_one_plus_t_over_three()
    {
        // c = 2, λ = μ = 1: C = 1/3, θ = cμ − λ = 1 = μ, so P(R > t) = (2/3)e^{−t} + (1/3)e^{−t}(1 + t) = e^{−t}(1 + t/3).
        var q = new ErlangC(2, 1, 1);

        Assert.Equal(Math.Exp(-2) * (1 + 2.0 / 3), q.ProbabilityResponseExceeds(2), 10);
    }

    [Fact]
    public void Two_servers_at_a_quarter_load_mix_the_service_and_the_hypoexponential_wait()
    {
        // c = 2, λ = 0.5, μ = 1: a = 0.5, P0 = [1 + 0.5 + 0.25/(2·0.75)]^−1 = 0.6, C = 0.25/1.5·0.6 = 0.1, θ = 1.5;
        // P(E_θ + E_μ > t) = (1.5e^{−t} − e^{−1.5t})/0.5, so P(R > 1) = 0.9e^{−1} + 0.1(3e^{−1} − 2e^{−1.5}).
        var q = new ErlangC(2, 0.5, 1);

        Assert.Equal(0.1, q.WaitProbability, 10);
        Assert.Equal(0.9 * Math.Exp(-1) + 0.1 * (3 * Math.Exp(-1) - 2 * Math.Exp(-1.5)), q.ProbabilityResponseExceeds(1), 10);
    }

    [Fact]
    public void The_response_percentile_is_where_the_tail_falls_to_one_minus_p()
    {
        var q = new ErlangC(4, 700, 0.004);

        var p99 = q.ResponsePercentileSeconds(0.99);

        Assert.Equal(0.01, q.ProbabilityResponseExceeds(p99), 8);
        Assert.True(p99 > q.WaitPercentileSeconds(0.99), "the response includes the service time");
    }

    [Fact]
    public void The_highest_rate_for_a_p99_on_one_server_is_mu_minus_ln_100_over_the_slo()
    {
        // M/M/1 p99 = ln(100)/(μ − λ) ≤ 20 ms ⇔ λ ≤ 1000 − ln(100)/0.02 = 769.7/s.
        var lambda = ErlangC.MaxArrivalRateForResponse(1, 0.001, 0.99, 0.020);

        Assert.Equal(1000 - Math.Log(100) / 0.020, lambda, 6);
    }

    [Fact]
    public void At_the_highest_rate_for_an_slo_the_percentile_is_the_slo_on_several_servers()
    {
        var lambda = ErlangC.MaxArrivalRateForResponse(4, 0.004, 0.99, 0.030);

        Assert.Equal(0.030, new ErlangC(4, lambda, 0.004).ResponsePercentileSeconds(0.99), 6);
        Assert.InRange(lambda, 1, 999);
    }

    [Fact]
    public void An_slo_shorter_than_the_service_time_allows_alone_allows_no_load()
    {
        // Even idle, P(S > 5 ms) = e^{−5} ≈ 0.7 % < 1 %, but P(S > 4 ms) at S = 1 ms is e^{−4} ≈ 1.8 % > 1 %.
        Assert.Equal(0, ErlangC.MaxArrivalRateForResponse(1, 0.001, 0.99, 0.004));
    }
}
