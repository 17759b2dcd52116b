using System.Text.Json;
using MonitorSim.Harness.Capacity;
using MonitorSim.Load.Scenarios;
using MonitorSim.Reports.Sizing;
using MonitorSim.Sizing.Search;

namespace MonitorSim.Harness.Tests;

/// <summary>
/// <c>size --searches N</c>: one search is one draw, so a node count searched N times on clusters started afresh is
/// represented by its median search — the capacity, trail and models the plan uses are that search's — and the report
/// lists every search with the spread.
/// </summary>
public sealed class RepeatedSearchTests
{
    private const string Scenario = """
        name: queue_repeats
        seed: 7
        duration: 4s
        warm_up: 1s
        completion_timeout: 2s
        scenarios:
          - name: queue
            operation: { target: queue, workers: 10, service_time: { distribution: exponential, mean: 20ms } }
            load:
              - inject: { rate: 50, interval: 1s, arrivals: poisson }
        thresholds:
          - "queue.p99 < 150ms"
        """;

    [Fact]
    public async Task Three_searches_of_one_node_count_are_all_reported_and_the_plan_stands_on_the_median_one()
    {
        var scenario = ScenarioLoader.Parse(Scenario, "queue-repeats.yaml");
        var search = new SearchSettings(StartLoad: 2, Resolution: 0.3, BoundaryRepeats: 1, MaxLoad: 32, MaxTrials: 8);
        var settings = new SizeSettings(search, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1.5), scenario.Thresholds, 0.6, 1, 1, 16, [1], TimeSpan.Zero,
            Searches: 3);
        var folder = Directory.CreateTempSubdirectory("size-repeats-");
        try
        {
            var run = await new SizeJob(scenario, settings, folder.FullName, new QuietProgress()).ExecuteAsync(default);
            SizingWriter.WriteAll(run, folder.FullName);

            var counted = Assert.Single(run.RepeatedSearches!);
            Assert.Equal(3, counted.Searches.Count);
            var capacities = counted.Searches.Select(s => s.OpsPerSecond).Order().ToList();
            Assert.Equal(capacities[1], counted.OpsPerSecond);
            Assert.Equal((capacities[0], capacities[2]), counted.Spread);
            // The series the plan uses is the median search's own: its interval, not a mix of the three.
            var planned = Assert.Single(run.Clusters!).Search!;
            Assert.Equal(counted.Median.PassedLoad, planned.PassedLoad);
            Assert.Equal(counted.Median.FailedLoad, planned.FailedLoad);
            Assert.Contains(run.Notes, n => n.Contains("searched 3 times", StringComparison.Ordinal));

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder.FullName, SizingJson.FileName)));
            var listed = Assert.Single(json.RootElement.GetProperty("repeated_searches").EnumerateArray());
            Assert.Equal(3, listed.GetProperty("searches").GetArrayLength());
            Assert.Single(listed.GetProperty("searches").EnumerateArray(), s => s.GetProperty("median").GetBoolean());
            Assert.Contains("Each node count was searched 3 times", await File.ReadAllTextAsync(Path.Combine(folder.FullName, SizingMarkdown.FileName)));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
