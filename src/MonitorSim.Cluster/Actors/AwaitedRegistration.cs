using System.Diagnostics;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// A registration with the level above that awaits its answer. While one does, the level above's refusals of messages
/// sent before it (each keepalive and report of the old session that was in flight) must not start another: the level
/// above answers in the order it is told, and each new registration would start a re-sync of its own. One that went
/// unanswered past its answer timeout (lost on the way, the level above down again) is not waited for. Shared
/// by a platform's registration with its city (<see cref="CityUplink"/>) and a city's with its province
/// (<see cref="ProvinceLink"/>). Mutable: keep it in a field, not a readonly one.
/// </summary>
/// <param name="answerTimeout">How long a registration awaits its answer before another may go.</param>
internal struct AwaitedRegistration(TimeSpan answerTimeout)
{
    /// <summary>When the registration now awaited went (a <see cref="Stopwatch"/> timestamp); 0 if none is awaited.</summary>
    private long _sentAt;

    /// <summary>Whether a registration went and has not been answered (overdue or not).</summary>
    public readonly bool IsAwaited => _sentAt != 0;

    /// <summary>Whether a registration went less than the answer timeout ago and has not been answered: another
    /// must not go yet.</summary>
    public readonly bool IsPending => _sentAt != 0 && Stopwatch.GetElapsedTime(_sentAt) < answerTimeout;

    /// <summary>A registration goes at <paramref name="now"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void Sent(long now) => _sentAt = now;

    /// <summary>The level above answered the registration.</summary>
    public void Answered() => _sentAt = 0;
}
