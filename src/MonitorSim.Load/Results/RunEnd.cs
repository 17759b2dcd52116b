namespace MonitorSim.Load.Results;

/// <summary>How a run ended, apart from its thresholds: a run stopped by a signal or one that failed in itself has
/// figures, but they do not answer the question the scenario asked.</summary>
public enum RunEnding
{
    /// <summary>Ran its course (or an <c>abort</c> threshold stopped it: that is a threshold's verdict).</summary>
    Completed,

    /// <summary>Stopped from outside (Ctrl-C, SIGTERM): the figures cover only what ran.</summary>
    Stopped,

    /// <summary>The run itself failed (its store became unreachable, a crash): the figures measure the failure.</summary>
    Failed,
}

/// <summary>How a run ended and, unless it completed, why.</summary>
public sealed record RunEnd(RunEnding Kind, string? Reason = null)
{
    public static RunEnd Completed { get; } = new(RunEnding.Completed);

    /// <summary>The reports cover only part of what was asked (stopped or failed).</summary>
    public bool Partial => Kind != RunEnding.Completed;

    public string Name => Kind switch
    {
        RunEnding.Stopped => "stopped",
        RunEnding.Failed => "failed",
        _ => "completed",
    };
}
