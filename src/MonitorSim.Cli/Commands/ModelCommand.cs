using MonitorSim.Cli.Output;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MonitorSim.Sizing.Queueing;
using MonitorSim.Sizing.Usl;
using Spectre.Console;

namespace MonitorSim.Cli.Commands;

/// <summary><c>monitorsim model usl FILE.csv</c> and <c>monitorsim model erlang-c --servers C --arrival-rate L --service-time S</c>:
/// the capacity models on their own, answering in JSON (snake_case keys, times in ms).</summary>
public static class ModelCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(IAnsiConsole console) =>
        new("model", "Capacity models on their own: fit the Universal Scalability Law, or queue with Erlang C; prints JSON")
        {
            Usl(console),
            ErlangCCommand(console),
        };

    private static Command Usl(IAnsiConsole console)
    {
        var file = new Argument<string>("file") { Description = $"CSV with a header '{string.Join(',', UslCsv.Columns)}' and one measurement a line (throughput at concurrency n)" };
        var command = new Command("usl",
            "Fit X(N) = γN / (1 + α(N−1) + βN(N−1)) to measurements (α, β in [0, 1]); prints alpha, beta, gamma, their standard errors, " +
            "r_squared and the peak N* = √((1−α)/β) (null when β = 0)")
        {
            file,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var errors = new List<string>();
            var points = UslCsv.Read(path, errors);
            if (points is null) return Fail(console, errors);

            UslFit fit;
            try
            {
                fit = UslModel.Fit(points);
            }
            catch (Exception e) when (e is ArgumentException or ArithmeticException)
            {
                return Fail(console, [$"{path}: cannot fit the USL to these measurements: {e.Message}"]);
            }
            var m = fit.Model;
            WriteJson(console, new JsonObject
            {
                ["alpha"] = m.Alpha,
                ["beta"] = m.Beta,
                ["gamma"] = m.Gamma,
                ["peak"] = m.Peak,
                ["peak_throughput"] = m.PeakThroughput,
                ["alpha_se"] = Finite(fit.AlphaStandardError),
                ["beta_se"] = fit.BetaStandardError is { } b ? Finite(b) : null,
                ["gamma_se"] = Finite(fit.GammaStandardError),
                ["beta_significant"] = fit.BetaSignificant,
                ["r_squared"] = fit.RSquared,
                ["points"] = fit.Points,
            });
            return ExitCodes.Passed;
        });
        return command;
    }

    private static Command ErlangCCommand(IAnsiConsole console)
    {
        var servers = new Option<int>("--servers") { Required = true, HelpName = "C", Description = "Servers (c) sharing one queue" };
        var arrivalRate = new Option<double>("--arrival-rate") { Required = true, HelpName = "L", Description = "Arrivals per second (λ), Poisson" };
        var serviceTime = new Option<double>("--service-time") { Required = true, HelpName = "S", Description = "Mean service time in seconds (S = 1/μ), exponential" };
        var command = new Command("erlang-c",
            "M/M/c queue: probability of waiting, mean wait and wait percentiles (ms) at utilisation ρ = λS/c, which must be below 1")
        {
            servers, arrivalRate, serviceTime,
        };
        command.SetAction(parse =>
        {
            var c = parse.GetValue(servers);
            var lambda = parse.GetValue(arrivalRate);
            var s = parse.GetValue(serviceTime);
            var errors = new List<string>();
            if (c < 1) errors.Add($"--servers: must be at least 1, got {c}");
            if (!double.IsFinite(lambda) || lambda <= 0) errors.Add($"--arrival-rate: must be a number of arrivals per second > 0, got {Show(lambda)}");
            if (!double.IsFinite(s) || s <= 0) errors.Add($"--service-time: must be a number of seconds > 0, got {Show(s)}");
            if (errors.Count == 0 && ErlangC.UtilisationFor(c, lambda, s) is var rho && rho >= 1)
                errors.Add($"utilisation ρ = λ·S/c = {Show(lambda)} × {Show(s)} / {c} = {Show(rho)} is not below 1: the queue grows without bound " +
                           $"(--servers must be at least {(int)Math.Floor(lambda * s) + 1} for this load)");
            if (errors.Count > 0) return Fail(console, errors);

            var q = new ErlangC(c, lambda, s);
            WriteJson(console, new JsonObject
            {
                ["servers"] = c,
                ["arrival_rate_per_s"] = lambda,
                ["service_time_s"] = s,
                ["utilisation"] = q.Utilisation,
                ["wait_probability"] = q.WaitProbability,
                ["mean_wait_ms"] = q.MeanWaitSeconds * 1000,
                ["p90_wait_ms"] = q.WaitPercentileSeconds(0.90) * 1000,
                ["p99_wait_ms"] = q.WaitPercentileSeconds(0.99) * 1000,
                ["mean_response_ms"] = q.MeanResponseSeconds * 1000,
                ["mean_queue_length"] = q.MeanQueueLength,
            });
            return ExitCodes.Passed;
        });
        return command;
    }

    /// <summary>Straight to the console's writer: JSON is for machines, and Spectre's rendering would wrap long lines and
    /// read brackets as markup.</summary>
    private static void WriteJson(IAnsiConsole console, JsonObject json)
    {
        var writer = console.Profile.Out.Writer;
        writer.WriteLine(json.ToJsonString(Indented));
        writer.Flush();
    }

    private static int Fail(IAnsiConsole console, IEnumerable<string> errors)
    {
        foreach (var e in errors) console.Error($"{e}");
        return ExitCodes.BadInput;
    }

    // A standard error is NaN when the Jacobian at the optimum is singular; JSON has no NaN, so it is null then.
    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static string Show(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
