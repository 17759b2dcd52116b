using System.Diagnostics;
using MonitorSim.Load.Measurement;
using MonitorSim.Load.Results;

namespace MonitorSim.Load.Tests.Measurement;

public sealed class LatencyRecorderTests
{
    private static long Ms(double ms) => (long)(ms * Stopwatch.Frequency / 1000.0);

    /// <summary>HdrHistogram with 3 significant digits: within 0.1 % (plus rounding to the 1 µs unit).</summary>
    private static void Near(double expectedMs, double actualMs) =>
        Assert.InRange(actualMs, expectedMs * 0.999 - 0.001, expectedMs * 1.001 + 0.001);

    [Fact]
    public void A_value_recorded_after_warm_up_appears_in_the_total_once_its_interval_is_taken()
    {
        var r = new LatencyRecorder();
        r.Record(Ms(12), warmUp: false);

        Assert.Equal(0, r.Total().Count);
        var interval = r.TakeInterval();

        Assert.Equal(1, interval.TotalCount);
        var total = r.Total();
        Assert.Equal(1, total.Count);
        Near(12, total.Max);
    }

    [Fact]
    public void A_value_recorded_during_warm_up_appears_in_its_interval_but_not_in_the_total()
    {
        var r = new LatencyRecorder();
        r.Record(Ms(5), warmUp: true);
        r.Record(Ms(7), warmUp: true);
        r.Record(Ms(900), warmUp: false);

        var interval = r.TakeInterval();

        Assert.Equal(3, interval.TotalCount);
        Assert.Equal(1, r.Total().Count);
        Near(900, r.Total().P50);
    }

    [Fact]
    public void Intervals_hold_only_their_own_samples_and_add_up_to_the_total()
    {
        var r = new LatencyRecorder();
        for (var i = 0; i < 10; i++) r.Record(Ms(1), false);
        Assert.Equal(10, r.TakeInterval().TotalCount);
        for (var i = 0; i < 5; i++) r.Record(Ms(100), false);
        var second = r.TakeInterval();

        Assert.Equal(5, second.TotalCount);
        Near(100, LatencyRecorder.Ms(second, 50));
        Assert.Equal(0, r.TakeInterval().TotalCount);
        Assert.Equal(15, r.Total().Count);
        Near(100, r.Total().Max);
        Near(1, r.Total().P50);
    }

    [Fact]
    public void Percentiles_in_milliseconds_are_right_for_1_to_1000_ms_uniformly()
    {
        var r = new LatencyRecorder();
        for (var ms = 1; ms <= 1000; ms++) r.Record(Ms(ms), false);
        var interval = r.TakeInterval();
        var total = r.Total();

        Assert.Equal(1000, total.Count);
        Near(500, total.P50);
        Near(900, total.P90);
        Near(990, total.P99);
        Near(999, total.P999);
        Near(1000, total.Max);
        Near(500.5, total.Mean);
        Near(500, LatencyRecorder.Ms(interval, 50));
        Near(990, LatencyRecorder.Ms(interval, 99));
    }

    [Fact]
    public void Sub_millisecond_values_keep_microsecond_resolution()
    {
        var r = new LatencyRecorder();
        for (var us = 1; us <= 1000; us++) r.Record(Ms(us / 1000.0), false);
        r.TakeInterval();

        Near(0.5, r.Total().P50);
        Near(1.0, r.Total().Max);
    }

    [Fact]
    public void Values_below_a_microsecond_or_above_an_hour_are_clamped_not_lost()
    {
        var r = new LatencyRecorder();
        r.Record(0, false);
        r.Record(-Ms(3), false);
        r.Record(Ms(2 * 3_600_000.0), false);
        r.TakeInterval();
        var total = r.Total();

        Assert.Equal(3, total.Count);
        Near(0.001, total.P50);
        Near(3_600_000, total.Max);
        Assert.Equal(1, total.Clipped); // the one above the hour; those below a microsecond are not clipped, just floored
    }

    [Fact]
    public void A_value_beyond_the_range_saturates_at_the_hour_and_is_counted_as_clipped_however_long_it_is()
    {
        // Ticks × 10⁶ overflows a long past about 2.5 h at a 1 GHz Stopwatch: such a value must not land at 1 µs.
        var r = new LatencyRecorder();
        r.Record(Ms(3 * 3_600_000.0), false);
        r.Record(long.MaxValue, false);
        r.Record(Ms(5 * 3_600_000.0), warmUp: true);
        for (var i = 0; i < 3; i++) r.Record(Ms(10), false);
        r.TakeInterval();
        var total = r.Total();

        Assert.Equal(5, total.Count);
        Assert.Equal(2, total.Clipped); // warm-up values are no more counted here than anywhere else
        Near(3_600_000, total.P90);
        Near(3_600_000, total.Max);
        Near(10, total.P50);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(999_999_999)]
    [InlineData(123_456_789_012)]
    [InlineData(-123_456_789_012)]
    [InlineData(long.MaxValue)]
    public void Ticks_convert_to_whole_microseconds_as_ticks_times_a_million_over_the_frequency_would_without_overflow(long ticks) =>
        Assert.Equal((long)((System.Numerics.BigInteger)ticks * 1_000_000 / Stopwatch.Frequency), LatencyRecorder.Microseconds(ticks));

