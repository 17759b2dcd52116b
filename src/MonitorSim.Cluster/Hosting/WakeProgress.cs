namespace MonitorSim.Cluster.Hosting;

/// <summary>
/// How far the start of the tree has come: entities (platforms and points) woken and recovered out of all of them, the
/// rate since the start, and when the rest should be up at that rate.
/// </summary>
/// <param name="Woken">Entities that answered their wake (recovery done).</param>
/// <param name="Total">Entities of the tree.</param>
/// <param name="ElapsedS">Wall seconds since the first wake was sent.</param>
public sealed record WakeProgress(int Woken, int Total, double ElapsedS)
{
    /// <summary>Entities woken per second since the first wake: <c>Woken / ElapsedS</c> (0 before any time passed).</summary>
    public double PerS => ElapsedS > 0 ? Woken / ElapsedS : 0;

    /// <summary>Seconds until every entity is up at the mean rate so far: <c>(Total − Woken) / PerS</c>; null before the
    /// first answer (no rate yet).</summary>
    public double? RemainingS => Woken >= Total ? 0 : PerS > 0 ? (Total - Woken) / PerS : null;

    public bool Done => Woken >= Total;

    /// <summary>One console line: <c>woken 120,000 of 175,800 (68 %), 24,100/s, about 2.3 s to go</c>.</summary>
    public string Describe() =>
        $"woken {Woken:N0} of {Total:N0} tree entities ({(Total == 0 ? 100 : 100.0 * Woken / Total):0} %), {PerS:N0}/s" +
        (Done ? $", all up in {ElapsedS:0.0} s" : RemainingS is { } r ? $", about {r:0.0} s to go" : ", none answered yet");
}
