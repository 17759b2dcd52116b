using MonitorSim.Domain.Operations;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Load.Engine;

/// <summary>The alarm types a stream's alarms are drawn from, as a cumulative distribution: type k is drawn for a uniform
/// u in [c<sub>k−1</sub>, c<sub>k</sub>), with c<sub>k</sub> = (w<sub>1</sub> + … + w<sub>k</sub>) / Σw.</summary>
/// <param name="Cumulative">c<sub>k</sub>, rising to 1.</param>
/// <param name="Types">The alarm type of each share, in the same order.</param>
public sealed record AlarmMix(double[] Cumulative, AlarmType[] Types)
{
    /// <summary>No mix: the stream's operations are not alarms drawn from one.</summary>
    public static AlarmMix None { get; } = new([], []);

    /// <summary>The mix of <paramref name="weights"/> (in any unit: only their ratios count).</summary>
    public static AlarmMix Of(IReadOnlyList<AlarmWeight> weights)
    {
        var cumulative = new double[weights.Count];
        double sum = 0;
        for (var m = 0; m < weights.Count; m++) { sum += weights[m].Weight; cumulative[m] = sum; }
        for (var m = 0; m < cumulative.Length; m++) cumulative[m] /= sum;
        return new AlarmMix(cumulative, weights.Select(w => w.Type).ToArray());
    }

    /// <summary>The alarm type drawn with the uniform number <paramref name="u"/> (the last type for u ≥ the last share,
    /// which rounding may leave just below 1; <see cref="AlarmType.DeskUnattended"/> from an empty mix).</summary>
    public AlarmType Pick(double u)
    {
        for (var i = 0; i < Cumulative.Length; i++) if (u < Cumulative[i]) return Types[i];
        return Types.Length > 0 ? Types[^1] : AlarmType.DeskUnattended;
    }
}
