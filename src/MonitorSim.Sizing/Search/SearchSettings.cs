using System.Globalization;

namespace MonitorSim.Sizing.Search;

/// <summary>How a capacity search runs (RFC 2544 §26.1 / RFC 8219 binary search, with MLRsearch's repeated boundary
/// trials).</summary>
/// <param name="StartLoad">Load of the first trial, &gt; 0 (a load factor: the multiple of the scenario's rates).</param>
/// <param name="Resolution">The search ends when the lowest failing load is within this share above the highest passing one
/// (0.05: the interval is at most 5 % wide).</param>
/// <param name="BoundaryRepeats">How many trials the highest passing load must pass before it counts as passed.</param>
/// <param name="MaxLoad">The search never offers more: reaching it passing ends the search with the capacity "above".</param>
/// <param name="MinLoad">Nor less: failing at it ends the search with the capacity "below".</param>
/// <param name="MaxTrials">The search ends here whatever the bracket (a budget, not a result).</param>
/// <param name="BracketFactor">While every trial passed (or every one failed), the next trial's load is this multiple (or
/// fraction) of the last: 2 doubles, as RFC 2544 does. A larger factor reaches a high capacity in fewer trials and pays
/// for it with more bisections of a wider bracket (from load factor 1 to a capacity near 1,500 at 10 %: 16 trials at 2,
/// 10 at 8), and leaves fewer light loads for the predictions.</param>
/// <param name="FailuresToFail">How many failed trials make a load failed. 1 is RFC 2544's rule: a threshold broken once
/// fails the load. 2 (the default) runs a load again after its first failure if that failure still bounds the answer once
/// the bracket is within the resolution, and fails it on a second: one window disturbed by something outside the system
/// under test (a fresh process still compiling, a collection in the load generator, a neighbour on a shared machine) then
/// cannot set the capacity, and the answer's upper end costs one trial more. The highest passing load may so have failed
/// fewer trials than this besides its passes, and the report's trail shows each.</param>
/// <param name="MaxDuration">The search starts no trial that would end past this time from its start (null: no bound),
/// judging a trial's length by the longest so far; a budget, not a result, like <paramref name="MaxTrials"/>.</param>
public sealed record SearchSettings(
    double StartLoad,
    double Resolution = SearchSettings.DefaultResolution,
    int BoundaryRepeats = SearchSettings.DefaultRepeats,
    double MaxLoad = 1e6,
    double MinLoad = SearchSettings.DefaultMinLoad,
    int MaxTrials = SearchSettings.DefaultMaxTrials,
    double BracketFactor = SearchSettings.DefaultBracketFactor,
    int FailuresToFail = SearchSettings.DefaultFailuresToFail,
    TimeSpan? MaxDuration = null)
{
    public const double DefaultBracketFactor = 2;
    public const double DefaultResolution = 0.05;
    public const int DefaultRepeats = 3;
    public const int DefaultMaxTrials = 30;
    public const double DefaultMinLoad = 1e-3;
    public const int DefaultFailuresToFail = 2;

    /// <summary>What is wrong with the settings, or null.</summary>
    public string? Problem() => Check()?.Text;

    /// <summary>The first setting that is wrong (its parameter's name, e.g. <c>nameof(Resolution)</c>) and what is wrong
    /// with it, or null: so that a command names its own option for the setting the message is about.</summary>
    public (string Setting, string Text)? Check() =>
        !(double.IsFinite(StartLoad) && StartLoad > 0) ? (nameof(StartLoad), $"the first trial's load must be > 0, got {Show(StartLoad)}")
        : !(Resolution is > 0.001 and <= 1) ? (nameof(Resolution), $"the resolution must lie in (0.001, 1] (0.05 = 5 %), got {Show(Resolution)}")
        : BoundaryRepeats is < 1 or > 20 ? (nameof(BoundaryRepeats), $"the boundary repeats must be 1 to 20, got {BoundaryRepeats}")
        : !(double.IsFinite(MinLoad) && MinLoad > 0 && MinLoad <= StartLoad) ? (nameof(MinLoad), $"the lowest load must be > 0 and at most the first trial's ({Show(StartLoad)}), got {Show(MinLoad)}")
        : !(double.IsFinite(MaxLoad) && MaxLoad >= StartLoad) ? (nameof(MaxLoad), $"the highest load must be at least the first trial's ({Show(StartLoad)}), got {Show(MaxLoad)}")
        : MaxTrials is < 2 or > 200 ? (nameof(MaxTrials), $"the trial budget must be 2 to 200, got {MaxTrials}")
        : !(BracketFactor is >= 1.1 and <= 64) ? (nameof(BracketFactor), $"the bracket's growth factor must be 1.1 to 64 (2 doubles), got {Show(BracketFactor)}")
        : FailuresToFail is < 1 or > 5 ? (nameof(FailuresToFail), $"the failed trials that fail a load must be 1 to 5, got {FailuresToFail}")
        : MaxDuration is { } d && d <= TimeSpan.Zero ? (nameof(MaxDuration), $"the search's time budget must be > 0, got {d}")
        : null;

    internal static string Show(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
