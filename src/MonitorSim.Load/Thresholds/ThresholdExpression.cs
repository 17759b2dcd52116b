using System.Globalization;

namespace MonitorSim.Load.Thresholds;

/// <summary>A parsed pass/fail rule such as <c>alarm.point_to_platform.p99 &lt; 250ms</c> or <c>dropped == 0</c>.</summary>
public sealed class ThresholdExpression
{
    /// <summary>Statistics a dotted metric may end in.</summary>
    public static IReadOnlyList<string> Stats { get; } =
        ["count", "mean", "p50", "p90", "p99", "p999", "max", "clipped", "fail_pct", "timed_out_pct", "completed", "failed", "timed_out", "offered",
            "dropped", "rate", "bytes_sent", "bytes_received"];

    /// <summary>Metrics that stand alone, without a key.</summary>
    public static IReadOnlyList<string> TopLevelMetrics { get; } =
        ["dropped", "failed", "timed_out", "throughput_ops", "fail_pct", "timed_out_pct", "offered", "completed", "bytes_sent", "bytes_received",
            "alarms_lost", "supervision_lost"];

    private static readonly HashSet<string> LatencyStats = ["mean", "p50", "p90", "p99", "p999", "max"];

    private ThresholdExpression(string text, string key, string stat, ComparisonOperator op, double number, ThresholdUnit unit)
    {
        Text = text;
        Key = key;
        Stat = stat;
        Operator = op;
        Number = number;
        Unit = unit;
        Limit = unit switch
        {
            ThresholdUnit.Microseconds => number / 1000.0,
            ThresholdUnit.Seconds => number * 1000.0,
            _ => number,
        };
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>Everything before the last dot (e.g. <c>alarm.point_to_platform</c>); empty for a top-level metric.</summary>
    public string Key { get; }

    /// <summary>The last dot-segment (e.g. <c>p99</c>), or the whole name of a top-level metric.</summary>
    public string Stat { get; }

    /// <summary>The metric as written: <c>Key.Stat</c>, or <c>Stat</c> alone when top-level.</summary>
    public string Metric => Key.Length == 0 ? Stat : $"{Key}.{Stat}";

    /// <summary>The comparison.</summary>
    public ComparisonOperator Operator { get; }

    /// <summary>The number as written, before unit conversion.</summary>
    public double Number { get; }

    /// <summary>The unit as written.</summary>
    public ThresholdUnit Unit { get; }

    /// <summary>The limit compared against the metric: time units converted to milliseconds, anything else as written.</summary>
    public double Limit { get; }

    /// <summary>A ceiling on a latency (<c>alarm.p99 &lt; 250ms</c>: a percentile, the mean or the maximum, held below
    /// <see cref="Limit"/> milliseconds), as against a count, a share or a rate.</summary>
    public bool IsLatencyCeiling => LatencyStats.Contains(Stat) && Operator is ComparisonOperator.LessThan or ComparisonOperator.LessThanOrEqual;

    /// <summary>Parses <c>&lt;metric&gt; &lt;op&gt; &lt;number&gt;[unit]</c> or throws <see cref="ThresholdParseException"/> pointing at the offending column.</summary>
    public static ThresholdExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pos = SkipSpaces(text, 0);

        var metricStart = pos;
        while (pos < text.Length && IsMetricChar(text[pos])) pos++;
        if (pos == metricStart)
            throw Fail(text, pos, pos < text.Length
                ? $"expected a metric name (e.g. alarm.p99), found '{text[pos]}'"
                : "expected a metric name (e.g. alarm.p99)");
        var (key, stat) = SplitMetric(text, metricStart, pos);

        pos = SkipSpaces(text, pos);
        var op = ReadOperator(text, ref pos);

        pos = SkipSpaces(text, pos);
        var numberStart = pos;
        if (pos < text.Length && text[pos] == '-') pos++;
        var digitsStart = pos;
        while (pos < text.Length && char.IsAsciiDigit(text[pos])) pos++;
        if (pos == digitsStart)
            throw Fail(text, numberStart, pos < text.Length ? $"expected a number, found '{text[pos]}'" : "expected a number");
        if (pos < text.Length && text[pos] == '.')
        {
            pos++;
            var fractionStart = pos;
            while (pos < text.Length && char.IsAsciiDigit(text[pos])) pos++;
            if (pos == fractionStart) throw Fail(text, pos, "expected digits after the decimal point");
        }
        var number = double.Parse(text.AsSpan(numberStart, pos - numberStart), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

        pos = SkipSpaces(text, pos);
        var unitStart = pos;
        while (pos < text.Length && (char.IsAsciiLetter(text[pos]) || text[pos] == '%')) pos++;
        var unit = ReadUnit(text, unitStart, pos, stat);

        pos = SkipSpaces(text, pos);
        if (pos < text.Length) throw Fail(text, pos, $"unexpected '{text[pos..]}' after the threshold");

        return new ThresholdExpression(text.Trim(), key, stat, op, number, unit);
    }

    /// <summary>Reads the metric from <paramref name="source"/> and compares it; a metric that was not measured fails with a null value.</summary>
    public (double? Value, bool Passed) Evaluate(IMetricSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var value = source.Get(Key, Stat);
        if (value is not { } v || double.IsNaN(v)) return (value, false);
        var passed = Operator switch
        {
            ComparisonOperator.LessThan => v < Limit,
            ComparisonOperator.LessThanOrEqual => v <= Limit,
            ComparisonOperator.GreaterThan => v > Limit,
            ComparisonOperator.GreaterThanOrEqual => v >= Limit,
            ComparisonOperator.Equal => v == Limit,
            _ => v != Limit,
        };
        return (v, passed);
    }

    public override string ToString() => Text;

    private static (string Key, string Stat) SplitMetric(string text, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (char.IsAsciiLetterUpper(text[i])) throw Fail(text, i, "metric names are lower case");
            var segmentIsEmpty = text[i] == '.' && (i == start || text[i - 1] == '.' || i == end - 1);
            if (segmentIsEmpty) throw Fail(text, i == end - 1 && i != start ? i + 1 : i, "empty segment in metric name");
        }

        var metric = text[start..end];
        var lastDot = metric.LastIndexOf('.');
        if (lastDot < 0)
        {
            if (!TopLevelMetrics.Contains(metric))
                throw Fail(text, start, $"unknown metric '{metric}': write key.stat (e.g. {metric}.p99) or one of {string.Join(", ", TopLevelMetrics)}");
            return ("", metric);
        }

        var stat = metric[(lastDot + 1)..];
        if (!Stats.Contains(stat) && !IsPercentile(stat))
            throw Fail(text, start + lastDot + 1, $"unknown statistic '{stat}' (known: {string.Join(", ", Stats)}, or any percentile the scenario lists, e.g. p9999)");
        return (metric[..lastDot], stat);
    }

