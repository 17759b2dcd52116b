namespace MonitorSim.Sizing.Search;

/// <summary>
/// A capacity search's answer: the capacity lies between <see cref="PassedLoad"/> (the highest load that passed every
/// repeat it needed) and <see cref="FailedLoad"/> (the lowest load that failed as often as fails a load).
/// </summary>
/// <param name="PassedLoad">Highest load that passed <see cref="SearchSettings.BoundaryRepeats"/> trials and failed fewer
/// than <see cref="SearchSettings.FailuresToFail"/>;
/// null when none did (the capacity is below <see cref="SearchSettings.MinLoad"/>, or the budget ran out first).</param>
/// <param name="FailedLoad">Lowest load that failed <see cref="SearchSettings.FailuresToFail"/> trials; null when none did (the capacity is above the highest tried).</param>
/// <param name="Converged">Whether the interval came within the resolution with its lower end confirmed.</param>
/// <param name="StopReason">Why the search ended, in words.</param>
/// <param name="Trail">Every trial, in the order run.</param>
public sealed record SearchResult(
    double? PassedLoad,
    double? FailedLoad,
    bool Converged,
    string StopReason,
    IReadOnlyList<SearchTrial> Trail)
{
    /// <summary>FailedLoad / PassedLoad − 1: the interval's relative width; null when either end is missing.</summary>
    public double? Width => PassedLoad is { } p && FailedLoad is { } f ? f / p - 1 : null;

    /// <summary>How <see cref="PassedLoad"/> stands, in words: "passed every repeat it needed" where the search converged;
    /// otherwise its own record in the trail ("passed 1 of its 2 trials"), since a search that ended otherwise (its budget,
    /// a stop, its ceiling) may have left it unconfirmed, and a report must not claim repeats that were not run; why the
    /// search ended is its <see cref="StopReason"/>.</summary>
    public string PassedRecord
    {
        get
        {
            if (PassedLoad is not { } p) return "no load passed";
            if (Converged) return "passed every repeat it needed";
            var (passes, trials) = (Trail.Count(t => t.Load == p && t.Passed), Trail.Count(t => t.Load == p));
            return trials == 0 ? "passed (its trials are not in the trail)"
                : passes == trials ? $"passed {(trials == 1 ? "its only trial" : $"all {trials} of its trials")}"
                : $"passed {passes} of its {trials} trials";
        }
    }

    /// <summary>The geometric middle of the interval, √(passed·failed): the point estimate; null when either end is missing.</summary>
    public double? Middle => PassedLoad is { } p && FailedLoad is { } f ? Math.Sqrt(p * f) : null;
}
