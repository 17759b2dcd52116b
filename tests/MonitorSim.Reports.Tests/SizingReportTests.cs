using System.Text.Json;
using System.Text.RegularExpressions;
using MonitorSim.Reports.Sizing;
using MonitorSim.Sizing.Planning;
using MonitorSim.Sizing.Video;

namespace MonitorSim.Reports.Tests;

/// <summary>sizing.md, sizing.html and sizing.json: every section the plan promises is there, in each of them.</summary>
public sealed class SizingReportTests
{
    /// <summary>The sections issue 6 asks for: the steps and their figures, the models, the validation, the plan, the
    /// network, the video backbone.</summary>
    private static readonly string[] Sections =
    [
        "Summary", "Steps", "Latency per step", "Service demand", "Universal Scalability Law", "Latency against load",
        "Validation: the held-out step", "Erlang C at the plan", "Production plan", "Network per link", "Video backbone",
        "Assumptions and notes", "Run",
    ];

    private static readonly string[] JsonSections =
        ["run", "steps", "service_demand", "usl", "knee", "validation", "erlang_c", "plan", "network", "video", "notes"];

    private static StepMeasurement Step(int number, double lf, double x, double busy, bool held = true)
    {
        var ops = new Dictionary<string, OperationFigures>
        {
            ["keepalive"] = new(x * 0.9, x * 0.9, 0, 1, 1, 2, 4 + lf / 50, 8, 300),
            ["alarm"] = new(x * 0.1, x * 0.1, 0, 3, 2, 5, 10 + lf / 20, 30, 2000),
        };
        return new StepMeasurement(number, lf, 20, lf * 320, x, 0, 0, ops, busy * 20, busy * 4, 3, 1, 0, 50, 300, (long)(lf * 40), 2,
            [new SloVerdict("alarm.p99 < 250ms", 10 + lf / 20, held)]);
    }

    internal static SizingRun Sample()
    {
        double[] lfs = [1, 2, 4, 8, 16, 32];
        double[] xs = [320, 640, 1270, 2500, 4700, 5000];
        var steps = lfs.Select((lf, i) => Step(i + 1, lf, xs[i], 0.1 + xs[i] * 2e-4, held: i < 5)).ToList();
        var settings = new PlanSettings(3, 3, new HashSet<string> { "keepalive" }, 0.6, 16, 2, 1, 180, 9,
            [new LinkTraffic("service point → platform", "keepalive", 500, 12, 0.1), new LinkTraffic("platform → city", "alarm", 900, 3, 0.4)], "alarm");
        var analysis = SizingAnalysis.Analyse(steps, settings);
        var video = VideoBackbone.Plan([new PlatformCameras("xz/gulou/p01", 20), new PlatformCameras("xz/pei/p02", 10)], VideoSpec.WorkedExample);
        return new SizingRun("tiny_city", "tiny.yaml", 42, "sqlite:size.db", DateTimeOffset.Parse("2026-11-27T09:30:00+08:00"), 312.4, 4100,
            "abc123", "test-machine", ".NET 10", 2, 2, 12, 30, new LoadSteps(1, 2, 12), 8, 20, ["alarm.p99 < 250ms"],
            "the SLO broke at load factor 32", 180, analysis, video, ["a note about an assumption"]);
    }

    [Fact]
    public void The_markdown_plan_has_every_section()
    {
        var md = SizingMarkdown.Render(Sample());

        foreach (var title in Sections) Assert.Contains($"\n## {title}\n", md);
        Assert.Contains("xz/gulou/p01", md);
        Assert.Contains("Held-out step 5", md);
    }

    [Fact]
    public void The_html_plan_has_every_section_and_both_charts_inline()
    {
        var html = SizingHtml.Render(Sample());

        foreach (var title in Sections) Assert.Contains($"<h2>{System.Net.WebUtility.HtmlEncode(title)}</h2>", html);
        var images = Regex.Matches(html, "src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
        Assert.Equal(2, images.Count);
        foreach (Match image in images)
        {
            var png = Convert.FromBase64String(image.Groups[1].Value);
            Assert.True(png.Length > 1000 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', "each chart is an inline PNG");
        }
        Assert.DoesNotContain("src=\"http", html);
    }

    [Fact]
    public void The_json_plan_has_every_section_and_the_held_out_error()
    {
        using var doc = JsonDocument.Parse(SizingJson.Render(Sample()));
        var root = doc.RootElement;

        foreach (var key in JsonSections) Assert.True(root.TryGetProperty(key, out _), $"sizing.json lacks '{key}'");
        Assert.Equal(6, root.GetProperty("steps").GetArrayLength());
        Assert.Equal(5, root.GetProperty("validation").GetProperty("held_out_step").GetInt32());
        Assert.True(root.GetProperty("validation").GetProperty("throughput_error").GetDouble() >= 0);
        var roles = root.GetProperty("plan").GetProperty("roles");
        Assert.Equal("tree", roles[0].GetProperty("role").GetString());
        Assert.True(roles[0].GetProperty("cores").GetInt32() >= 1);
        Assert.Equal(2, root.GetProperty("video").GetProperty("platforms").GetArrayLength());
        Assert.Equal(2, root.GetProperty("network").GetArrayLength());
        // A finite peak comes from a β above zero, and the file says so however small β is.
        var usl = root.GetProperty("usl");
        if (usl.GetProperty("peak").ValueKind == JsonValueKind.Number) Assert.True(usl.GetProperty("beta").GetDouble() > 0, "a finite peak with β = 0");
    }

    [Fact]
    public void The_writer_puts_the_three_files_in_the_folder()
    {
        using var dir = new TempDirectory();

        SizingWriter.WriteAll(Sample(), dir.Path);

        foreach (var name in new[] { "sizing.md", "sizing.html", "sizing.json" }) Assert.True(File.Exists(dir.File(name)), name);
    }
}
