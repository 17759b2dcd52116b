using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MonitorSim.Reports.Comparison;

/// <summary>How a <see cref="FailOnRule"/>'s number is read.</summary>
public enum FailOnBasis
{
    /// <summary><c>+10%</c>, <c>-5%</c>: the change against the baseline, in percent of the baseline.</summary>
    RelativeChange,

    /// <summary><c>+20ms</c>, <c>+100</c>: the change against the baseline, in the metric's unit.</summary>
    AbsoluteChange,

    /// <summary><c>250ms</c>, <c>1%</c> (no sign): the compared run's value itself.</summary>
    Value,
}

/// <summary>
/// A regression rule of <c>monitorsim compare --fail-on</c>: <c>METRIC OP [+|-]NUMBER[%|ms|s|us]</c>, e.g.
/// <c>alarm.p99 &gt; +10%</c> (p99 grew more than 10 % over the baseline), <c>morning_alarms.p99 &gt; +20ms</c> (more
/// than 20 ms), <c>alarm.fail_pct &gt; 1%</c> (the run's own value). The metric is an operation's or a stream's
/// statistic, named as thresholds name them (an operation first, then a stream; <c>streams.NAME</c> always the stream),
/// or a run-wide one (<c>throughput_ops</c>, <c>failed</c>, …). A rule
/// that holds for a run is a regression of that run against the baseline.
/// </summary>
public sealed partial class FailOnRule
{
    /// <summary>Statistics of a stream's or an operation's response time, in ms.</summary>
    public static IReadOnlyList<string> LatencyStats { get; } = ["mean", "p50", "p90", "p99", "p999", "max"];

    /// <summary>Counts of a stream, an operation or the whole run; <c>fail_pct</c> is failed over offered, in %.</summary>
    public static IReadOnlyList<string> CountStats { get; } = ["offered", "completed", "failed", "dropped", "timed_out", "fail_pct"];

    /// <summary>Run-wide metrics that stand alone.</summary>
    public static IReadOnlyList<string> RunMetrics { get; } = ["throughput_ops", "offered", "completed", "failed", "dropped", "timed_out", "fail_pct", "cpu_s"];

    private FailOnRule(string text, string subject, string stat, string op, double number, FailOnBasis basis)
    {
        Text = text;
        Subject = subject;
        Stat = stat;
        Operator = op;
        Number = number;
        Basis = basis;
    }

    /// <summary>The rule as written.</summary>
    public string Text { get; }

    /// <summary>The stream or operation (e.g. <c>alarm</c>, <c>alarm.point_to_platform</c>); empty for a run-wide metric.</summary>
    public string Subject { get; }

    public string Stat { get; }

    /// <summary><c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c> or <c>&lt;=</c>.</summary>
    public string Operator { get; }

    /// <summary>The number, in the metric's unit (time in ms) or in percent.</summary>
    public double Number { get; }

    public FailOnBasis Basis { get; }

    [GeneratedRegex(@"^\s*(?<metric>[a-z0-9_.]+)\s*(?<op>>=|<=|>|<)\s*(?<sign>[+-])?(?<num>\d+(\.\d+)?)\s*(?<unit>%|ms|s|us|µs)?\s*$")]
    private static partial Regex Grammar();

