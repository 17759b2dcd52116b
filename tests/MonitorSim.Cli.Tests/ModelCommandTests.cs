using System.Globalization;
using System.Text.Json;

namespace MonitorSim.Cli.Tests;

/// <summary><c>monitorsim model usl</c> and <c>monitorsim model erlang-c</c>: JSON on success, exit 2 with the file, line and
/// field on bad input. No tree is started.</summary>
public sealed class ModelCommandTests
{
    private static readonly double[] Concurrencies = [1, 2, 4, 8, 16, 24, 32, 48, 64, 96];

    /// <summary>X(N) = γN / (1 + α(N−1) + βN(N−1)) written as the CSV the command reads.</summary>
    private static string UslCsv(double alpha, double beta, double gamma) =>
        "n,throughput\n" + string.Concat(Concurrencies.Select(n =>
            string.Create(CultureInfo.InvariantCulture, $"{n},{gamma * n / (1 + alpha * (n - 1) + beta * n * (n - 1)):R}\n")));

    private static async Task<(string Path, CliResult Result)> UslAsync(TempDir dir, string csv)
    {
        var path = dir.File("measurements.csv");
        await File.WriteAllTextAsync(path, csv);
        return (path, await Cli.RunAsync("model", "usl", path));
    }

    private static JsonElement Json(CliResult result) => JsonDocument.Parse(result.Output).RootElement;

    private static void WithinRelative(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"{what}: expected {expected} within {tolerance:P1}, got {actual}");

    [Fact]
    public async Task Usl_prints_alpha_beta_gamma_and_the_peak_of_the_measurements_as_json()
    {
        using var dir = new TempDir();

        var (_, result) = await UslAsync(dir, UslCsv(alpha: 0.05, beta: 0.0002, gamma: 1000));

        result.ExpectExit(0);
        var json = Json(result);
        WithinRelative(0.05, json.GetProperty("alpha").GetDouble(), 0.01, "alpha");
        WithinRelative(0.0002, json.GetProperty("beta").GetDouble(), 0.01, "beta");
        WithinRelative(1000, json.GetProperty("gamma").GetDouble(), 0.01, "gamma");
        WithinRelative(Math.Sqrt(0.95 / 0.0002), json.GetProperty("peak").GetDouble(), 0.01, "peak");
        Assert.True(json.GetProperty("r_squared").GetDouble() > 0.9999);
        // Points exactly on the curve leave no residual, so nothing is uncertain: the standard errors vanish.
        Assert.InRange(json.GetProperty("alpha_se").GetDouble(), 0, 1e-6);
        Assert.InRange(json.GetProperty("beta_se").GetDouble(), 0, 1e-8);
        Assert.Equal(Concurrencies.Length, json.GetProperty("points").GetInt32());
    }

    [Fact]
    public async Task Usl_standard_errors_are_the_asymptotic_ones_of_least_squares()
    {
        // Points off the curve by ±2 % in turn. At the fit p̂: s² = RSS/(n − 3), Cov(p̂) = s²·(JᵀJ)⁻¹ with J the model's
        // Jacobian in (α, β, γ) at p̂; each standard error is √Cov_ii. Computed here from the printed fit alone.
        using var dir = new TempDir();
        var noisy = Concurrencies.Select((n, i) => (N: n, X: 1000 * n / (1 + 0.05 * (n - 1) + 0.0002 * n * (n - 1)) * (i % 2 == 0 ? 1.02 : 0.98))).ToList();
        var csv = "n,throughput\n" + string.Concat(noisy.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.N},{p.X:R}\n")));

        var (_, result) = await UslAsync(dir, csv);

        result.ExpectExit(0);
        var json = Json(result);
        double a = json.GetProperty("alpha").GetDouble(), b = json.GetProperty("beta").GetDouble(), g = json.GetProperty("gamma").GetDouble();
        var jtj = new double[3, 3];
        var rss = 0.0;
        foreach (var (n, x) in noisy)
        {
            var d = 1 + a * (n - 1) + b * n * (n - 1);
            var model = g * n / d;
            rss += (x - model) * (x - model);
            double[] row = [-model * (n - 1) / d, -model * n * (n - 1) / d, n / d];
            for (var r = 0; r < 3; r++)
                for (var c = 0; c < 3; c++) jtj[r, c] += row[r] * row[c];
        }
        var cov = Inverse3(jtj);
        var s2 = rss / (noisy.Count - 3);
        WithinRelative(Math.Sqrt(s2 * cov[0, 0]), json.GetProperty("alpha_se").GetDouble(), 0.02, "alpha_se");
        WithinRelative(Math.Sqrt(s2 * cov[1, 1]), json.GetProperty("beta_se").GetDouble(), 0.02, "beta_se");
    }

