using MonitorSim.Domain.Operations;
using MonitorSim.Load.Engine;

namespace MonitorSim.Load.Replay;

/// <summary>
/// The run's streams for a replay: one per event type a log can hold, named like the operation (so the scenario's
/// thresholds, e.g. <c>alarm.p99 &lt; 250ms</c>, and every report read as for <c>run</c>), all fed by one
/// <see cref="ReplayArrivals"/> that keeps the log's order. The streams count iterations, so the run ends when the log
/// is done and every answer is in, and they wait at their in-flight cap instead of dropping.
/// </summary>
public static class ReplayPlanner
{
    /// <summary>Builds the plans; <paramref name="arrivals"/> is made from the routes (kind → stream index) they need.</summary>
    public static IReadOnlyList<StreamPlan> Plan(string logName, ReplaySettings settings, Func<int[], ReplayArrivals> arrivals)
    {
        var routes = Enumerable.Repeat(-1, Enum.GetValues<OperationKind>().Length).ToArray();
        for (var i = 0; i < LogEvents.Replayable.Length; i++) routes[(int)LogEvents.Replayable[i]] = i;
        var sequence = arrivals(routes);
        var pace = settings.Speed is { } s ? $"at {s:0.###}× the log's pace" : "at maximum speed";
        return LogEvents.Replayable.Select((kind, i) => new StreamPlan(
            OperationNames.Of(kind), kind, new StreamSchedule(i == 0 ? [sequence] : [], CountsIterations: true), 0,
            $"{OperationNames.Of(kind)} events of {logName}, replayed {pace}",
            LogEvents.AboutPoint(kind) ? PopulationKind.Point : PopulationKind.Camera, AlarmMix.None,
            new InFlightRules(settings.MaxInFlight, WaitWhenFull: true))).ToList();
    }
}
