using MonitorSim.Load.Engine;

namespace MonitorSim.Load.Scenarios;

/// <summary>
/// What a threshold's name refers to. A name is looked up among the run's operations first (what <c>per_operation</c>
/// and <c>latency_ms</c> report: operation kinds, self-test targets, composites and their steps, alarm hops), then among
/// its streams (the <c>workload</c>'s names, <c>streams</c> in summary.json): <c>morning_alarms.p99</c> names a stream.
/// A stream named after the operation it carries (stream <c>alarm</c> of kind alarm) shares that name with the operation,
/// which then means every stream of that operation together, as it always has; <c>streams.alarm.p99</c> names the stream
/// alone. A stream named after another operation the run also reports (stream <c>keepalive</c> carrying alarms beside a
/// keepalive stream) makes the bare name ambiguous: a threshold using it is refused, and so is a stream that takes a
/// built-in stream's name (<c>boot</c>, <c>reregistration</c>).
/// </summary>
internal sealed partial class ScenarioReader
{
    /// <summary>The prefix that names a stream explicitly in a threshold (<c>streams.morning_alarms.p99</c>).</summary>
    internal const string StreamPrefix = "streams.";

    private void CheckThresholdNames(List<ThresholdDefinition> thresholds, List<StreamDefinition> streams)
    {
        var usesTree = streams.Any(s => s.UsesTree);
        // Every stream of the run and the operation it reports under: the scenario's, and the tree's built-in ones.
        var streamOperation = new Dictionary<string, string>();
        for (var i = 0; i < streams.Count; i++)
        {
            var s = streams[i];
            if (usesTree && s.Name is LoadPlanner.BootStream or LoadPlanner.ReregisterStream)
                _errors.Add(new ScenarioError(file, s.Line, 1, $"scenarios[{i}].name",
                    $"'{s.Name}' is the name of a built-in stream of the tree's cameras; choose another"));
            streamOperation[s.Name] = s.OperationName;
        }
        if (usesTree)
        {
            streamOperation.TryAdd(LoadPlanner.BootStream, OperationNames.Of(Domain.Operations.OperationKind.Registration));
            streamOperation.TryAdd(LoadPlanner.ReregisterStream, OperationNames.Of(Domain.Operations.OperationKind.Registration));
        }
        var operations = streamOperation.Values.Append("generator_lag").ToHashSet();

        for (var i = 0; i < thresholds.Count; i++)
        {
            var t = thresholds[i];
            var key = t.Expression.Key;
            if (key.StartsWith(StreamPrefix, StringComparison.Ordinal))
            {
                var name = key[StreamPrefix.Length..];
                if (!streamOperation.ContainsKey(name))
                    _errors.Add(new ScenarioError(file, t.Line, t.Column, $"thresholds[{i}]",
                        $"no stream named '{name}' in '{t.Text}' (streams: {string.Join(", ", streamOperation.Keys)})"));
                continue;
            }
            if (streamOperation.TryGetValue(key, out var carried) && carried != key && operations.Contains(key))
            {
                var carriers = streamOperation.Where(p => p.Value == key).Select(p => p.Key);
                _errors.Add(new ScenarioError(file, t.Line, t.Column, $"thresholds[{i}]",
                    $"'{key}' in '{t.Text}' is both a stream (of {carried}) and an operation (of stream {string.Join(", ", carriers)}): " +
                    $"write {StreamPrefix}{key}.{t.Expression.Stat} for the stream, or rename it"));
            }
        }
    }
}
