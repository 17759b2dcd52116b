using System.Diagnostics;

namespace MonitorSim.Load.Engine;

/// <summary>The run's instants as Stopwatch timestamps: its start, the end of its warm-up and its end. Set once, when the
/// run starts, before any operation is issued; read by every part of the engine.</summary>
internal sealed class RunClock
{
    /// <summary>When the run started (0 before it has).</summary>
    public long Start { get; private set; }

    /// <summary>Operations intended before this are warm-up: excluded from the statistics.</summary>
    public long WarmEnd { get; private set; }

    /// <summary>When the run's duration is over.</summary>
    public long End { get; private set; }

    public void Set(long start, TimeSpan warmUp, TimeSpan duration)
    {
        Start = start;
        WarmEnd = start + LoadPlanner.Ticks(warmUp);
        End = start + LoadPlanner.Ticks(duration);
    }

    /// <summary>Whether an operation intended at <paramref name="intended"/> falls in the warm-up.</summary>
    public bool IsWarm(long intended) => intended < WarmEnd;

    /// <summary>"t=12.3s " for an event line, or "" before the run has started.</summary>
    public string EventPrefix() => Start == 0 ? "" : $"t={Stopwatch.GetElapsedTime(Start).TotalSeconds:0.0}s ";

    /// <summary>Waits until the Stopwatch reaches <paramref name="due"/> (Task.Delay may wake early); false if cancelled.</summary>
    public static async Task<bool> WaitUntilAsync(long due, CancellationToken ct)
    {
        while (true)
        {
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (remaining <= TimeSpan.Zero) return true;
            try { await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(remaining.TotalMilliseconds))), ct); }
            catch (OperationCanceledException) { return false; }
        }
    }
}