    /// <summary>p followed by digits: a percentile key (p75, p9999), reported when the scenario lists it.</summary>
    private static bool IsPercentile(string stat) => stat.Length > 1 && stat[0] == 'p' && stat.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;

    private static ComparisonOperator ReadOperator(string text, ref int pos)
    {
        var rest = text.AsSpan(pos);
        (ComparisonOperator Op, int Length)? found =
            rest.StartsWith("<=") ? (ComparisonOperator.LessThanOrEqual, 2)
            : rest.StartsWith(">=") ? (ComparisonOperator.GreaterThanOrEqual, 2)
            : rest.StartsWith("==") ? (ComparisonOperator.Equal, 2)
            : rest.StartsWith("!=") ? (ComparisonOperator.NotEqual, 2)
            : rest.StartsWith("<") ? (ComparisonOperator.LessThan, 1)
            : rest.StartsWith(">") ? (ComparisonOperator.GreaterThan, 1)
            : null;
        if (found is { } f)
        {
            pos += f.Length;
            return f.Op;
        }
        if (rest.StartsWith("=")) throw Fail(text, pos, "use '==' to test equality");
        throw Fail(text, pos, pos < text.Length
            ? $"expected a comparison (<, <=, >, >=, ==, !=), found '{text[pos]}'"
            : "expected a comparison (<, <=, >, >=, ==, !=)");
    }

    private static ThresholdUnit ReadUnit(string text, int start, int end, string stat)
    {
        var unit = text[start..end] switch
        {
            "" => ThresholdUnit.None,
            "us" => ThresholdUnit.Microseconds,
            "ms" => ThresholdUnit.Milliseconds,
            "s" => ThresholdUnit.Seconds,
            "%" => ThresholdUnit.Percent,
            var other => throw Fail(text, start, $"unknown unit '{other}' (use us, ms, s or %)"),
        };
        // A unit that cannot apply to the metric is almost always a slip (e.g. "alarm.count < 5ms"), so it is rejected rather than ignored.
        var isTime = unit is ThresholdUnit.Microseconds or ThresholdUnit.Milliseconds or ThresholdUnit.Seconds;
        if (isTime && !LatencyStats.Contains(stat) && !IsPercentile(stat))
            throw Fail(text, start, $"a time unit does not apply to '{stat}' (only to {string.Join(", ", LatencyStats)})");
        if (unit == ThresholdUnit.Percent && stat is not ("fail_pct" or "timed_out_pct"))
            throw Fail(text, start, $"'%' does not apply to '{stat}' (only to fail_pct and timed_out_pct)");
        return unit;
    }

    private static bool IsMetricChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';

    private static int SkipSpaces(string text, int pos)
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
        return pos;
    }

    private static ThresholdParseException Fail(string text, int index, string reason) => new(text, index + 1, reason);
}
