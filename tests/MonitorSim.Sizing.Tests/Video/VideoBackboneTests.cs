using MonitorSim.Sizing.Video;

namespace MonitorSim.Sizing.Tests.Video;

/// <summary>The video backbone against the worked figures of docs/domain.md#video-sizing-practice (decimal units, see <see cref="DataUnits"/>).</summary>
public sealed class VideoBackboneTests
{
    private const int XuzhouCameras = 17_932;

    private static VideoBackbonePlan City(VideoSpec spec, params int[] camerasPerPlatform) =>
        VideoBackbone.Plan(camerasPerPlatform.Select((c, i) => new PlatformCameras($"p{i:D2}", c)).ToList(), spec);

    [Fact]
    public void Two_megabits_a_second_fill_nine_tenths_of_a_gigabyte_an_hour()
    {
        // 2 × 10^6 bit/s × 3,600 s / 8 = 0.9 × 10^9 bytes.
        Assert.Equal(0.9, DataUnits.GbPerHour(2), 12);
        // Practice rounds it to "≈ 0.88 GB/hour": within 3 % (the binary reading, 0.838 GiB, is 5 % off and is ruled
        // out by the 11.6 PB below).
        Assert.InRange(DataUnits.GbPerHour(2), 0.88 * 0.97, 0.88 * 1.03);
    }

    [Fact]
    public void The_seed_city_at_2_Mbps_ingests_about_36_Gbps_and_keeps_about_11_6_PB_for_30_days()
    {
        var plan = City(VideoSpec.WorkedExample, XuzhouCameras);

        // 17,932 × 2 Mbps = 35,864 Mbps; the worked example: "≈ 36 Gbps". Within 0.5 %.
        Assert.Equal(35_864, plan.Total.IngestMbps, 6);
        Assert.InRange(plan.Total.IngestGbps, 36 * 0.995, 36 * 1.005);
        // 35,864 Mbps × 720 h × 0.45 GB/h per Mbps = 11,619.9 TB; the worked example: "≈ 11.6 PB". Within 0.5 %.
        Assert.Equal(11_619.936, plan.Total.StorageTb, 6);
        Assert.InRange(plan.Total.StoragePb, 11.6 * 0.995, 11.6 * 1.005);
    }

    [Fact]
    public void Splitting_the_cameras_over_platforms_keeps_the_city_totals()
    {
        var one = City(VideoSpec.WorkedExample, XuzhouCameras);
        var many = City(VideoSpec.WorkedExample, 8_000, 5_000, 3_000, 1_932);

        Assert.Equal(one.Total.IngestMbps, many.Total.IngestMbps, 6);
        Assert.Equal(one.Total.StorageTb, many.Total.StorageTb, 6);
        Assert.Equal(XuzhouCameras, many.Total.Cameras);
        Assert.Equal(many.Platforms.Sum(p => p.StorageTb), many.Total.StorageTb, 6);
    }

    [Fact]
    public void Disks_are_whole_and_counted_per_platform_at_the_usable_fraction()
    {
        // 100 cameras × 0.648 TB (2 Mbps, 30 days) = 64.8 TB on 16 TB disks 90 % usable (14.4 TB): 4.5 → 5 disks.
        var plan = City(VideoSpec.WorkedExample, 100, 100);

        Assert.All(plan.Platforms, p => Assert.Equal(5, p.Disks));
        // Pooled, 129.6 TB would fit 9 disks; each platform stores its own cameras, so the city needs 10.
        Assert.Equal(10, plan.Total.Disks);
    }

    [Fact]
    public void Storage_that_fills_disks_exactly_buys_no_extra_disk()
    {
        // 175 cameras × 0.648 TB = 113.4 TB on 18 TB disks 90 % usable (16.2 TB): exactly 7 disks, although in binary
        // floating point the quotient comes out as 7.000000000000001.
        var plan = City(VideoSpec.WorkedExample with { DiskTb = 18 }, 175);

        Assert.Equal(7, plan.Total.Disks);
    }

