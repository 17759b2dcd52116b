using System.IO.Compression;
using System.Text;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Replay;
using static MonitorSim.Load.Tests.TinyCity;

namespace MonitorSim.Load.Tests.Replay;

/// <summary>Reading incident logs: both formats, gzip, sources by code and path, and every kind of bad line with its line.</summary>
public sealed class IncidentLogReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("monitorsim-log-").FullName;
    private static readonly SourceMap Sources = new(City);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static List<LogRecord> ReadAll(string path, TimeSpan? tolerance = null)
    {
        using var reader = new IncidentLogReader(path, Sources, tolerance ?? TimeSpan.FromSeconds(1));
        var all = new List<LogRecord>();
        while (reader.Read(out var r)) all.Add(r);
        return all;
    }

    private static string Cam(int c) => SourceMap.CameraCode(c);

    [Fact]
    public void A_csv_log_gives_each_event_its_kind_subject_detail_time_and_file_line()
    {
        var path = Write("a.csv", $"""
            timestamp,source,event,alarm_type,step
            2026-11-27T10:00:00+08:00,{Cam(3)},keepalive,,

            # a comment
            2026-11-27T10:00:00.5+08:00,{Cam(4)},alarm,video_loss,
            2026-11-27T02:00:01Z,{SourceMap.PointCode(2)},service_flow,,served
            """);
        var all = ReadAll(path);
        Assert.All(all, r => Assert.True(r.IsValid, r.Message));
        Assert.Equal([2L, 5L, 6L], all.Select(r => r.Line));
        Assert.Equal([OperationKind.Keepalive, OperationKind.Alarm, OperationKind.ServiceFlow], all.Select(r => r.Kind));
        Assert.Equal([3, 4, 2], all.Select(r => r.Subject));
        Assert.Equal((int)AlarmType.VideoLoss, all[1].Detail);
        Assert.Equal((int)ServiceFlowStep.Served, all[2].Detail);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 10, 0, 0, 500, TimeSpan.FromHours(8)).UtcTicks, all[1].UtcTicks);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 2, 0, 1, TimeSpan.Zero).UtcTicks, all[2].UtcTicks);
        Assert.Equal(480, all[0].OffsetMinutes);
    }

    [Fact]
    public void An_index_path_names_a_camera_within_its_point_within_its_platform()
    {
        var platform = City.Platforms[2];
        var point = City.Points[platform.FirstPoint.Value + 1];
        var expected = point.FirstCamera.Value + point.CameraCount - 1;
        Assert.Equal(SourceKind.Camera, Sources.Resolve(Encoding.UTF8.GetBytes($"2/1/{point.CameraCount - 1}"), out var camera));
        Assert.Equal(expected, camera);
        Assert.Equal(SourceKind.Point, Sources.Resolve("2/1"u8, out var p));
        Assert.Equal(point.Id.Value, p);
        Assert.Equal($"2/1/{point.CameraCount - 1}", Sources.CameraPath(expected));
        Assert.Equal(SourceKind.Unknown, Sources.Resolve(Encoding.UTF8.GetBytes($"2/1/{point.CameraCount}"), out _));
        Assert.Equal(SourceKind.Unknown, Sources.Resolve("3/0/0"u8, out _)); // three platforms: 0, 1, 2
        Assert.Equal(SourceKind.Unknown, Sources.Resolve(Encoding.UTF8.GetBytes(Cam(City.CameraCount)), out _));
    }

    [Fact]
    public void Every_kind_of_bad_line_is_rejected_with_its_reason_and_file_line_and_the_good_lines_still_read()
    {
        var path = Write("bad.csv", $"""
            timestamp,source,event,alarm_type,step
            2026-11-27T10:00:00+08:00,{Cam(1)},keepalive,,
            2026-11-27T10:00:01+08:00,{Cam(1)},keepalive
            2026-11-27T10:00:02,{Cam(1)},keepalive,,
            2026-11-27T10:00:03+08:00,9/9/9,keepalive,,
            2026-11-27T10:00:04+08:00,{Cam(1)},reboot,,
            2026-11-27T10:00:05+08:00,{Cam(1)},keepalive,,
            2026-11-27T10:00:02+08:00,{Cam(1)},keepalive,,
            2026-11-27T10:00:04.5+08:00,{Cam(1)},keepalive,,
            2026-11-27T10:00:06+08:00,{Cam(1)},alarm,fire,
            2026-11-27T10:00:07+08:00,{SourceMap.PointCode(0)},keepalive,,
            2026-11-27T10:00:08+08:00,{Cam(2)},alarm,conflict,
            """);
        var all = ReadAll(path);
        var rejected = all.Where(r => !r.IsValid).Select(r => (r.Line, r.Reason)).ToList();
        Assert.Equal(
        [
            (3L, RejectReason.Malformed), (4L, RejectReason.Malformed), (5L, RejectReason.UnknownSource), (6L, RejectReason.UnknownEvent),
            (8L, RejectReason.TimeWentBack), (10L, RejectReason.Malformed), (11L, RejectReason.UnknownSource),
        ], rejected);
        // 4.5 s after 5 s is within the 1 s tolerance: kept.
        Assert.Equal([2L, 7L, 9L, 12L], all.Where(r => r.IsValid).Select(r => r.Line));
        Assert.Contains("offset", all.Single(r => r.Line == 4).Message);
        Assert.Equal("alarm_type", all.Single(r => r.Line == 10).Field);
    }

    [Fact]
    public void A_json_lines_log_reads_like_the_csv_and_its_bad_lines_are_rejected_with_their_line()
    {
        var path = Write("a.jsonl", $$"""
            {"note":{"x":[1,2]},"timestamp":"2026-11-27T10:00:00+08:00","source":"{{Cam(5)}}","event":"registration"}
            {"timestamp":"2026-11-27T10:00:01+08:00","source":"0/0/0","event":"alarm","alarm_type":"staff_absent"}
            {"timestamp":"2026-11-27T10:00:02+08:00","source":"{{Cam(5)}}"
            {"timestamp":"2026-11-27T10:00:03+08:00","event":"keepalive"}

            {"timestamp":"2026-11-27T10:00:04+08:00","source":"\u0030/0/0","event":"keepalive"}
            """);
        var all = ReadAll(path);
        Assert.Equal([1L, 2L, 3L, 4L, 6L], all.Select(r => r.Line));
        Assert.Equal([true, true, false, false, true], all.Select(r => r.IsValid));
        Assert.Equal("source", all[3].Field);
        Assert.Equal(City.Points[City.Platforms[0].FirstPoint.Value].FirstCamera.Value, all[4].Subject); // an escaped source still resolves
        Assert.Equal((int)AlarmType.StaffAbsent, all[1].Detail);
    }

    [Fact]
    public void A_gzip_log_is_read_by_its_magic_bytes_even_without_the_gz_name()
    {
        var text = $"timestamp,source,event\n2026-11-27T10:00:00+08:00,{Cam(0)},keepalive\n2026-11-27T10:00:01+08:00,{Cam(1)},keepalive\n";
        var path = Path.Combine(_dir, "packed.log");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest)) gz.Write(Encoding.UTF8.GetBytes(text));
        using var reader = new IncidentLogReader(path, Sources, TimeSpan.Zero);
        Assert.True(reader.Compressed);
        Assert.True(reader.Read(out var a));
        Assert.True(reader.Read(out var b));
        Assert.False(reader.Read(out _));
        Assert.Equal((0, 1), (a.Subject, b.Subject));
        Assert.Equal((2L, 3L), (a.Line, b.Line));
    }

    [Fact]
    public void A_header_without_the_required_columns_is_not_a_log()
    {
        var path = Write("h.csv", $"time,source,event\n2026-11-27T10:00:00+08:00,{Cam(0)},keepalive\n");
        var e = Assert.Throws<LogFormatException>(() => new IncidentLogReader(path, Sources, TimeSpan.Zero));
        Assert.StartsWith($"{path}:1: the header has no timestamp column; its columns are 'time', 'source', 'event'.", e.Message);
        Assert.EndsWith("--columns timestamp=time", e.Message);
    }

    [Fact]
    public void What_the_writer_writes_the_reader_reads_back_exactly()
    {
        var path = Path.Combine(_dir, "round.csv.gz");
        var t0 = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(8)).UtcTicks;
        using (var w = new IncidentLogWriter(path))
        {
            w.Write(t0 + 1, 480, OperationKind.Alarm, 29, (int)AlarmType.VideoTamper);
            w.Write(t0 + 12_345_678, 480, OperationKind.ServiceFlow, 11, (int)ServiceFlowStep.Evaluated);
            w.Write(t0 + 12_345_679, 480, OperationKind.ClueIntake, 3, -1);
        }
        var all = ReadAll(path);
        Assert.Equal(
        [
            (t0 + 1, OperationKind.Alarm, 29, (int)AlarmType.VideoTamper),
            (t0 + 12_345_678, OperationKind.ServiceFlow, 11, (int)ServiceFlowStep.Evaluated),
            (t0 + 12_345_679, OperationKind.ClueIntake, 3, -1),
        ], all.Select(r => (r.UtcTicks, r.Kind, r.Subject, r.Detail)));
    }
}