    [Fact]
    public void Ten_hours_of_ticks_are_ten_hours_of_microseconds()
    {
        Assert.Equal(36_000_000_000L, LatencyRecorder.Microseconds(10 * 3600 * Stopwatch.Frequency));
    }

    [Fact]
    public void An_empty_recorder_reports_empty_statistics()
    {
        var r = new LatencyRecorder();
        var interval = r.TakeInterval();

        Assert.Equal(LatencyStats.Empty, r.Total());
        Assert.Equal(LatencyStats.Empty, LatencyRecorder.Stats(interval));
        Assert.Equal(0, LatencyRecorder.Ms(interval, 99));
    }

    [Fact]
    public void Samples_recorded_from_many_threads_at_once_are_all_counted()
    {
        const int threads = 4, perThread = 1_000_000;
        var r = new LatencyRecorder();
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < perThread; i++) r.Record(Ms(5), warmUp: t % 2 == 0);
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        var interval = r.TakeInterval();

        Assert.Equal(threads * perThread, interval.TotalCount);
        Assert.Equal(threads / 2 * perThread, r.Total().Count);
    }

    [Fact]
    public void A_quiet_interval_between_two_busy_ones_reads_empty_and_the_next_holds_only_its_own_samples()
    {
        var r = new LatencyRecorder();
        for (var i = 0; i < 10; i++) r.Record(Ms(3), false);
        Assert.Equal(10, r.TakeInterval().TotalCount);

        var quiet = r.TakeInterval();
        r.Record(Ms(250), false);
        r.Record(Ms(250), false);
        var busy = r.TakeInterval();

        Assert.Equal(0, quiet.TotalCount);
        Assert.Equal(2, busy.TotalCount);
        Near(250, LatencyRecorder.Ms(busy, 50));
        Assert.Equal(12, r.Total().Count);
    }

    [Fact]
    public void An_interval_of_warm_up_samples_only_and_one_of_measured_samples_only_each_hold_their_own()
    {
        var r = new LatencyRecorder();
        r.Record(Ms(5), warmUp: true);
        r.Record(Ms(6), warmUp: true);
        var warm = r.TakeInterval();
        Assert.Equal(2, warm.TotalCount);
        Near(6, LatencyRecorder.Ms(warm, 100));

        r.Record(Ms(80), warmUp: false);
        var measured = r.TakeInterval();

        Assert.Equal(1, measured.TotalCount);
        Near(80, LatencyRecorder.Ms(measured, 50));
        Assert.Equal(1, r.Total().Count);
        Assert.Equal(0, r.TakeInterval().TotalCount);
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(3, 11)]
    [InlineData(20_000, 5)]
    public void Statistics_from_one_walk_equal_HdrHistograms_own_mean_maximum_and_percentiles(int samples, int seed)
    {
        var h = new HdrHistogram.LongHistogram(1, LatencyRecorder.Highest, 3);
        var rng = new Random(seed);
        // Five decades of microseconds, as a tree's answers spread under load.
        for (var i = 0; i < samples; i++) h.RecordValue((long)Math.Pow(10, 1 + rng.NextDouble() * 5));
        double[] extra = [0, 25, 75, 99.99, 100];

        var stats = LatencyRecorder.Stats(h, extra);

        Assert.Equal(samples, stats.Count);
        Assert.Equal(HdrHistogram.HistogramExtensions.GetMean(h) / 1000.0, stats.Mean);
        Assert.Equal(HdrHistogram.HistogramExtensions.GetMaxValue(h) / 1000.0, stats.Max);
        Assert.Equal(h.GetValueAtPercentile(50) / 1000.0, stats.P50);
        Assert.Equal(h.GetValueAtPercentile(90) / 1000.0, stats.P90);
        Assert.Equal(h.GetValueAtPercentile(99) / 1000.0, stats.P99);
        Assert.Equal(h.GetValueAtPercentile(99.9) / 1000.0, stats.P999);
        foreach (var p in extra) Assert.Equal(h.GetValueAtPercentile(p) / 1000.0, stats.Extra![LatencyStats.KeyOf(p)]);
    }

    [Fact]
    public void Samples_recorded_from_one_thread_while_another_takes_intervals_are_all_counted()
    {
        var r = new LatencyRecorder();
        long seen = 0;
        var writer = new Thread(() =>
        {
            for (var i = 0; i < 1_000_000; i++) r.Record(Ms(1 + i % 100), warmUp: false);
        });
        writer.Start();
        while (writer.IsAlive) seen += r.TakeInterval().TotalCount;
        writer.Join();
        seen += r.TakeInterval().TotalCount;

        Assert.Equal(1_000_000, seen);
        Assert.Equal(1_000_000, r.Total().Count);
    }
}

