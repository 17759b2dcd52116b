using MonitorSim.Load.Thresholds;

namespace MonitorSim.Load.Tests.Thresholds;

public sealed class ThresholdExpressionTests
{
    private static (double? Value, bool Passed) Eval(string text, Dictionary<string, double> metrics) =>
        ThresholdExpression.Parse(text).Evaluate(new DictionaryMetricSource(metrics));

    [Theory]
    [InlineData("alarm.p99 < 250ms", ComparisonOperator.LessThan)]
    [InlineData("alarm.p99 <= 250ms", ComparisonOperator.LessThanOrEqual)]
    [InlineData("alarm.p99 > 250ms", ComparisonOperator.GreaterThan)]
    [InlineData("alarm.p99 >= 250ms", ComparisonOperator.GreaterThanOrEqual)]
    [InlineData("alarm.p99 == 250ms", ComparisonOperator.Equal)]
    [InlineData("alarm.p99 != 250ms", ComparisonOperator.NotEqual)]
    public void Each_operator_parses(string text, ComparisonOperator op)
    {
        Assert.Equal(op, ThresholdExpression.Parse(text).Operator);
    }

    [Theory]
    [InlineData("alarm.p99 < 250ms", 249.0, true)]
    [InlineData("alarm.p99 < 250ms", 250.0, false)]
    [InlineData("alarm.p99 <= 250ms", 250.0, true)]
    [InlineData("alarm.p99 <= 250ms", 250.5, false)]
    [InlineData("alarm.p99 > 250ms", 251.0, true)]
    [InlineData("alarm.p99 > 250ms", 250.0, false)]
    [InlineData("alarm.p99 >= 250ms", 250.0, true)]
    [InlineData("alarm.p99 >= 250ms", 249.9, false)]
    [InlineData("alarm.p99 == 250ms", 250.0, true)]
    [InlineData("alarm.p99 == 250ms", 251.0, false)]
    [InlineData("alarm.p99 != 250ms", 251.0, true)]
    [InlineData("alarm.p99 != 250ms", 250.0, false)]
    public void Each_operator_compares_the_measured_value_with_the_limit(string text, double measured, bool passed)
    {
        Assert.Equal((measured, passed), Eval(text, new() { ["alarm.p99"] = measured }));
    }

    [Theory]
    [InlineData("alarm.p99 < 1s", 1000.0, ThresholdUnit.Seconds)]
    [InlineData("alarm.p99 < 1.5s", 1500.0, ThresholdUnit.Seconds)]
    [InlineData("alarm.p99 < 250ms", 250.0, ThresholdUnit.Milliseconds)]
    [InlineData("alarm.p99 < 500us", 0.5, ThresholdUnit.Microseconds)]
    [InlineData("alarm.p99 < 250", 250.0, ThresholdUnit.None)]
    [InlineData("alarm.fail_pct < 1%", 1.0, ThresholdUnit.Percent)]
    [InlineData("fail_pct <= 0.5 %", 0.5, ThresholdUnit.Percent)]
    public void Units_convert_times_to_milliseconds_and_keep_percentages(string text, double limit, ThresholdUnit unit)
    {
        var e = ThresholdExpression.Parse(text);

        Assert.Equal(limit, e.Limit, 9);
        Assert.Equal(unit, e.Unit);
    }

    [Fact]
    public void A_dotted_key_keeps_every_segment_but_the_last()
    {
        var e = ThresholdExpression.Parse("alarm.point_to_platform.p99 < 40ms");

        Assert.Equal(("alarm.point_to_platform", "p99"), (e.Key, e.Stat));
        Assert.Equal((35.0, true), Eval(e.Text, new() { ["alarm.point_to_platform.p99"] = 35 }));
    }

    [Fact]
    public void A_top_level_metric_is_asked_for_with_an_empty_key()
    {
        var source = new DictionaryMetricSource(new() { ["dropped"] = 0 });

        var result = ThresholdExpression.Parse("dropped == 0").Evaluate(source);

        Assert.Equal((0.0, true), result);
        Assert.Equal([("", "dropped")], source.Asked);
    }

    [Fact]
    public void An_unmeasured_metric_fails_with_no_value()
    {
        Assert.Equal(((double?)null, false), Eval("alarm.p99 < 250ms", new() { ["keepalive.p99"] = 1 }));
        Assert.Equal(((double?)null, false), Eval("timed_out == 0", []));
    }

    [Fact]
    public void Whitespace_around_the_parts_is_optional()
    {
        var e = ThresholdExpression.Parse("  throughput_ops>=1000  ");

        Assert.Equal(("", "throughput_ops", ComparisonOperator.GreaterThanOrEqual, 1000.0), (e.Key, e.Stat, e.Operator, e.Limit));
        Assert.Equal("throughput_ops>=1000", e.Text);
    }

    [Theory]
    [InlineData("alarm.p9x < 250ms", 7, "unknown statistic 'p9x'")]
    [InlineData("latency < 250ms", 1, "unknown metric 'latency'")]
    [InlineData("alarm..p99 < 1ms", 7, "empty segment")]
    [InlineData("alarm.p99 250ms", 11, "expected a comparison")]
    [InlineData("alarm.p99 = 250ms", 11, "use '=='")]
    [InlineData("alarm.p99 < fast", 13, "expected a number")]
    [InlineData("alarm.p99 <", 12, "expected a number")]
    [InlineData("alarm.p99 < 250xs", 16, "unknown unit 'xs'")]
    [InlineData("alarm.p99 < 250ms or more", 19, "unexpected")]
    [InlineData("alarm.count < 5ms", 16, "time unit")]
    [InlineData("alarm.p99 < 5%", 14, "'%'")]
    [InlineData("Alarm.p99 < 5ms", 1, "lower case")]
    [InlineData("", 1, "expected a metric")]
    public void A_malformed_threshold_names_the_column_of_the_problem(string text, int column, string reason)
    {
        var ex = Assert.Throws<ThresholdParseException>(() => ThresholdExpression.Parse(text));

        Assert.Equal(column, ex.Column);
        Assert.Contains(reason, ex.Reason);
        Assert.Contains($"column {column}", ex.Message);
    }

    [Theory]
    [InlineData("alarm.p99 < 250ms", true)]
    [InlineData("keepalive.mean <= 2s", true)]
    [InlineData("alarm.point_to_platform.max < 900us", true)]
    [InlineData("alarm.p99 > 5ms", false)] // a floor, not a ceiling
    [InlineData("timed_out == 0", false)]
    [InlineData("alarm.fail_pct < 0.1%", false)]
    [InlineData("throughput_ops >= 1000", false)]
    [InlineData("alarm.timed_out < 3", false)]
    public void A_ceiling_on_a_percentile_mean_or_maximum_is_a_latency_objective_and_counts_shares_and_rates_are_not(string text, bool latency)
    {
        Assert.Equal(latency, ThresholdExpression.Parse(text).IsLatencyCeiling);
    }
}
