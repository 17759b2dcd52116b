using System.Diagnostics.Metrics;
using HdrHistogram;
using MonitorSim.Load.Measurement;
using MonitorSim.Load.Results;
using static MonitorSim.Telemetry.Tests.Rows;

namespace MonitorSim.Telemetry.Tests;

/// <summary>What the instruments report, read the way an exporter reads them (a collection of observable instruments).</summary>
public sealed class LiveMetricsTests
{
    [Fact]
    public void Counters_are_the_sums_of_every_row_fed_warm_up_included_and_per_operation()
    {
        using var metrics = new LiveMetrics(MeterName());
        using var readings = new Readings(metrics.Meter);

        metrics.Update(Row(1, offered: 100, [("keepalive", 90, 2, 1, 3), ("alarm", 5, 0, 10, 40)], warmUp: true, dropped: 1));
        metrics.Update(Row(2, offered: 200, [("keepalive", 180, 1, 1, 2)], dropped: 3));
        metrics.Update(Row(3, offered: 50, [("alarm", 20, 4, 12, 80), ("registration", 7, 0, 5, 9)]));
        var v = readings.Collect();

        Assert.Equal(350, v[("monitorsim.operations.offered", null)]);
        Assert.Equal(4, v[("monitorsim.operations.dropped", null)]);
        Assert.Equal(270, v[("monitorsim.operations.completed", "keepalive")]);
        Assert.Equal(25, v[("monitorsim.operations.completed", "alarm")]);
        Assert.Equal(7, v[("monitorsim.operations.completed", "registration")]);
        Assert.Equal(3, v[("monitorsim.operations.failed", "keepalive")]);
        Assert.Equal(4, v[("monitorsim.operations.failed", "alarm")]);
        Assert.Equal(0, v[("monitorsim.operations.failed", "registration")]);
        // Only per-operation series: summing over the tag gives the run's total, with nothing counted twice.
        Assert.False(v.ContainsKey(("monitorsim.operations.completed", null)));
        Assert.Equal(3, metrics.Intervals);
    }

    [Fact]
    public void Last_interval_figures_are_those_of_the_last_row_fed()
    {
        using var metrics = new LiveMetrics(MeterName());
        using var readings = new Readings(metrics.Meter);

        metrics.Update(Row(1, 10, [("keepalive", 9, 0, 1.5, 3.5), ("alarm", 1, 0, 20, 20)], warmUp: true, inFlight: 70, lagP99: 9.5,
            tree: new TreeStatus(100, 20, 3)));
        var first = readings.Collect();
        Assert.Equal(1, first[("monitorsim.run.warm_up", null)]);
        Assert.Equal(70, first[("monitorsim.operations.in_flight", null)]);

        metrics.Update(Row(2, 10, [("keepalive", 10, 0, 0.75, 2.25)], inFlight: 4, lagP99: 0.5, tree: new TreeStatus(118, 2, 1)));
        var v = readings.Collect();

        Assert.Equal(0, v[("monitorsim.run.warm_up", null)]);
        Assert.Equal(4, v[("monitorsim.operations.in_flight", null)]);
        Assert.Equal(118, v[("monitorsim.cameras.online", null)]);
        Assert.Equal(2, v[("monitorsim.cameras.offline", null)]);
        Assert.Equal(1, v[("monitorsim.alarms.active", null)]);
    }