    [Fact]
    public void The_seed_city_needs_807_disks_of_16_TB_when_one_platform_stores_everything()
    {
        // 11,619.936 TB / 14.4 TB = 806.9.
        Assert.Equal(807, City(VideoSpec.WorkedExample, XuzhouCameras).Total.Disks);
    }

    [Fact]
    public void Half_the_duty_cycle_halves_ingest_and_storage_but_not_the_peak_the_links_must_carry()
    {
        var full = City(VideoSpec.WorkedExample, 1_000);
        var half = City(VideoSpec.WorkedExample with { DutyCycle = 0.5 }, 1_000);

        Assert.Equal(full.Total.IngestMbps / 2, half.Total.IngestMbps, 9);
        Assert.Equal(full.Total.StorageTb / 2, half.Total.StorageTb, 9);
        Assert.Equal(full.Total.PeakIngestMbps, half.Total.PeakIngestMbps, 9);
        Assert.Equal(2_000, half.Total.PeakIngestMbps, 9);
    }

    [Fact]
    public void Retention_scales_storage_linearly()
    {
        var month = City(VideoSpec.WorkedExample, 1_000);
        var quarter = City(VideoSpec.WorkedExample with { RetentionDays = 90 }, 1_000);

        Assert.Equal(3 * month.Total.StorageTb, quarter.Total.StorageTb, 9);
    }

    [Fact]
    public void At_growth_1_the_backbone_is_todays()
    {
        var today = City(VideoSpec.WorkedExample, 100, 3_000);

        var grown = VideoBackbone.AtGrowth(today, 1);

        Assert.Equal(today.Total, grown.Total);
        Assert.Equal(today.Platforms, grown.Platforms);
    }

    [Fact]
    public void Growth_3_triples_cameras_ingest_and_storage_and_buys_whole_disks_for_what_grew()
    {
        // 100 cameras: 64.8 TB, 4.5 → 5 disks of 14.4 TB usable. Three times that, 194.4 TB, is 13.5 → 14 disks, not 3 × 5.
        var today = City(VideoSpec.WorkedExample, 100, 100);

        var grown = VideoBackbone.AtGrowth(today, 3);

        Assert.Equal(600, grown.Total.Cameras);
        Assert.Equal(3 * today.Total.IngestMbps, grown.Total.IngestMbps, 9);
        Assert.Equal(3 * today.Total.PeakIngestMbps, grown.Total.PeakIngestMbps, 9);
        Assert.Equal(3 * today.Total.StorageTb, grown.Total.StorageTb, 9);
        Assert.All(grown.Platforms, p => Assert.Equal(14, p.Disks));
        Assert.Equal(28, grown.Total.Disks);
        // The live views are the city's, not the cameras': the uplinks do not grow.
        Assert.Equal(today.Total.UplinkMbps, grown.Total.UplinkMbps, 9);
        Assert.Equal(today.Platforms[0].LiveViews, grown.Platforms[0].LiveViews, 9);
    }

