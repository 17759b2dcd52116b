using MonitorSim.Load.Results;

namespace MonitorSim.Cli.Commands;

/// <summary>What a command came to, before it is a number.</summary>
public enum Outcome
{
    /// <summary>Every threshold held (run, replay), no rule held (compare), the plan fits (size), or the answer was given.</summary>
    Held,

    /// <summary>A threshold failed, a <c>compare --fail-on</c> rule held, or the design load does not fit.</summary>
    ThresholdFailed,

    /// <summary>A file, option or value is wrong; nothing ran.</summary>
    BadInput,

    /// <summary>The run itself failed: a crash, a cluster that could not form, a store that became unreachable.</summary>
    RunFailed,

    /// <summary>Stopped by Ctrl-C or SIGTERM; the reports were written and say they are partial.</summary>
    Aborted,
}

/// <summary>
/// The one place outcomes become exit codes, for every command (docs/running.md#exit-codes): 0 held, 1 a threshold
/// failed, 2 bad input, 3 the run itself failed, 4 aborted. A pipeline can tell a regression (1) from a broken
/// environment (3) and from a cancelled job (4).
/// </summary>
public static class ExitCodes
{
    public const int Passed = 0;
    public const int ThresholdFailed = 1;
    public const int BadInput = 2;
    public const int RunFailed = 3;
    public const int Aborted = 4;

    public static int Of(Outcome outcome) => outcome switch
    {
        Outcome.Held => Passed,
        Outcome.ThresholdFailed => ThresholdFailed,
        Outcome.BadInput => BadInput,
        Outcome.RunFailed => RunFailed,
        _ => Aborted,
    };

    /// <summary>A finished run's outcome: how it ended comes before its thresholds (a stopped run's thresholds judged a
    /// part of it; a failed run's measured the failure).</summary>
    public static Outcome OutcomeOf(RunResult result) => result.Run.End.Kind switch
    {
        RunEnding.Stopped => Outcome.Aborted,
        RunEnding.Failed => Outcome.RunFailed,
        _ => result.AllThresholdsPassed ? Outcome.Held : Outcome.ThresholdFailed,
    };

    /// <summary>The exit code of a finished run.</summary>
    public static int Of(RunResult result) => Of(OutcomeOf(result));
}
