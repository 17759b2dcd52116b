using System.Text.Json.Nodes;
using MonitorSim.Load.Results;

namespace MonitorSim.Reports;

/// <summary>The journal's read time through a run, in report.md/.html and summary.json: whether reading the busiest
/// platform's stream, as its restart does, slowed down as the journal grew.</summary>
internal static class JournalReadSection
{
    /// <summary>The report's section, or null when the run read no journal.</summary>
    public static ReportSection? Of(JournalReads? reads)
    {
        if (reads is null || reads.Samples.Count == 0) return null;
        var finished = reads.Samples.Where(s => s.ReadMs is not null).ToList();
        string Ms(double? v) => v is { } x ? Fmt.Human(Math.Round(x, 2)) + " ms" : "—";
        return new ReportSection("Journal read time",
        [
            new ParagraphBlock("Measured: the busiest platform's journal stream read at intervals through the run (warm-up " +
                               "included) as its restart reads it — the latest snapshot, then every event after it — beside the " +
                               "live platform. Early and late are the medians of the first and the last third of the reads; a " +
                               "journal that slows down as it grows shows as growth."),
            ReportContent.KeyValue(
                ("Stream", Cell.Id(reads.PersistenceId)),
                ("Store", Cell.Id(reads.Store)),
                ("Reads", Cell.Num($"{Fmt.Human(reads.Samples.Count)} ({Fmt.Human(reads.Unfinished)} unfinished within {Fmt.Human(30)} s)")),
                ("From t to t", Cell.Num($"{Fmt.Seconds(reads.Samples[0].TS)} – {Fmt.Seconds(reads.Samples[^1].TS)}")),
                ("Stream length, first read → last", Cell.Num(
                    $"{Fmt.Human(finished.FirstOrDefault()?.HighestSequenceNr ?? 0)} → {Fmt.Human(finished.LastOrDefault()?.HighestSequenceNr ?? 0)} events")),
                ("Read time early (median)", Cell.Num(Ms(reads.EarlyMedianMs))),
                ("Read time late (median)", Cell.Num(Ms(reads.LateMedianMs))),
                ("Growth, late over early", Cell.Num(reads.Growth is { } g ? $"{g * 100:+0.0;-0.0;0.0} %" : "—")),
                ("Slowest read", Cell.Num(Ms(finished.Count > 0 ? finished.Max(s => s.ReadMs) : null)))),
        ]);
    }

    /// <summary>summary.json's <c>journal_reads</c>: the summary and every read.</summary>
    public static JsonNode? Json(JournalReads? reads) => reads is null ? null : new JsonObject
    {
        ["persistence_id"] = reads.PersistenceId,
        ["store"] = reads.Store,
        ["early_median_ms"] = reads.EarlyMedianMs is { } e ? Math.Round(e, 3) : null,
        ["late_median_ms"] = reads.LateMedianMs is { } l ? Math.Round(l, 3) : null,
        ["growth"] = reads.Growth is { } g ? Math.Round(g, 4) : null,
        ["unfinished"] = reads.Unfinished,
        ["samples"] = new JsonArray(reads.Samples.Select(s => (JsonNode)new JsonObject
        {
            ["t_s"] = s.TS,
            ["read_ms"] = s.ReadMs,
            ["events_replayed"] = s.EventsReplayed,
            ["highest_sequence_nr"] = s.HighestSequenceNr,
        }).ToArray()),
    };
}