    [Fact]
    public void Grown_cameras_are_whole_and_growth_must_be_positive()
    {
        var today = City(VideoSpec.WorkedExample, 101);

        Assert.Equal(152, VideoBackbone.AtGrowth(today, 1.5).Total.Cameras); // 151.5 → 152
        Assert.Throws<ArgumentOutOfRangeException>(() => VideoBackbone.AtGrowth(today, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => VideoBackbone.AtGrowth(today, double.NaN));
    }

    [Fact]
    public void The_city_uplink_carries_every_live_view_and_each_platform_its_cameras_share()
    {
        // 200 views × 2 Mbps = 400 Mbps at the city; a platform with a quarter of the cameras serves 50 views, 100 Mbps.
        var plan = City(VideoSpec.WorkedExample, 1_000, 3_000);

        Assert.Equal(0.4, plan.Total.UplinkGbps, 12);
        Assert.Equal(50, plan.Platforms[0].LiveViews, 12);
        Assert.Equal(100, plan.Platforms[0].UplinkMbps, 9);
        Assert.Equal(300, plan.Platforms[1].UplinkMbps, 9);
    }

    [Fact]
    public void A_view_bitrate_of_its_own_overrides_the_mixs_mean()
    {
        var plan = City(VideoSpec.WorkedExample with { LiveViews = 64, ViewBitrateMbps = 1 }, 1_000);

        Assert.Equal(64, plan.Total.UplinkMbps, 12);
    }

    [Fact]
    public void A_mix_records_at_its_weighted_mean_bitrate()
    {
        // 0.5 × 5.5 + 0.3 × 5.5 × (1 − 0.3) + 0.2 × 2.3 = 2.75 + 1.155 + 0.46 = 4.365 Mbps.
        var spec = VideoSpec.WorkedExample with
        {
            Mix =
            [
                Stream("1080p_h264", 0.5), Stream("1080p_h265", 0.3), Stream("720p_h264", 0.2),
            ],
        };

        var plan = City(spec, 1_000);

        Assert.Equal(4.365, spec.MeanBitrateMbps, 12);
        Assert.Equal(4_365, plan.Total.IngestMbps, 9);
    }

    private static VideoStream Stream(string name, double share)
    {
        Assert.True(VideoFormat.TryParse(name, out var format));
        return new VideoStream(name, TypicalBitrates.Mbps(format), share);
    }

    [Fact]
    public void The_bitrate_table_is_domain_mds_and_h265_saves_its_stated_share()
    {
        Assert.Equal(2.3, TypicalBitrates.Mbps(new VideoFormat(Resolution.Hd720, Codec.H264)));
        Assert.Equal(5.5, TypicalBitrates.Mbps(new VideoFormat(Resolution.FullHd1080, Codec.H264)));
        Assert.Equal(20, TypicalBitrates.Mbps(new VideoFormat(Resolution.Uhd4K, Codec.H264)));
        Assert.Equal(14, TypicalBitrates.Mbps(new VideoFormat(Resolution.Uhd4K, Codec.H265)), 12);           // 30 % off 20
        Assert.Equal(4.95, TypicalBitrates.Mbps(new VideoFormat(Resolution.FullHd1080, Codec.H265), 0.1), 12); // 10 % off 5.5
        Assert.Throws<ArgumentOutOfRangeException>(() => TypicalBitrates.Mbps(new VideoFormat(Resolution.Hd720, Codec.H265), 1));
    }

    [Fact]
    public void Every_format_is_found_by_its_own_name()
    {
        Assert.Equal(6, VideoFormat.All.Count);
        Assert.All(VideoFormat.All, f => Assert.True(VideoFormat.TryParse(f.Name, out var g) && g == f, f.Name));
        Assert.Equal(["720p_h264", "720p_h265", "1080p_h264", "1080p_h265", "4k_h264", "4k_h265"], VideoFormat.All.Select(f => f.Name));
        Assert.False(VideoFormat.TryParse("1080p_h266", out _));
    }

    [Fact]
    public void A_mix_whose_shares_do_not_add_up_to_one_is_refused()
    {
        var spec = VideoSpec.WorkedExample with { Mix = [new VideoStream("a", 2, 0.5), new VideoStream("b", 4, 0.4)] };

        var e = Assert.Throws<ArgumentException>(() => City(spec, 100));

        Assert.Contains("add up to 1", e.Message);
    }

    [Theory]
    [InlineData(0.0, 30.0)]
    [InlineData(1.5, 30.0)]
    [InlineData(1.0, 0.0)]
    public void A_duty_cycle_outside_zero_to_one_or_no_retention_is_refused(double dutyCycle, double retentionDays)
    {
        var spec = VideoSpec.WorkedExample with { DutyCycle = dutyCycle, RetentionDays = retentionDays };

        Assert.Throws<ArgumentException>(() => City(spec, 100));
    }
}
