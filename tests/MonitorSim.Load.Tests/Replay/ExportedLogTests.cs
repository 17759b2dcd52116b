using System.Text;
using MonitorSim.Domain.Operations;
using MonitorSim.Load.Replay;
using static MonitorSim.Load.Tests.TinyCity;

namespace MonitorSim.Load.Tests.Replay;

/// <summary>Logs as real systems export them: a byte-order mark, CRLF, extra columns, RFC 4180 quoting, other column
/// names (--columns), timestamps without offset (--timezone), and rejects.csv kept to one short line per rejected line.</summary>
public sealed class ExportedLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("monitorsim-export-").FullName;
    private static readonly SourceMap Sources = new(City);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Cam(int c) => SourceMap.CameraCode(c);

    private string Write(string name, string text, bool bom = false)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }

    private static (List<LogRecord> All, IReadOnlyList<string> Ignored) ReadAll(string path, LogReadOptions? options = null)
    {
        using var reader = new IncidentLogReader(path, Sources, TimeSpan.FromSeconds(1), options);
        var all = new List<LogRecord>();
        while (reader.Read(out var r)) all.Add(r);
        return (all, reader.IgnoredColumns);
    }

    private static LogReadOptions Options(string? columns = null, string? timezone = null)
    {
        var errors = new List<string>();
        var options = LogReadOptions.Parse(columns, timezone, errors);
        Assert.Empty(errors);
        return options;
    }

    [Fact]
    public void An_excel_export_with_bom_crlf_extra_columns_and_quoted_fields_gives_every_event_and_every_bad_line_its_file_line()
    {
        var lines = new[]
        {
            /* 1 */ "timestamp,operator,source,event,alarm_type,step,comment",
            /* 2 */ $"2026-11-27T10:00:00+08:00,\"Li, Wei\",{Cam(1)},keepalive,,,",
            /* 3 */ $"2026-11-27T10:00:01+08:00,Zhang,{Cam(2)},alarm,video_loss,,\"said \"\"check the lens\"\"\"",
            /* 4 */ $"2026-11-27T10:00:02+08:00,Wang,{Cam(3)},alarm,video_tamper,,\"first line of a note",
            /* 5 */ "second line, with a comma",
            /* 6 */ "third line\"",
            /* 7 */ $"2026-11-27T10:00:03+08:00,Wang,{Cam(4)},keepalive,,",
            /* 8 */ $"2026-11-27T10:00:04+08:00,Wang,9/9/9,keepalive,,,",
            /* 9 */ "",
            /* 10 */ "# exported by the platform",
            /* 11 */ $"\"2026-11-27T10:00:05+08:00\",\"Zhao\",\"{Cam(5)}\",\"registration\",\"\",\"\",\"\"",
            /* 12 */ $"2026-11-27T10:00:06+08:00,Zhao,\"{Cam(6)}\"x,keepalive,,,",
            /* 13 */ $"2026-11-27T10:00:07+08:00,Zhao,{Cam(7)},alarm,fire,,",
            /* 14 */ $"2026-11-27T10:00:08+08:00,Zhao,{SourceMap.PointCode(1)},service_flow,,served,\"closed, then\r\nreopened\"",
            /* 16 */ $"2026-11-27T10:00:09+08:00,Zhao,{Cam(8)},keepalive,,,",
        };
        var path = Write("export.csv", string.Join("\r\n", lines) + "\r\n", bom: true);

        var (all, ignored) = ReadAll(path);

        Assert.Equal(["operator", "comment"], ignored);
        Assert.Equal([2L, 3L, 4L, 11L, 14L, 16L], all.Where(r => r.IsValid).Select(r => r.Line));
        Assert.Equal([(7L, RejectReason.Malformed), (8L, RejectReason.UnknownSource), (12L, RejectReason.Malformed), (13L, RejectReason.Malformed)],
            all.Where(r => !r.IsValid).Select(r => (r.Line, r.Reason)));
        Assert.Equal([1, 2, 3, 5, 1, 8], all.Where(r => r.IsValid).Select(r => r.Subject)); // line 14 is point 1's service flow
        Assert.Equal((int)AlarmType.VideoTamper, all.Single(r => r.Line == 4).Detail);
        Assert.Equal((int)ServiceFlowStep.Served, all.Single(r => r.Line == 14).Detail);
        Assert.Equal("has 6 fields, the header has 7", all.Single(r => r.Line == 7).Message);
        Assert.Contains("text after its closing quote", all.Single(r => r.Line == 12).Message);
        Assert.Equal(10, all.Count);
    }

    [Fact]
    public void A_quote_that_is_never_closed_rejects_only_its_own_line_and_the_lines_after_it_keep_their_numbers()
    {
        var path = Write("stray.csv",
            "timestamp,source,event\n" +
            $"2026-11-27T10:00:00+08:00,\"{Cam(1)},keepalive\n" +
            $"2026-11-27T10:00:01+08:00,{Cam(2)},keepalive\n" +
            $"2026-11-27T10:00:02+08:00,{Cam(3)},keepalive\n");
        var (all, _) = ReadAll(path);
        Assert.Equal([(2L, false), (3L, true), (4L, true)], all.Select(r => (r.Line, r.IsValid)));
        Assert.Equal("field 2 opens a quote that is not closed before the end of the file", all[0].Message);
    }

    [Fact]
    public void Records_whose_quoted_fields_span_lines_keep_their_line_numbers_across_the_read_buffer()
    {
        // 900 KB: records cross the 256 KB buffer's ends, each spanning two lines.
        var sb = new StringBuilder("timestamp,source,event,note\n");
        const int records = 10_000;
        for (var i = 0; i < records; i++)
            sb.Append($"2026-11-27T10:00:00+08:00,{Cam(i % City.CameraCount)},keepalive,\"note {i}, \"\"quoted\"\"\nsecond line of {i}\"\n");
        var (all, ignored) = ReadAll(Write("long.csv", sb.ToString()));
        Assert.Equal(["note"], ignored);
        Assert.Equal(Enumerable.Range(0, records).Select(i => 2L + 2L * i), all.Select(r => r.Line));
        Assert.All(all, r => Assert.True(r.IsValid, r.Message));
        Assert.Equal(Enumerable.Range(0, records).Select(i => i % City.CameraCount), all.Select(r => r.Subject));
    }

    [Fact]
    public void A_line_longer_than_64_kb_is_rejected_with_its_number_and_the_next_line_reads()
    {
        var path = Write("huge.csv",
            "timestamp,source,event,note\n" +
            $"2026-11-27T10:00:00+08:00,{Cam(1)},keepalive,{new string('x', 70_000)}\n" +
            $"2026-11-27T10:00:01+08:00,{Cam(2)},keepalive,\n");
        var (all, _) = ReadAll(path);
        Assert.Equal([(2L, RejectReason.Malformed), (3L, RejectReason.None)], all.Select(r => (r.Line, r.Reason)));
        Assert.Equal("longer than 64 KB", all[0].Message);
    }

    [Fact]
    public void Columns_maps_a_systems_own_column_names_to_the_logs_fields_and_the_rest_are_ignored()
    {
        var path = Write("mapped.csv", $"""
            Event Time,Device ID,Type,Alarm,event
            2026-11-27T10:00:00+08:00,{Cam(3)},alarm,conflict,ignored-because-Type-is-the-event
            2026-11-27T10:00:01+08:00,{Cam(4)},keepalive,,x
            """);
        var (all, ignored) = ReadAll(path, Options("timestamp=event time, source=DEVICE ID,event=Type,alarm_type=Alarm"));
        Assert.All(all, r => Assert.True(r.IsValid, r.Message));
        Assert.Equal([(OperationKind.Alarm, 3, (int)AlarmType.Conflict), (OperationKind.Keepalive, 4, -1)], all.Select(r => (r.Kind, r.Subject, r.Detail)));
        Assert.Equal(["event"], ignored);
    }

    [Fact]
    public void Columns_maps_json_keys_too_and_unknown_keys_are_listed_once()
    {
        var path = Write("mapped.jsonl", $$"""
            {"ts":"2026-11-27T10:00:00+08:00","dev":"{{Cam(1)}}","event":"keepalive","operator":"Li"}
            {"ts":"2026-11-27T10:00:01+08:00","dev":"{{Cam(2)}}","event":"keepalive","operator":"Wang","seq":2}
            """);
        var (all, ignored) = ReadAll(path, Options("timestamp=ts,source=dev"));
        Assert.Equal([1, 2], all.Select(r => r.Subject));
        Assert.Equal(["operator", "seq"], ignored);
    }

    [Fact]
    public void A_column_named_in_columns_but_absent_from_the_header_is_no_log_and_the_message_names_file_line_and_option()
    {
        var path = Write("nomap.csv", $"event_time,source,event\n2026-11-27T10:00:00+08:00,{Cam(0)},keepalive\n");
        var e = Assert.Throws<LogFormatException>(() => new IncidentLogReader(path, Sources, TimeSpan.Zero, Options("timestamp=time")));
        Assert.Equal($"{path}:1: the header has no column 'time' (--columns timestamp=time); its columns are 'event_time', 'source', 'event'", e.Message);
    }

    [Fact]
    public void Timezone_gives_timestamps_without_offset_that_offset_and_leaves_the_others_theirs()
    {
        var path = Write("local.csv", $"""
            timestamp,source,event
            2026-11-27 10:00:00,{Cam(1)},keepalive
            2026-11-27T02:00:00.5Z,{Cam(2)},keepalive
            2026-11-27T10:00:01.250,{Cam(3)},keepalive
            """);
        var (all, _) = ReadAll(path, Options(timezone: "+08:00"));
        Assert.All(all, r => Assert.True(r.IsValid, r.Message));
        Assert.Equal(
        [
            new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(8)).UtcTicks,
            new DateTimeOffset(2026, 11, 27, 2, 0, 0, 500, TimeSpan.Zero).UtcTicks,
            new DateTimeOffset(2026, 11, 27, 10, 0, 1, 250, TimeSpan.FromHours(8)).UtcTicks,
        ], all.Select(r => r.UtcTicks));
        Assert.Equal([480, 0, 480], all.Select(r => r.OffsetMinutes));

        var (without, _) = ReadAll(path);
        Assert.Equal([false, true, false], without.Select(r => r.IsValid));
        Assert.Contains("--timezone", without[0].Message);
    }

    [Theory]
    [InlineData("+08:00", 480)]
    [InlineData("-05:30", -330)]
    [InlineData("+0545", 345)]
    [InlineData("+08", 480)]
    [InlineData("Z", 0)]
    [InlineData("utc", 0)]
    public void Timezone_takes_an_offset_from_utc(string text, int minutes)
    {
        Assert.Equal(minutes, Options(timezone: text).TimezoneOffsetMinutes);
    }

    [Theory]
    [InlineData(null, "Asia/Shanghai", "--timezone: 'Asia/Shanghai' is not an offset from UTC; write e.g. +08:00 (or Z for UTC)")]
    [InlineData(null, "+15:00", "--timezone: '+15:00' is out of range (offsets run from -14:00 to +14:00)")]
    [InlineData(null, "+08:60", "--timezone: '+08:60' is out of range (offsets run from -14:00 to +14:00)")]
    [InlineData(null, "8", "--timezone: '8' is not an offset from UTC")]
    [InlineData("timestamp", null, "--columns: 'timestamp' has no '='; write FIELD=COLUMN pairs separated by commas, e.g. --columns timestamp=event_time,source=device_id")]
    [InlineData("time=event_time", null, "--columns: 'time' is not a log field; the fields are timestamp, source, event, alarm_type, step")]
    [InlineData("timestamp=", null, "--columns: timestamp= names no column")]
    [InlineData("timestamp=a,timestamp=b", null, "--columns: timestamp is given twice")]
    [InlineData("source=id,event=ID", null, "--columns: source and event both name column 'ID'")]
    [InlineData(" ", null, "--columns: empty; write FIELD=COLUMN pairs")]
    public void A_bad_columns_or_timezone_value_is_a_clear_error_naming_the_option(string? columns, string? timezone, string expected)
    {
        var errors = new List<string>();
        var options = LogReadOptions.Parse(columns, timezone, errors);
        Assert.StartsWith(expected, Assert.Single(errors), StringComparison.Ordinal);
        Assert.Equal(LogReadOptions.Default.Columns, options.Columns);
        Assert.Null(options.TimezoneOffsetMinutes);
    }

    [Fact]
    public void Rejects_csv_cuts_a_long_value_to_200_characters_and_escapes_control_characters_one_line_per_rejected_line()
    {
        var longSource = new string('9', 10_000);
        var path = Write("nasty.csv",
            "timestamp,source,event\n" +
            $"2026-11-27T10:00:00+08:00,{longSource},keepalive\n" +
            $"2026-11-27T10:00:01+08:00,{Cam(1)},\"key\u001b[31m\talive\r\nnext\"\n" +
            $"2026-11-27T10:00:02+08:00,{Cam(2)},keepalive\n");
        var (all, _) = ReadAll(path);
        Assert.Equal([(2L, RejectReason.UnknownSource), (3L, RejectReason.UnknownEvent), (5L, RejectReason.None)], all.Select(r => (r.Line, r.Reason)));

        var rejects = Path.Combine(_dir, "rejects.csv");
        using (var w = new RejectsWriter(rejects))
            foreach (var r in all.Where(r => !r.IsValid)) w.Write(r);
        var rows = File.ReadAllText(rejects).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, rows.Length);
        Assert.StartsWith($"2,\"unknown_source: source: '{new string('9', 200)}…' (10,000 characters) names nothing", rows[1], StringComparison.Ordinal);
        Assert.True(rows[1].Length < 600, $"{rows[1].Length} characters");
        Assert.StartsWith("3,\"unknown_event: event: 'key\\u001B[31m\\talive\\r\\nnext' is not an event type", rows[2], StringComparison.Ordinal);
        Assert.DoesNotContain(rows, r => r.Any(char.IsControl));
    }

    [Fact]
    public void An_echoed_value_is_cut_between_escapes_and_surrogate_pairs_never_inside_one()
    {
        Assert.Equal("'abc'", LogText.Quote("abc"));
        var emoji = string.Concat(Enumerable.Repeat("😀", 150)); // 300 UTF-16 characters
        var quoted = LogText.Quote(emoji);
        Assert.Equal($"'{string.Concat(Enumerable.Repeat("😀", 100))}…' (300 characters)", quoted);
        var escapes = new string('\u0001', 50); // 6 characters each escaped: 33 fit in 200
        Assert.Equal($"'{string.Concat(Enumerable.Repeat("\\u0001", 33))}…' (50 characters)", LogText.Quote(escapes));
        Assert.Equal("'a\\u202Eb\\uFEFF'", LogText.Quote("a\u202Eb\uFEFF")); // a right-to-left override, a stray BOM
    }
}