    /// <summary>The inverse of a 3 × 3 matrix by cofactors (adjugate over determinant).</summary>
    private static double[,] Inverse3(double[,] m)
    {
        double C(int r, int c)
        {
            int r0 = (r + 1) % 3, r1 = (r + 2) % 3, c0 = (c + 1) % 3, c1 = (c + 2) % 3;
            return m[r0, c0] * m[r1, c1] - m[r0, c1] * m[r1, c0];
        }
        var det = m[0, 0] * C(0, 0) + m[0, 1] * C(0, 1) + m[0, 2] * C(0, 2);
        var inv = new double[3, 3];
        for (var r = 0; r < 3; r++)
            for (var c = 0; c < 3; c++) inv[c, r] = C(r, c) / det;
        return inv;
    }

    [Fact]
    public async Task Usl_without_coherency_prints_beta_zero_and_a_null_peak()
    {
        using var dir = new TempDir();

        var (_, result) = await UslAsync(dir, UslCsv(alpha: 0.1, beta: 0, gamma: 200));

        result.ExpectExit(0);
        var json = Json(result);
        Assert.Equal(0, json.GetProperty("beta").GetDouble());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("peak").ValueKind);
        WithinRelative(0.1, json.GetProperty("alpha").GetDouble(), 0.01, "alpha");
    }

    [Fact]
    public async Task Erlang_c_prints_the_textbook_figures_for_three_servers_at_two_thirds_load()
    {
        // c = 3, λ = 2/s, S = 1 s: a = 2, ρ = 2/3, P0 = 1/9, C = 4/9, W_q = C/(cμ − λ) = 4/9 s;
        // P(W_q > t) = C·e^{−t} (cμ − λ = 1/s), so p90 = ln(C/0.1) s and p99 = ln(C/0.01) s.
        var result = await Cli.RunAsync("model", "erlang-c", "--servers", "3", "--arrival-rate", "2", "--service-time", "1");

        result.ExpectExit(0);
        var json = Json(result);
        Assert.Equal(2.0 / 3, json.GetProperty("utilisation").GetDouble(), 12);
        Assert.Equal(4.0 / 9, json.GetProperty("wait_probability").GetDouble(), 12);
        Assert.Equal(4000.0 / 9, json.GetProperty("mean_wait_ms").GetDouble(), 9);
        Assert.Equal(1000 * Math.Log(4.0 / 9 / 0.1), json.GetProperty("p90_wait_ms").GetDouble(), 9);
        Assert.Equal(1000 * Math.Log(4.0 / 9 / 0.01), json.GetProperty("p99_wait_ms").GetDouble(), 9);
    }

    [Fact]
    public async Task Erlang_c_with_most_arrivals_served_at_once_has_a_zero_p90_wait()
    {
        // M/M/1 at ρ = 0.05: only 5 % of arrivals wait at all, so 90 % wait 0 ms; p99 = ln(0.05/0.01)/(1 − 0.05) s.
        var result = await Cli.RunAsync("model", "erlang-c", "--servers", "1", "--arrival-rate", "0.05", "--service-time", "1");

        result.ExpectExit(0);
        var json = Json(result);
        Assert.Equal(0.05, json.GetProperty("wait_probability").GetDouble(), 12);
        Assert.Equal(0, json.GetProperty("p90_wait_ms").GetDouble());
        Assert.Equal(1000 * Math.Log(5) / 0.95, json.GetProperty("p99_wait_ms").GetDouble(), 9);
    }

    public static TheoryData<string, int, string> BadCsv => new()
    {
        // file text, line of the problem (0: the file as a whole), what the message says
        { "1,1000\n2,1900\n4,3600\n8,6500\n", 1, "1:1: header: the first line must name the columns 'n,throughput', found data '1,1000'" },
        { "n,rps\n1,1000\n2,1900\n4,3600\n8,6500\n", 1, "1:1: header: expected the columns 'n,throughput', got 'n,rps'" },
        { "n,throughput\n1,1000\n2,1900\n4,fast\n8,6500\n", 4, "4:3: throughput: 'fast' is not a number" },
        { "n,throughput\n1,1000\ntwo,1900\n4,3600\n8,6500\n", 3, "3:1: n: 'two' is not a number" },
        { "n,throughput\n1,1000\n2,\n4,3600\n8,6500\n", 3, "3:3: throughput: is empty" },
        { "n,throughput\n1,1000\n0,1900\n4,3600\n8,6500\n", 3, "3:1: n: must be > 0, got 0" },
        { "n,throughput\n1,1000\n-2,1900\n4,3600\n8,6500\n", 3, "3:1: n: must be > 0, got -2" },
        { "n,throughput\n1,1000\n2,1900,7\n4,3600\n8,6500\n", 3, "3:1: expected 2 cells (n,throughput), got 3" },
        { "n,throughput\n1,1000\n2,1900\n4,3600\n", 0, "the USL has 3 parameters (alpha, beta, gamma) and needs at least 4 measurements (parameters + 1), got 3" },
        { "n,throughput\n4,1000\n4,1010\n8,1900\n8,1880\n", 0, "n: needs measurements at 3 or more different n" },
        { "", 1, "1:1: header: the file is empty" },
    };

    [Theory]
    [MemberData(nameof(BadCsv))]
    public async Task Usl_refuses_a_bad_csv_with_exit_2_naming_the_file_line_and_field(string csv, int line, string message)
    {
        using var dir = new TempDir();

        var (path, result) = await UslAsync(dir, csv);

        result.ExpectExit(2);
        Assert.Contains(line > 0 ? $"{path}:{message}" : $"{path}: {message}", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"alpha\"", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usl_names_a_missing_file()
    {
        using var dir = new TempDir();
        var path = dir.File("no-such.csv");

        var result = (await Cli.RunAsync("model", "usl", path)).ExpectExit(2);

        Assert.Contains($"{path}: file not found", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erlang_c_at_or_past_full_utilisation_exits_2_and_says_how_many_servers_the_load_needs()
    {
        // λ = 2/s, S = 1 s: ρ = 2 on one server; two would be exactly full (ρ = 1), so at least 3.
        var result = await Cli.RunAsync("model", "erlang-c", "--servers", "1", "--arrival-rate", "2", "--service-time", "1");

        result.ExpectExit(2);
        Assert.Contains("utilisation ρ = λ·S/c = 2 × 1 / 1 = 2 is not below 1", result.Output, StringComparison.Ordinal);
        Assert.Contains("--servers must be at least 3", result.Output, StringComparison.Ordinal);

        var full = await Cli.RunAsync("model", "erlang-c", "--servers", "2", "--arrival-rate", "2", "--service-time", "1");
        full.ExpectExit(2);
        Assert.Contains("= 1 is not below 1", full.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", "2", "1", "--servers: must be at least 1, got 0")]
    [InlineData("3", "0", "1", "--arrival-rate: must be a number of arrivals per second > 0, got 0")]
    [InlineData("3", "-1", "1", "--arrival-rate: must be a number of arrivals per second > 0, got -1")]
    [InlineData("3", "2", "0", "--service-time: must be a number of seconds > 0, got 0")]
    [InlineData("3", "2", "NaN", "--service-time: must be a number of seconds > 0, got NaN")]
    public async Task Erlang_c_refuses_non_positive_values_with_exit_2(string servers, string rate, string time, string message)
    {
        var result = await Cli.RunAsync("model", "erlang-c", "--servers", servers, "--arrival-rate", rate, "--service-time", time);

        result.ExpectExit(2);
        Assert.Contains(message, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erlang_c_without_a_required_option_or_with_a_word_for_a_number_exits_2()
    {
        var missing = await Cli.RunAsync("model", "erlang-c", "--servers", "3", "--service-time", "1");
        var word = await Cli.RunAsync("model", "erlang-c", "--servers", "three", "--arrival-rate", "2", "--service-time", "1");

        missing.ExpectExit(2);
        Assert.Contains("--arrival-rate", missing.Output, StringComparison.Ordinal);
        word.ExpectExit(2);
        Assert.Contains("three", word.Output, StringComparison.Ordinal);
    }
}