/// <summary>Latency samples measured on a worker node and folded into the coordinator's recorder.</summary>
public sealed class LatencyRecorderAbsorbTests
{
    private static long Ms(double ms) => (long)(ms * Stopwatch.Frequency / 1000.0);

    [Fact]
    public void Samples_absorbed_from_another_node_give_the_same_statistics_as_if_recorded_here()
    {
        var worker = new LatencyRecorder();
        var direct = new LatencyRecorder();
        var rng = new Random(3);
        for (var i = 0; i < 20_000; i++)
        {
            // Spread over four decades, as a loaded tree's answers are.
            var ms = Math.Pow(10, rng.NextDouble() * 4 - 1);
            var warm = i % 10 == 0;
            worker.Record(Ms(ms), warm);
            direct.Record(Ms(ms), warm);
        }
        var (warmUp, measured) = worker.TakeIntervalEncoded();
        var coordinator = new LatencyRecorder();

        coordinator.Absorb(warmUp, measured);
        var interval = coordinator.TakeInterval();
        var expectedInterval = direct.TakeInterval();

        Assert.Equal(expectedInterval.TotalCount, interval.TotalCount); // warm-up samples join the interval …
        Assert.Equal(direct.Total(), coordinator.Total());              // … and only the measured ones the total
        Assert.Equal(18_000, coordinator.Total().Count);
        // A few bytes a bucket, not sixteen: a quarter second's samples must fit in one remoting frame.
        var buckets = expectedInterval.RecordedValues().Count();
        Assert.True(warmUp.Length + measured.Length < 4 * buckets, $"{warmUp.Length + measured.Length} bytes for {buckets} buckets");
    }

    [Fact]
    public void Absorbed_samples_wait_for_the_next_interval_and_are_taken_only_once()
    {
        var worker = new LatencyRecorder();
        worker.Record(Ms(40), warmUp: false);
        var (warmUp, measured) = worker.TakeIntervalEncoded();
        var coordinator = new LatencyRecorder();

        coordinator.Absorb(warmUp, measured);

        Assert.Equal(0, coordinator.Total().Count);
        Assert.Equal(1, coordinator.TakeInterval().TotalCount);
        Assert.Equal(0, coordinator.TakeInterval().TotalCount);
        Assert.Equal(1, coordinator.Total().Count);
    }

    [Fact]
    public void An_interval_of_absorbed_samples_only_is_followed_by_one_of_own_samples_only_and_neither_leaks_into_the_other()
    {
        var worker = new LatencyRecorder();
        worker.Record(Ms(40), warmUp: false);
        worker.Record(Ms(41), warmUp: true);
        var (warmUp, measured) = worker.TakeIntervalEncoded();
        var coordinator = new LatencyRecorder();
        coordinator.Absorb(warmUp, measured);

        var absorbed = coordinator.TakeInterval();
        Assert.Equal(2, absorbed.TotalCount);
        coordinator.Record(Ms(900), warmUp: false);
        var own = coordinator.TakeInterval();

        Assert.Equal(1, own.TotalCount);
        Assert.InRange(LatencyRecorder.Ms(own, 50), 899, 901);
        Assert.Equal(2, coordinator.Total().Count);
    }

    [Fact]
    public void Values_another_node_clipped_count_as_clipped_here()
    {
        var worker = new LatencyRecorder();
        worker.Record(Ms(2 * 3_600_000.0), warmUp: false);
        worker.Record(Ms(3 * 3_600_000.0), warmUp: true);
        worker.Record(Ms(7), warmUp: false);
        var (warmUp, measured) = worker.TakeIntervalEncoded();
        var coordinator = new LatencyRecorder();

        coordinator.Absorb(warmUp, measured);
        coordinator.TakeInterval();

        Assert.Equal(2, coordinator.Total().Count);
        Assert.Equal(1, coordinator.Total().Clipped);
        Assert.InRange(coordinator.Total().P50, 6.99, 7.01);
    }

    [Fact]
    public void A_workers_samples_are_totalled_once_where_they_are_absorbed_and_not_on_the_worker()
    {
        var worker = new LatencyRecorder();
        var coordinator = new LatencyRecorder();
        worker.Record(Ms(40), warmUp: false);
        worker.Record(Ms(2 * 3_600_000.0), warmUp: false);
        var first = worker.TakeIntervalEncoded();
        worker.Record(Ms(3 * 3_600_000.0), warmUp: false);
        var second = worker.TakeIntervalEncoded();

        coordinator.Absorb(first.WarmUp, first.Measured);
        coordinator.Absorb(second.WarmUp, second.Measured);
        coordinator.TakeInterval();

        Assert.Equal(3, coordinator.Total().Count);
        Assert.Equal(2, coordinator.Total().Clipped); // each clipped value in exactly one report
        Assert.Equal(0, worker.Total().Count);        // the worker's reports are its only record
        Assert.Equal(0, worker.Total().Clipped);
    }

    [Fact]
    public void Nothing_recorded_encodes_to_nothing()
    {
        var (warmUp, measured) = new LatencyRecorder().TakeIntervalEncoded();

        Assert.Empty(warmUp);
        Assert.Empty(measured);
    }
}
