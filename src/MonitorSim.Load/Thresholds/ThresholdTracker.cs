using System.Globalization;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Load.Thresholds;

/// <summary>
/// Checks a scenario's thresholds on the figures so far at every reporting interval after the warm-up, and once more on
/// the final figures. The verdict is the final check's (figures early in a run describe a few samples, and a threshold
/// such as <c>stall.p99 &gt;= 500ms</c> is about the whole run), but the interval checks are kept: the result says how many
/// failed and when the first did, so a failure rate that spiked mid-run and was diluted by the end is still visible. A
/// threshold marked <c>abort</c> stops the run at its first failed check, and then fails. A metric with no samples yet is
/// not checked.
/// </summary>
public sealed class ThresholdTracker(IReadOnlyList<ThresholdDefinition> thresholds)
{
    private readonly int[] _checks = new int[thresholds.Count];
    private readonly int[] _failed = new int[thresholds.Count];
    private readonly double?[] _firstFailedAt = new double?[thresholds.Count];
    private readonly double?[] _lastValue = new double?[thresholds.Count];
    private readonly bool[] _lastPassed = new bool[thresholds.Count];
    private int _aborting = -1;

    public bool Any => thresholds.Count > 0;

    /// <summary>Checks every threshold at run time <paramref name="atS"/> (seconds since the start); returns why the run must
    /// stop (an <c>abort</c> threshold failed), or null.</summary>
    public string? Check(IMetricSource metrics, double atS)
    {
        string? abort = null;
        for (var i = 0; i < thresholds.Count; i++)
        {
            var t = thresholds[i];
            var (value, passed) = t.Expression.Evaluate(metrics);
            if (value is null) continue;
            _checks[i]++;
            _lastValue[i] = value;
            _lastPassed[i] = passed;
            if (passed) continue;
            _failed[i]++;
            _firstFailedAt[i] ??= atS;
            if (t.Abort && abort is null)
            {
                _aborting = i;
                abort = $"threshold '{t.Text}' failed at t={atS.ToString("0.0", CultureInfo.InvariantCulture)}s (value {value.Value.ToString("0.###", CultureInfo.InvariantCulture)})";
            }
        }
        return abort;
    }

    /// <summary>Each threshold as its last interval check left it (the live dashboard's green or red): its value and
    /// verdict then, how many checks failed and when the first did; not yet checked (no samples, or still in the
    /// warm-up): value null, passed, no checks.</summary>
    public IReadOnlyList<ThresholdResult> Current()
    {
        var results = new List<ThresholdResult>(thresholds.Count);
        for (var i = 0; i < thresholds.Count; i++)
        {
            var t = thresholds[i];
            var rounded = _lastValue[i] is { } v ? Math.Round(v, 3) : (double?)null;
            results.Add(new ThresholdResult(t.Text, rounded, _checks[i] == 0 || _lastPassed[i], null, _checks[i], _failed[i], _firstFailedAt[i]));
        }
        return results;
    }

    /// <summary>The verdicts on the final figures, with what the interval checks saw.</summary>
    public IReadOnlyList<ThresholdResult> Finish(IMetricSource final, string? abortedBy)
    {
        var results = new List<ThresholdResult>(thresholds.Count);
        for (var i = 0; i < thresholds.Count; i++)
        {
            var t = thresholds[i];
            var (value, passedAtEnd) = t.Expression.Evaluate(final);
            var rounded = value is { } v ? Math.Round(v, 3) : (double?)null;
            var checks = _checks[i] + (value is null ? 0 : 1);
            var failed = _failed[i] + (value is not null && !passedAtEnd ? 1 : 0);
            string? note = null;
            if (i == _aborting) note = $"aborted the run: {abortedBy}";
            else if (value is null) note = $"no such metric in this run: {t.Expression.Metric}";
            else if (_failed[i] > 0)
                note = $"{(passedAtEnd ? "held at the end; " : "")}failed {_failed[i]} of {_checks[i]} interval checks, first at t={_firstFailedAt[i]!.Value.ToString("0.0", CultureInfo.InvariantCulture)}s";
            results.Add(new ThresholdResult(t.Text, rounded, value is not null && passedAtEnd && i != _aborting, note, checks, failed, _firstFailedAt[i]));
        }
        return results;
    }
}
