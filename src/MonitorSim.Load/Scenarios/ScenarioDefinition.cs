using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Storage;
using MonitorSim.Domain.Topology;
using MonitorSim.Sizing.Video;

namespace MonitorSim.Load.Scenarios;

/// <summary>A loaded scenario: what to build, what load to drive through it, and what must hold. Overrides use <c>with</c>.</summary>
public sealed record ScenarioDefinition
{
    /// <summary>The sim start when a scenario names none: a Friday morning, inside office hours.</summary>
    public static DateTime DefaultSimStart { get; } = new(2026, 11, 27, 9, 0, 0, DateTimeKind.Unspecified);

    /// <summary>[a-z0-9_-]+; names the run and its output.</summary>
    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>Where the scenario was read from (empty when built in code).</summary>
    public string SourceFile { get; init; } = "";

    public int Seed { get; init; } = 42;

    /// <summary>Wall time the load runs.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Wall time at the start excluded from statistics.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.Zero;

    public TimeSpan ReportInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long operations still in flight at the end are awaited before they count as timed out.</summary>
    public TimeSpan CompletionTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long starting the tree (waking every platform and point) may take; null = growing with the tree
    /// (30 s + 1 ms per entity).</summary>
    public TimeSpan? StartTimeout { get; init; }

    /// <summary>Sim seconds per wall second.</summary>
    public double Compression { get; init; } = 1;

    /// <summary>The sim (local) date-time at which the run starts.</summary>
    public DateTime SimStart { get; init; } = DefaultSimStart;

    /// <summary>Where the journal lives (the scenario's <c>store:</c>, else the embedded SQLite default).</summary>
    public StoreAddress Store { get; init; } = StoreAddress.DefaultSqlite;

    /// <summary>Multiplies every rate.</summary>
    public double LoadFactor { get; init; } = 1;

    /// <summary>The tree's size; for a province (<see cref="Cities"/>), the sum of its cities'.</summary>
    public TopologySpec Topology { get; init; } = TopologySpec.Xuzhou;

    /// <summary>A province's cities (<c>topology.cities</c>), each cascading to the province platform; null: one city.</summary>
    public IReadOnlyList<CitySpec>? Cities { get; init; }

    public MonitoringSpec Monitoring { get; init; } = MonitoringSpec.Default;

    public OfficeHours OfficeHours { get; init; } = OfficeHours.Default;

    /// <summary>The workload streams, run concurrently.</summary>
    public required IReadOnlyList<StreamDefinition> Streams { get; init; }

    /// <summary>The longest time an operation of any stream may go unanswered (<see cref="StreamDefinition.Timeout"/>,
    /// <see cref="StreamDefinition.DefaultTimeout"/> where a stream sets none): how late an answer can still count.</summary>
    public TimeSpan LongestOperationTimeout =>
        Streams.Select(s => s.Timeout ?? StreamDefinition.DefaultTimeout).DefaultIfEmpty(StreamDefinition.DefaultTimeout).Max();

    /// <summary>Percentiles reported beyond the standard p50, p90, p99 and p99.9 (e.g. 75, 99.99), in order.</summary>
    public IReadOnlyList<double> Percentiles { get; init; } = [];

    public IReadOnlyList<ThresholdDefinition> Thresholds { get; init; } = [];

    public IReadOnlyList<FaultDefinition> Faults { get; init; } = [];

    /// <summary>Faults to draw at seeded random times once the run's node count is known (<see cref="ChaosPlan"/>); null: none.</summary>
    public ChaosSpec? Chaos { get; init; }

    /// <summary>The simulated year of supervision workflows the run drives beside its streams (null: none).</summary>
    public Domain.Supervision.SupervisionSpec? Supervision { get; init; }

    /// <summary>What the cameras send and how long it is kept, for sizing the video backbone (<see cref="ScenarioVideo"/>);
    /// the worked example of docs/domain.md#video-sizing-practice (2 Mbps a camera, 30 days) when the scenario has no <c>video</c> section.</summary>
    public VideoSpec Video { get; init; } = VideoSpec.WorkedExample;

    /// <summary>A scenario with every default and one stream, <c>keepalive</c>: each camera once per keepalive interval.</summary>
    public static ScenarioDefinition Default(string name) => new()
    {
        Name = name,
        Streams =
        [
            new StreamDefinition("keepalive", OperationKind.Keepalive, [], [new PeriodicStep(MonitoringSpec.Default.KeepaliveInterval, Population.Camera, null)]),
        ],
    };
}
