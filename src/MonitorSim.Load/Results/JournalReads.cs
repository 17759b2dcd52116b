namespace MonitorSim.Load.Results;

/// <summary>
/// The journal's read time through a run: at intervals, the busiest platform's stream is read as its restart would read
/// it (latest snapshot, then the events after it). A journal whose reads slow down as it grows shows here long before a
/// restart in production finds out. Early and late compare the medians of the first and the last third of the samples.
/// </summary>
/// <param name="PersistenceId">The stream read: the platform with the most cameras, so the most events.</param>
/// <param name="Store">The store it was read from (its display form, no password).</param>
/// <param name="Samples">Every read, in order; a read that did not finish in time has no <see cref="JournalReadSample.ReadMs"/>.</param>
public sealed record JournalReads(string PersistenceId, string Store, IReadOnlyList<JournalReadSample> Samples)
{
    /// <summary>The median read time of the first third of the finished reads (null with fewer than three).</summary>
    public double? EarlyMedianMs => Third(first: true);

    /// <summary>The median read time of the last third of the finished reads (null with fewer than three).</summary>
    public double? LateMedianMs => Third(first: false);

    /// <summary>Late over early, minus one: the growth of the read time over the run (null when either is unknown).</summary>
    public double? Growth => EarlyMedianMs is > 0 and { } early && LateMedianMs is { } late ? late / early - 1 : null;

    /// <summary>Reads that did not finish within the probe's timeout.</summary>
    public int Unfinished => Samples.Count(s => s.ReadMs is null);

    private double? Third(bool first)
    {
        var done = Samples.Where(s => s.ReadMs is not null).Select(s => s.ReadMs!.Value).ToList();
        if (done.Count < 3) return null;
        var third = done.Count / 3;
        var part = first ? done.Take(third) : done.Skip(done.Count - third);
        return Median(part.ToList());
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var m = values.Count / 2;
        return values.Count % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2;
    }
}

/// <summary>One timed read of the probed journal stream.</summary>
/// <param name="TS">Seconds since the run's load started (the timeline's clock).</param>
/// <param name="ReadMs">How long the read took; null when it did not finish within the probe's timeout.</param>
/// <param name="EventsReplayed">Events read after the snapshot.</param>
/// <param name="HighestSequenceNr">How far the stream had grown.</param>
public sealed record JournalReadSample(double TS, double? ReadMs, long EventsReplayed, long HighestSequenceNr);
