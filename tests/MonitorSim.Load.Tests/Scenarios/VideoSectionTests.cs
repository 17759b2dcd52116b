using MonitorSim.Domain.Topology;
using MonitorSim.Load.Scenarios;
using MonitorSim.Sizing.Video;
using MonitorSim.TestSupport;
using static MonitorSim.Load.Tests.Scenarios.ScenarioYaml;

namespace MonitorSim.Load.Tests.Scenarios;

/// <summary>The scenario's <c>video:</c> section, and the video backbone of a scenario's topology.</summary>
public sealed class VideoSectionTests
{
    /// <summary>1-based line and column of the first <paramref name="text"/> in <paramref name="yaml"/>.</summary>
    private static (int Line, int Column) At(string yaml, string text)
    {
        var index = yaml.IndexOf(text, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{text}' is not in the YAML");
        var lineStart = yaml.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        return (yaml[..index].Count(c => c == '\n') + 1, index - lineStart + 1);
    }

    private static ScenarioError SingleError(string yaml, string field)
    {
        var errors = Errors(yaml);
        Assert.True(errors.Count == 1, "expected one error, got:\n" + string.Join("\n", errors));
        var error = errors[0];
        Assert.Equal(field, error.Field);
        return error;
    }

    [Fact]
    public void A_scenario_without_a_video_section_gets_domain_mds_worked_example()
    {
        var video = Parse(Minimal).Video;

        Assert.Same(VideoSpec.WorkedExample, video);
        Assert.Equal(2, video.MeanBitrateMbps);
        Assert.Equal((1.0, 30.0, 0.9), (video.DutyCycle, video.RetentionDays, video.UsableFraction));
    }

    [Fact]
    public void A_full_video_section_reads_every_key_and_prices_the_mix_from_domain_mds_table()
    {
        var video = Parse(Minimal + """

            video:
              mix: { 1080p_h264: 0.5, 1080p_h265: 0.3, 720p_h264: 0.2 }
              h265_saving: 0.25
              bitrate_mbps: { 720p_h264: 2.0 }
              duty_cycle: 0.5
              retention: 90d
              disk_tb: 18
              usable_fraction: 0.85
              live_views: 64
              view_bitrate_mbps: 1.5
            """).Video;

        // 1080p H.264 5.5 Mbps from the table; 1080p H.265 5.5 × (1 − 0.25) = 4.125; 720p H.264 overridden to 2.0.
        Assert.Equal(
            [new VideoStream("1080p_h264", 5.5, 0.5), new VideoStream("1080p_h265", 4.125, 0.3), new VideoStream("720p_h264", 2.0, 0.2)],
            video.Mix);
        Assert.Equal(0.5, video.DutyCycle);
        Assert.Equal(90, video.RetentionDays);
        Assert.Equal(18, video.DiskTb);
        Assert.Equal(0.85, video.UsableFraction);
        Assert.Equal(64, video.LiveViews);
        Assert.Equal(1.5, video.EffectiveViewBitrateMbps);
    }

    [Fact]
    public void Keys_left_out_keep_the_worked_examples_values_and_h265_saves_thirty_percent()
    {
        var video = Parse(Minimal + "\nvideo: { mix: { 1080p_h265: 1 }, live_views: 50 }\n").Video;

        Assert.Equal(5.5 * 0.7, Assert.Single(video.Mix).BitrateMbps, 12);
        Assert.Equal(50, video.LiveViews);
        Assert.Equal(VideoSpec.WorkedExample.RetentionDays, video.RetentionDays);
        Assert.Equal(VideoSpec.WorkedExample.DiskTb, video.DiskTb);
        Assert.Null(video.ViewBitrateMbps);
        Assert.Equal(5.5 * 0.7, video.EffectiveViewBitrateMbps, 12); // a live view at the mix's mean
    }

    [Fact]
    public void Shares_rounded_to_three_decimals_are_scaled_to_add_up_to_exactly_one()
    {
        var video = Parse(Minimal + "\nvideo: { mix: { 720p_h264: 0.333, 1080p_h264: 0.333, 4k_h265: 0.333 } }\n").Video;

        Assert.Equal(1, video.Mix.Sum(s => s.Share), 12);
        Assert.All(video.Mix, s => Assert.Equal(1.0 / 3, s.Share, 12));
    }

    [Fact]
    public void A_misspelt_format_names_its_key_and_suggests_the_nearest()
    {
        var yaml = Minimal + "\nvideo:\n  mix: { 1080p_h246: 1 }\n";

        var error = SingleError(yaml, "video.mix.1080p_h246");

        Assert.Equal(At(yaml, "1080p_h246"), (error.Line, error.Column));
        Assert.Contains("did you mean '1080p_h264'?", error.Message);
    }

    [Fact]
    public void Shares_that_do_not_add_up_to_one_are_reported_on_the_mix()
    {
        var yaml = Minimal + "\nvideo:\n  mix: { 720p_h264: 0.5, 1080p_h264: 0.3 }\n";

        var error = SingleError(yaml, "video.mix");

        Assert.Equal(At(yaml, "{ 720p_h264"), (error.Line, error.Column));
        Assert.Contains("must add up to 1, got 0.8", error.Message);
    }

    [Fact]
    public void An_empty_mix_asks_for_a_format()
    {
        var error = SingleError(Minimal + "\nvideo: { mix: {} }\n", "video.mix");

        Assert.Contains("needs at least one format", error.Message);
    }

    [Theory]
    [InlineData("duty_cycle: 1.5", "video.duty_cycle", "must be at most 1, got 1.5")]
    [InlineData("duty_cycle: 0", "video.duty_cycle", "must be > 0, got 0")]
    [InlineData("usable_fraction: 1.1", "video.usable_fraction", "must be at most 1, got 1.1")]
    [InlineData("h265_saving: 1", "video.h265_saving", "must be below 1, got 1")]
    [InlineData("retention: 30", "video.retention", "'30' is not a duration")]
    [InlineData("retention: 0d", "video.retention", "must be longer than 0")]
    [InlineData("disk_tb: \"16\"", "video.disk_tb", "expected a number, got the quoted string '16'")]
    [InlineData("disk_tb: 0", "video.disk_tb", "must be > 0, got 0")]
    [InlineData("live_views: -1", "video.live_views", "must be >= 0, got -1")]
    [InlineData("live_views: 2.5", "video.live_views", "expected an integer, got '2.5'")]
    [InlineData("view_bitrate_mbps: 0", "video.view_bitrate_mbps", "must be > 0, got 0")]
    [InlineData("mix: { 720p_h264: -0.5, 1080p_h264: 1.5 }", "video.mix.720p_h264", "must be >= 0, got -0.5")]
    [InlineData("retension: 30d", "video.retension", "did you mean 'retention'?")]
    public void A_bad_value_names_its_field_and_the_line_it_is_on(string entry, string field, string message)
    {
        var yaml = Minimal + "\nvideo:\n  " + entry + "\n";

        var error = SingleError(yaml, field);

        Assert.Equal(At(yaml, entry).Line, error.Line);
        Assert.Contains(message, error.Message);
        Assert.Equal("test.yaml", error.File);
    }

    [Fact]
    public void A_bitrate_override_for_a_format_outside_the_mix_is_reported_on_its_value()
    {
        var yaml = Minimal + "\nvideo:\n  mix: { 1080p_h264: 1 }\n  bitrate_mbps: { 4k_h264: 16 }\n";

        var error = SingleError(yaml, "video.bitrate_mbps.4k_h264");

        Assert.Equal(At(yaml, "16 }"), (error.Line, error.Column));
        Assert.Contains("4k_h264 is not in video.mix", error.Message);
    }

    [Fact]
    public void A_bitrate_override_without_a_mix_is_reported()
    {
        var error = SingleError(Minimal + "\nvideo:\n  bitrate_mbps: { 720p_h264: 2 }\n", "video.bitrate_mbps");

        Assert.Contains("there is no video.mix", error.Message);
    }

    [Fact]
    public void Every_error_in_the_section_is_reported_at_once()
    {
        var yaml = Minimal + "\nvideo:\n  mix: { 720p_h264: 0.5 }\n  duty_cycle: 2\n  live_views: many\n";

        var errors = Errors(yaml);

        Assert.Equal(["video.mix", "video.duty_cycle", "video.live_views"], errors.Select(e => e.Field));
    }

    [Fact]
    public void A_scenario_without_video_on_the_seed_city_needs_36_Gbps_and_11_6_PB()
    {
        // The worked example (docs/domain.md#video-sizing-practice) through the topology: 45 platforms, 17,932 cameras at 2 Mbps, 30 days.
        var plan = ScenarioVideo.Plan(Parse(Minimal));

        Assert.Equal(45, plan.Platforms.Count);
        Assert.Equal(17_932, plan.Total.Cameras);
        Assert.Equal(35_864, plan.Total.IngestMbps, 6);
        Assert.Equal(11.619936, plan.Total.StoragePb, 9);
    }

    [Fact]
    public void The_baseline_scenario_plans_every_platform_of_its_topology_with_its_mix()
    {
        var scenario = ScenarioLoader.Load(RepoPaths.Scenario("xuzhou-baseline.yaml"));
        var topology = TopologyBuilder.Build(scenario.Topology, scenario.Seed);

        var plan = ScenarioVideo.Plan(scenario);

        Assert.Equal(topology.Platforms.Select(p => (p.Path, p.CameraCount)), plan.Platforms.Select(p => (p.Name, p.Cameras)));
        // The baseline's mix (its comments): 0.4 × 2.3 + 0.4 × 5.5 + 0.2 × 5.5 × 0.7 = 3.89 Mbps a camera;
        // 17,932 × 3.89 = 69,755.48 Mbps; × 720 h × 0.45 GB/h per Mbps = 22,600.78 TB.
        Assert.Equal(3.89, scenario.Video.MeanBitrateMbps, 12);
        Assert.Equal(69_755.48, plan.Total.IngestMbps, 6);
        Assert.Equal(22_600.775_52, plan.Total.StorageTb, 6);
        // 200 live views at 3.89 Mbps cross the city uplink: 0.778 Gbps.
        Assert.Equal(0.778, plan.Total.UplinkGbps, 12);
        Assert.Equal(plan.Platforms.Sum(p => p.Disks), plan.Total.Disks);
        Assert.All(plan.Platforms, p => Assert.Equal(VideoBackbone.Disks(p.StorageTb, 16 * 0.9), p.Disks));
    }
}
