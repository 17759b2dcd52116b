namespace MonitorSim.Sizing.Search;

/// <summary>Why the search chose a trial's load.</summary>
public enum SearchPhase
{
    /// <summary>Doubling up (or halving down) until a load passes and a higher one fails.</summary>
    Bracket,

    /// <summary>Halving the bracket (geometric midpoint) until it is within the resolution.</summary>
    Bisect,

    /// <summary>Running the highest passing load again, until it has passed every repeat or failed as often as fails a
    /// load.</summary>
    Repeat,

    /// <summary>Running a load again at once after its first failed trial, before that failure counts
    /// (<see cref="SearchSettings.FailuresToFail"/> above 1).</summary>
    Recheck,
}

/// <summary>What the search asks the trial runner for: one trial at <paramref name="Load"/>.</summary>
/// <param name="Number">1-based, in the order trials run.</param>
/// <param name="PassedBelow">The bracket before this trial: the highest load passing every trial so far (null: none yet).</param>
/// <param name="FailedAbove">The lowest failed load (null: none yet).</param>
public sealed record TrialRequest(int Number, double Load, SearchPhase Phase, double? PassedBelow, double? FailedAbove);

/// <summary>What a trial found: whether every threshold held, and if not which broke (e.g. "alarm.p99 &lt; 250ms: 312 ms").</summary>
public sealed record TrialVerdict(bool Passed, IReadOnlyList<string> Broken)
{
    public static TrialVerdict Pass { get; } = new(true, []);

    public static TrialVerdict Fail(params string[] broken) => new(false, broken);
}

/// <summary>One trial of the search's trail: what was asked, what it found, and the bracket after it.</summary>
/// <param name="PassedBelow">After this trial: the highest load passing every trial so far (null: none).</param>
/// <param name="FailedAbove">After this trial: the lowest failed load (null: none).</param>
public sealed record SearchTrial(int Number, double Load, SearchPhase Phase, bool Passed, IReadOnlyList<string> Broken, double? PassedBelow, double? FailedAbove);
