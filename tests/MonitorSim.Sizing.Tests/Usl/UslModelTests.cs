using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using MonitorSim.Sizing.Usl;

namespace MonitorSim.Sizing.Tests.Usl;

public sealed class UslModelTests
{
    private static readonly double[] Concurrencies = [1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128];

    private static List<UslPoint> Generate(UslModel truth, IEnumerable<double> ns, double relativeNoise = 0, int seed = 0)
    {
        var noise = new Normal(0, 1, new MersenneTwister(seed));
        return ns.Select(n => new UslPoint(n, truth.Throughput(n) * (1 + relativeNoise * noise.Sample()))).ToList();
    }

    private static void WithinRelative(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected),
            $"{what}: expected {expected} within {tolerance:P1}, got {actual}");

    [Theory]
    [InlineData(0.05, 0.0002, 1000)]     // peaks at N* ≈ 69, inside the measured range
    [InlineData(0.02, 0.00005, 250)]     // peaks at N* = 140, just past it
    [InlineData(0.3, 0.01, 40)]          // heavy contention, peaks at N* ≈ 8
    [InlineData(0.001, 0.000001, 5000)]  // nearly linear
    public void Fit_recovers_known_alpha_beta_and_gamma_within_one_percent_from_exact_measurements(double alpha, double beta, double gamma)
    {
        var truth = new UslModel(alpha, beta, gamma);

        var fit = UslModel.Fit(Generate(truth, Concurrencies));

        WithinRelative(alpha, fit.Model.Alpha, 0.01, "alpha");
        WithinRelative(beta, fit.Model.Beta, 0.01, "beta");
        WithinRelative(gamma, fit.Model.Gamma, 0.01, "gamma");
        WithinRelative(truth.Peak!.Value, fit.Model.Peak!.Value, 0.01, "peak");
        Assert.True(fit.BetaSignificant);
        Assert.True(fit.RSquared > 0.999999, $"R² {fit.RSquared}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void With_two_percent_noise_the_truth_lies_within_three_standard_errors_of_the_fit(int seed)
    {
        var truth = new UslModel(0.05, 0.0002, 1000);

        var fit = UslModel.Fit(Generate(truth, Concurrencies, relativeNoise: 0.02, seed: seed));

        Assert.True(Math.Abs(fit.Model.Alpha - truth.Alpha) <= 3 * fit.AlphaStandardError, $"alpha {fit.Model.Alpha} ± {fit.AlphaStandardError}");
        Assert.NotNull(fit.BetaStandardError);
        Assert.True(Math.Abs(fit.Model.Beta - truth.Beta) <= 3 * fit.BetaStandardError!.Value, $"beta {fit.Model.Beta} ± {fit.BetaStandardError}");
        Assert.True(Math.Abs(fit.Model.Gamma - truth.Gamma) <= 3 * fit.GammaStandardError, $"gamma {fit.Model.Gamma} ± {fit.GammaStandardError}");
        // The peak is what sizing uses; 2 % noise on twelve points still places it within 15 %.
        WithinRelative(truth.Peak!.Value, fit.Model.Peak!.Value, 0.15, "peak");
        Assert.True(fit.RSquared > 0.98, $"R² {fit.RSquared}");
    }

    [Fact]
    public void Standard_errors_grow_with_the_noise()
    {
        var truth = new UslModel(0.05, 0.0002, 1000);

        var quiet = UslModel.Fit(Generate(truth, Concurrencies, relativeNoise: 0.005, seed: 7));
        var noisy = UslModel.Fit(Generate(truth, Concurrencies, relativeNoise: 0.05, seed: 7));

        Assert.True(noisy.AlphaStandardError > 5 * quiet.AlphaStandardError, $"{quiet.AlphaStandardError} → {noisy.AlphaStandardError}");
        Assert.True(noisy.GammaStandardError > 5 * quiet.GammaStandardError, $"{quiet.GammaStandardError} → {noisy.GammaStandardError}");
    }

    [Fact]
    public void Without_coherency_beta_is_zero_and_there_is_no_peak()
    {
        // Pure contention: throughput rises for ever towards γ/α = 2,000.
        var truth = new UslModel(0.1, 0, 200);

        var fit = UslModel.Fit(Generate(truth, Concurrencies));

        Assert.Equal(0, fit.Model.Beta);
        Assert.Null(fit.Model.Peak);
        Assert.Null(fit.Model.PeakThroughput);
        Assert.Null(fit.BetaStandardError);
        Assert.False(fit.BetaSignificant);
        WithinRelative(0.1, fit.Model.Alpha, 0.01, "alpha");
        WithinRelative(200, fit.Model.Gamma, 0.01, "gamma");
    }

    [Fact]
    public void Noise_around_a_curve_without_coherency_does_not_invent_a_peak()
    {
        var truth = new UslModel(0.1, 0, 200);

        var fit = UslModel.Fit(Generate(truth, Concurrencies, relativeNoise: 0.01, seed: 11));

        Assert.Null(fit.Model.Peak);
        Assert.True(Math.Abs(fit.Model.Alpha - 0.1) <= 3 * fit.AlphaStandardError, $"alpha {fit.Model.Alpha} ± {fit.AlphaStandardError}");
    }

    [Fact]
    public void Superlinear_measurements_cannot_push_alpha_or_beta_below_zero()
    {
        // Throughput growing faster than N (a cache warming up) would want α < 0; the bounds keep it at 0 or above.
        var points = Concurrencies.Select(n => new UslPoint(n, 100 * Math.Pow(n, 1.15))).ToList();

        var fit = UslModel.Fit(points);

        Assert.InRange(fit.Model.Alpha, 0, 1);
        Assert.InRange(fit.Model.Beta, 0, 1);
        Assert.True(fit.Model.Gamma > 0);
    }

    [Fact]
    public void Collapsing_measurements_cannot_push_alpha_or_beta_above_one()
    {
        // Throughput falling off a cliff as N doubles: steeper than α = β = 1 allows.
        var points = Concurrencies.Select(n => new UslPoint(n, 1000 / Math.Pow(n, 3))).ToList();

        var fit = UslModel.Fit(points);

        Assert.InRange(fit.Model.Alpha, 0, 1);
        Assert.InRange(fit.Model.Beta, 0, 1);
    }

    [Fact]
    public void The_peak_is_where_the_curve_turns()
    {
        var model = new UslModel(0.05, 0.0002, 1000);

        var peak = model.Peak!.Value;

        Assert.Equal(Math.Sqrt(0.95 / 0.0002), peak, 9);
        Assert.True(model.Throughput(peak) > model.Throughput(peak * 0.9));
        Assert.True(model.Throughput(peak) > model.Throughput(peak * 1.1));
        Assert.Equal(model.Throughput(peak), model.PeakThroughput!.Value, 9);
    }

    [Fact]
    public void Without_any_parallelism_throughput_falls_from_the_first_unit_and_peaks_there()
    {
        // α = 1: X(N) = γ/(1 + β(N−1)), largest at N = 1 although √((1−α)/β) = 0.
        var model = new UslModel(1, 0.5, 100);

        Assert.Equal(0, model.Peak!.Value);
        Assert.Equal(100, model.PeakThroughput!.Value, 9);
    }

    [Fact]
    public void At_one_unit_of_concurrency_throughput_is_gamma()
    {
        Assert.Equal(1000, new UslModel(0.3, 0.01, 1000).Throughput(1), 9);
    }

    [Fact]
    public void Fewer_measurements_than_parameters_plus_one_are_refused()
    {
        var three = Generate(new UslModel(0.05, 0.0002, 1000), [1, 8, 32]);

        var e = Assert.Throws<ArgumentException>(() => UslModel.Fit(three));

        Assert.Contains("at least 4 measurements, got 3", e.Message);
    }

    [Fact]
    public void Measurements_at_fewer_than_three_different_concurrencies_are_refused()
    {
        var twoLevels = Generate(new UslModel(0.05, 0.0002, 1000), [4, 4, 16, 16]);

        var e = Assert.Throws<ArgumentException>(() => UslModel.Fit(twoLevels));

        Assert.Contains("3 or more different N", e.Message);
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(-2, 100)]
    [InlineData(4, 0)]
    [InlineData(4, double.NaN)]
    public void A_non_positive_concurrency_or_throughput_is_refused(double n, double throughput)
    {
        var points = Generate(new UslModel(0.05, 0.0002, 1000), [1, 2, 8, 32]);
        points[2] = new UslPoint(n, throughput);

        Assert.Throws<ArgumentException>(() => UslModel.Fit(points));
    }
}