    /// <summary>Parses a rule, or throws <see cref="FormatException"/> saying what is wrong and how to write it.</summary>
    public static FailOnRule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = Grammar().Match(text);
        if (!m.Success)
            throw new FormatException($"'{text}' is not a rule: write METRIC OP [+|-]NUMBER[%|ms|s], e.g. 'alarm.p99 > +10%', 'alarm.p99 > +20ms', 'alarm.fail_pct > 1%'");
        var metric = m.Groups["metric"].Value;
        var dot = metric.LastIndexOf('.');
        var (subject, stat) = dot < 0 ? ("", metric) : (metric[..dot], metric[(dot + 1)..]);
        if (subject.Length == 0 && !RunMetrics.Contains(stat))
            throw new FormatException($"'{text}': unknown metric '{metric}': write STREAM.STAT or OPERATION.STAT (e.g. alarm.p99), or one of {string.Join(", ", RunMetrics)}");
        if (subject.Length > 0 && !LatencyStats.Contains(stat) && !CountStats.Contains(stat))
            throw new FormatException($"'{text}': unknown statistic '{stat}' (known: {string.Join(", ", LatencyStats.Concat(CountStats))})");
        var number = double.Parse(m.Groups["num"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var unit = m.Groups["unit"].Value;
        var signed = m.Groups["sign"].Success;
        if (m.Groups["sign"].Value == "-") number = -number;
        var isTime = LatencyStats.Contains(stat) && subject.Length > 0;
        if (unit is "ms" or "s" or "us" or "µs")
        {
            if (!isTime) throw new FormatException($"'{text}': {metric} is not a time; '{unit}' fits only response-time statistics ({string.Join(", ", LatencyStats)})");
            number = unit switch { "s" => number * 1000, "us" or "µs" => number / 1000, _ => number };
        }
        if (unit == "%" && !signed && stat != "fail_pct")
            throw new FormatException($"'{text}': a percentage without a sign is a value, and only fail_pct is one; write '+{m.Groups["num"].Value}%' for a change against the baseline");
        var basis = !signed ? FailOnBasis.Value : unit == "%" ? FailOnBasis.RelativeChange : FailOnBasis.AbsoluteChange;
        return new FailOnRule(text.Trim(), subject, stat, m.Groups["op"].Value, number, basis);
    }

    /// <summary>The rule's metric in one run's summary.json; null when the run does not have it.</summary>
    public double? Read(JsonElement summary)
    {
        if (Subject.Length == 0)
            return Stat switch
            {
                "throughput_ops" => Num(summary, "throughput_ops"),
                "cpu_s" => Num(summary, "resources", "cpu_s"),
                "fail_pct" => FailPct(summary, "operations"),
                _ => Num(summary, "operations", Stat),
            };
        // As a threshold names them: an operation first (every stream of its kind merged), then a stream; streams.NAME is
        // always the stream.
        var forced = Subject.StartsWith(StreamPrefix, StringComparison.Ordinal);
        var name = forced ? Subject[StreamPrefix.Length..] : Subject;
        var isStream = forced || (!Has(summary, "latency_ms", name) && !Has(summary, "per_operation", name));
        if (LatencyStats.Contains(Stat))
            return isStream ? Num(summary, "streams", name, "latency_ms", Stat) : Num(summary, "latency_ms", name, Stat);
        var counts = isStream ? new[] { "streams", name } : ["per_operation", name];
        return Stat == "fail_pct" ? FailPct(summary, counts) : Num(summary, [.. counts, Stat]);
    }

    /// <summary>Judges <paramref name="run"/> against <paramref name="baseline"/>: whether the rule holds (a regression), the
    /// figure it compared (the value, or the change), and a sentence saying so.</summary>
    public FailOnVerdict Judge(JsonElement baseline, JsonElement run)
    {
        var (before, after) = (Read(baseline), Read(run));
        if (after is not { } a || (Basis != FailOnBasis.Value && before is null))
            return new FailOnVerdict(this, null, before, after, false, $"{Metric} is not in {(after is null ? "the compared run" : "the baseline")}'s summary.json");
        double? compared = Basis switch
        {
            FailOnBasis.Value => a,
            FailOnBasis.AbsoluteChange => a - before!.Value,
            _ => before!.Value == 0 ? (a == 0 ? 0 : null) : (a - before.Value) / Math.Abs(before.Value) * 100,
        };
        if (compared is not { } c)
            return new FailOnVerdict(this, null, before, after, false, $"{Metric} is 0 in the baseline: a relative change is undefined (write an absolute one, e.g. '+5')");
        var holds = Operator switch { ">" => c > Number, ">=" => c >= Number, "<" => c < Number, _ => c <= Number };
        return new FailOnVerdict(this, c, before, after, holds, null);
    }

    public string Metric => Subject.Length == 0 ? Stat : $"{Subject}.{Stat}";

    /// <summary>The unit the compared figure is written in.</summary>
    public string Unit => Basis == FailOnBasis.RelativeChange || Stat == "fail_pct" ? "%" : LatencyStats.Contains(Stat) && Subject.Length > 0 ? "ms" : "";

    public override string ToString() => Text;

    private const string StreamPrefix = "streams.";

    private static bool Has(JsonElement d, string map, string key) =>
        d.TryGetProperty(map, out var m) && m.ValueKind == JsonValueKind.Object && m.TryGetProperty(key, out _);

    private static double? FailPct(JsonElement d, params string[] path)
    {
        var offered = Num(d, [.. path, "offered"]);
        var failed = Num(d, [.. path, "failed"]);
        return offered is > 0 && failed is { } f ? f / offered.Value * 100 : offered == 0 ? 0 : null;
    }

    private static double? Num(JsonElement d, params string[] path)
    {
        var node = d;
        foreach (var p in path)
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(p, out node)) return null;
        return node.ValueKind == JsonValueKind.Number ? node.GetDouble() : null;
    }
}

/// <summary>A rule judged on one run against the baseline.</summary>
/// <param name="Compared">The figure the rule compared: the run's value, or its change (in the unit, or in %); null when it
/// could not be judged (<paramref name="Problem"/> says why).</param>
/// <param name="Holds">The rule holds: a regression.</param>
public sealed record FailOnVerdict(FailOnRule Rule, double? Compared, double? Baseline, double? Value, bool Holds, string? Problem)
{
    /// <summary>One sentence: the rule, the figures, and what it means.</summary>
    public string Describe()
    {
        if (Problem is not null) return $"{Rule.Text}: cannot judge: {Problem}";
        static string F(double? v) => v?.ToString("0.###", CultureInfo.InvariantCulture) ?? "none";
        var unit = Rule.Unit;
        var figure = Rule.Basis switch
        {
            FailOnBasis.Value => $"value {F(Value)}{unit}",
            FailOnBasis.AbsoluteChange => $"{F(Baseline)} → {F(Value)}{unit}, change {(Compared >= 0 ? "+" : "")}{F(Compared)}{unit}",
            _ => $"{F(Baseline)} → {F(Value)}, change {(Compared >= 0 ? "+" : "")}{F(Compared)}%",
        };
        return $"{Rule.Text}: {figure}: {(Holds ? "holds (a regression)" : "does not hold")}";
    }
}