    [Fact]
    public void Latency_samples_are_recorded_into_the_series_histogram_once_each_with_operation_and_node()
    {
        using var metrics = new LiveMetrics(MeterName());
        var recorded = new List<(string Instrument, double Ms, string? Operation, string? Node)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (ReferenceEquals(instrument.Meter, metrics.Meter)) l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            string? operation = null, node = null;
            foreach (var tag in tags)
            {
                if (tag.Key == LiveMetrics.OperationTag) operation = (string?)tag.Value;
                if (tag.Key == LiveMetrics.NodeTag) node = (string?)tag.Value;
            }
            recorded.Add((instrument.Name, value, operation, node));
        });
        listener.Start();
        // Microseconds, as the engine records them; below 2,048 µs HdrHistogram's 3 digits keep every value exact.
        var samples = new LongHistogram(1, LatencyRecorder.Highest, 3);
        samples.RecordValueWithCount(1_500, 3);
        samples.RecordValue(250);

        metrics.Samples(LatencySeries.Response, "alarm", 2, samples);
        metrics.Samples(LatencySeries.Service, "alarm.point_to_platform", 1, samples);
        metrics.Samples(LatencySeries.GeneratorLag, "", 3, samples);

        Assert.Equal(
        [
            ("monitorsim.operations.response_time", 0.25, "alarm", "2"),
            ("monitorsim.operations.response_time", 1.5, "alarm", "2"),
            ("monitorsim.operations.response_time", 1.5, "alarm", "2"),
            ("monitorsim.operations.response_time", 1.5, "alarm", "2"),
            ("monitorsim.operations.service_time", 0.25, "alarm.point_to_platform", "1"),
            ("monitorsim.operations.service_time", 1.5, "alarm.point_to_platform", "1"),
            ("monitorsim.operations.service_time", 1.5, "alarm.point_to_platform", "1"),
            ("monitorsim.operations.service_time", 1.5, "alarm.point_to_platform", "1"),
            ("monitorsim.generator.lag", 0.25, null, "3"),
            ("monitorsim.generator.lag", 1.5, null, "3"),
            ("monitorsim.generator.lag", 1.5, null, "3"),
            ("monitorsim.generator.lag", 1.5, null, "3"),
        ], recorded);
    }

    [Fact]
    public void Before_the_first_row_counters_read_zero_and_last_interval_instruments_have_no_point()
    {
        using var metrics = new LiveMetrics(MeterName());
        using var readings = new Readings(metrics.Meter);

        var v = readings.Collect();

        Assert.Equal(0, v[("monitorsim.operations.offered", null)]);
        Assert.Equal(0, v[("monitorsim.operations.dropped", null)]);
        foreach (var name in new[] { "monitorsim.operations.in_flight", "monitorsim.cameras.online",
                     "monitorsim.cameras.offline", "monitorsim.alarms.active", "monitorsim.run.warm_up" })
            Assert.False(v.ContainsKey((name, null)), $"{name} reported a value before any interval");
    }

    [Fact]
    public void Instruments_have_the_documented_names_kinds_and_units()
    {
        using var metrics = new LiveMetrics(MeterName());
        using var readings = new Readings(metrics.Meter);

        var expected = new (string Name, string Kind, string? Unit)[]
        {
            ("monitorsim.operations.offered", "ObservableCounter`1", "{operation}"),
            ("monitorsim.operations.completed", "ObservableCounter`1", "{operation}"),
            ("monitorsim.operations.failed", "ObservableCounter`1", "{operation}"),
            ("monitorsim.operations.dropped", "ObservableCounter`1", "{operation}"),
            ("monitorsim.operations.in_flight", "ObservableUpDownCounter`1", "{operation}"),
            ("monitorsim.operations.response_time", "Histogram`1", "ms"),
            ("monitorsim.operations.service_time", "Histogram`1", "ms"),
            ("monitorsim.generator.lag", "Histogram`1", "ms"),
            ("monitorsim.cameras.online", "ObservableUpDownCounter`1", "{camera}"),
            ("monitorsim.cameras.offline", "ObservableUpDownCounter`1", "{camera}"),
            ("monitorsim.alarms.active", "ObservableUpDownCounter`1", "{alarm}"),
            ("monitorsim.run.warm_up", "ObservableGauge`1", null),
        };
        var instruments = readings.Instruments;

        Assert.Equal(expected.Select(e => e.Name).Order(StringComparer.Ordinal), instruments.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, kind, unit) in expected)
        {
            Assert.Equal(kind, instruments[name].GetType().Name);
            Assert.Equal(unit, instruments[name].Unit);
            // The histograms are fed once per interval (Samples); everything else is read when collected.
            if (instruments[name] is Histogram<double> histogram)
                Assert.Equal(LiveMetrics.LatencyBucketsMs, histogram.Advice?.HistogramBucketBoundaries);
            else
                Assert.True(instruments[name].IsObservable, $"{name} is not observable: the hot path would pay for it");
        }
        using var standard = new LiveMetrics();
        Assert.Equal("MonitorSim", standard.Meter.Name);
    }

    [Fact]
    public void Rows_fed_from_several_threads_at_once_are_all_counted()
    {
        using var metrics = new LiveMetrics(MeterName());
        using var readings = new Readings(metrics.Meter);
        const int threads = 4, perThread = 2_000;

        // Dedicated threads, not pool tasks: they block on the barrier, and a 2-core machine's pool starts with 2 threads.
        using var start = new Barrier(threads + 1);
        var collecting = true;
        Exception? failure = null;
        var collector = new Thread(() =>
        {
            start.SignalAndWait();
            // Collections while rows arrive must never fail or see a total go down.
            double last = 0;
            try
            {
                while (Volatile.Read(ref collecting))
                {
                    var offered = readings.Collect()[("monitorsim.operations.offered", null)];
                    if (offered < last) throw new InvalidOperationException($"offered went down from {last} to {offered}");
                    last = offered;
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        var feeders = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < perThread; i++) metrics.Update(Row(i, offered: 1, [("noop", 1, 0, 0.1, 0.2)]));
        })).ToArray();
        collector.Start();
        foreach (var f in feeders) f.Start();
        foreach (var f in feeders) f.Join();
        Volatile.Write(ref collecting, false);
        collector.Join();

        Assert.Null(failure);
        var v = readings.Collect();
        Assert.Equal(threads * perThread, v[("monitorsim.operations.offered", null)]);
        Assert.Equal(threads * perThread, v[("monitorsim.operations.completed", "noop")]);
        Assert.Equal(threads * perThread, metrics.Intervals);
    }
}
