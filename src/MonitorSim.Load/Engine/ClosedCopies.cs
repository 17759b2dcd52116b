using System.Collections.Concurrent;

namespace MonitorSim.Load.Engine;

/// <summary>A closed-model stream's copies: how many run, when each busy one came free, and how many operations each
/// of the stream's closed segments has started.</summary>
internal sealed class ClosedCopies(int segments)
{
    /// <summary>When each busy copy came free (its operation ended), to start its next one at that instant.</summary>
    public ConcurrentQueue<long> Ready { get; } = new();

    /// <summary>Operations started per closed segment (generator thread only).</summary>
    public long[] StartedInSegment { get; } = new long[segments];

    /// <summary>Copies running (generator thread only).</summary>
    public int Active;
}
