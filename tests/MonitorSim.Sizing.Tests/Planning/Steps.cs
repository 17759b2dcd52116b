using MonitorSim.Sizing.Planning;
using MonitorSim.Sizing.Usl;

namespace MonitorSim.Sizing.Tests.Planning;

/// <summary>Load steps made up for tests: throughput on a known USL curve, CPU on a known demand line.</summary>
internal static class Steps
{
    public static StepMeasurement Step(int number, double loadFactor, double completed, bool sloHeld = true, double busyCores = 0.5,
        double? generatorCores = null, long? journalRows = null, double alarmP99 = 10, double steady = 20)
    {
        var ops = new Dictionary<string, OperationFigures>
        {
            ["keepalive"] = new(completed * 0.9, completed * 0.9, 0, 1, 1, 2, 5, 8, 300),
            ["alarm"] = new(completed * 0.1, completed * 0.1, 0, 3, 2, 5, alarmP99, alarmP99 * 2, 2000),
        };
        return new StepMeasurement(number, loadFactor, steady, completed, completed, 0, 0, ops,
            busyCores * steady, generatorCores * steady, 1, 0, 0, 10, 200, journalRows, 1,
            [new SloVerdict("alarm.p99 < 250ms", alarmP99, sloHeld)]);
    }

    /// <summary>Steps at load factors start·2^k whose throughput lies on <paramref name="truth"/> and whose CPU is
    /// <paramref name="overhead"/> + X·<paramref name="demand"/>.</summary>
    public static List<StepMeasurement> OnCurve(UslModel truth, int count, double overhead = 0.1, double demand = 5e-6, double generatorShare = 0.2)
    {
        var list = new List<StepMeasurement>();
        for (var i = 0; i < count; i++)
        {
            var lf = Math.Pow(2, i);
            var x = truth.Throughput(lf);
            var busy = overhead + x * demand;
            list.Add(Step(i + 1, lf, x, busyCores: busy, generatorCores: busy * generatorShare, journalRows: (long)(lf * 20 * 10)));
        }
        return list;
    }
}
