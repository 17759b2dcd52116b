using System.Globalization;
using System.Text.RegularExpressions;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Storage;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Thresholds;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

using MonitorSim.Load.Results;

namespace MonitorSim.Load.Scenarios;

/// <summary>The <c>thresholds:</c> and <c>percentiles:</c> sections, and the check that every threshold's percentile is
/// reported.</summary>
internal sealed partial class ScenarioReader
{
    private List<ThresholdDefinition> ReadThresholds(YamlNode node)
    {
        var result = new List<ThresholdDefinition>();
        if (IsNull(node) || Sequence(node, "thresholds") is not { } seq) return result;
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var path = $"thresholds[{i}]";
            var item = seq.Children[i];
            var abort = false;
            // A threshold is a string, or { expr: "...", abort: true } to stop the run as soon as it fails.
            if (item is YamlMappingNode map)
            {
                var keys = Keys(map, path, ["expr", "abort"]);
                if (keys.TryGetValue("abort", out var abortNode)) abort = ReadBool(abortNode, $"{path}.abort") ?? false;
                if (Required(map, keys, path, "expr") is not { } exprNode) continue;
                item = exprNode;
                path = $"{path}.expr";
            }
            if (ReadString(item, path) is not { } text) continue;
            var scalar = (YamlScalarNode)item;
            // Quotes are not part of the value, so the expression starts one column after the scalar does.
            var firstColumn = Column(item.Start) + (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0);
            try
            {
                result.Add(new ThresholdDefinition(text, ThresholdExpression.Parse(text), Line(item.Start), firstColumn, abort));
            }
            catch (ThresholdParseException e)
            {
                _errors.Add(new ScenarioError(file, Line(item.Start), firstColumn + e.Column - 1, path, $"{e.Reason} in '{text}'"));
            }
        }
        return result;
    }

    /// <summary>A threshold on a percentile nobody reports could never pass: name it where it stands.</summary>
    private void CheckThresholdPercentiles(List<ThresholdDefinition> thresholds, List<double> percentiles)
    {
        var reported = LatencyStats.Standard.Concat(percentiles).Select(LatencyStats.KeyOf).ToHashSet();
        for (var i = 0; i < thresholds.Count; i++)
        {
            var t = thresholds[i];
            var stat = t.Expression.Stat;
            if (stat.Length < 2 || stat[0] != 'p' || !char.IsAsciiDigit(stat[1]) || reported.Contains(stat)) continue;
            var column = t.Column + t.Text.IndexOf("." + stat, StringComparison.Ordinal) + 1;
            _errors.Add(new ScenarioError(file, t.Line, column, $"thresholds[{i}]",
                $"unknown statistic '{stat}' in '{t.Text}': this run reports {string.Join(", ", reported.Order())}; add its percentile under 'percentiles' to report it"));
        }
    }

    private List<double> ReadPercentiles(YamlNode node)
    {
        var result = new List<double>();
        if (IsNull(node) || Sequence(node, "percentiles") is not { } seq) return result;
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var path = $"percentiles[{i}]";
            if (ReadDouble(seq.Children[i], path, min: 0, exclusiveMin: true) is not { } p) continue;
            if (p >= 100) Error(seq.Children[i], path, $"must be below 100, got {p.ToString(CultureInfo.InvariantCulture)}");
            // The standard four are always reported; asking for them again adds nothing.
            else if (!LatencyStats.Standard.Contains(p) && !result.Contains(p)) result.Add(p);
        }
        return result;
    }
}
