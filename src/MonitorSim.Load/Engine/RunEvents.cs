using System.Collections.Concurrent;

namespace MonitorSim.Load.Engine;

/// <summary>The run's events (faults injected, nodes lost, an abort, the notes at its end: <c>t=12.5s …</c>), noted from
/// any thread in the order they happen, kept for the outcome, and told once each to a listener from the reporter thread.</summary>
internal sealed class RunEvents
{
    private readonly ConcurrentQueue<string> _lines = new();
    private int _told;

    /// <summary>Hears each event once, after the interval row in which it was noted, and the last ones when the run ends
    /// (the live dashboard marks them); null: nobody.</summary>
    public Action<string>? Listener { get; set; }

    /// <summary>Every event noted so far, in order.</summary>
    public IEnumerable<string> All => _lines;

    /// <summary>Notes an event (any thread).</summary>
    public void Note(string line) => _lines.Enqueue(line);

    /// <summary>Tells the <see cref="Listener"/> the events noted since it was last told (reporter thread only; the
    /// events only ever grow).</summary>
    public void TellNew()
    {
        if (Listener is null) return;
        foreach (var e in _lines.Skip(_told))
        {
            Listener(e);
            _told++;
        }
    }
}
