using MonitorSim.Domain.Monitoring;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Harness.Session;

/// <summary>What every node of a run derives the same way from the scenario, so that all processes run one city.</summary>
public static class TreeSetup
{
    public static MonitoringRules Rules(ScenarioDefinition s) =>
        new(s.Monitoring.KeepaliveInterval, s.Monitoring.OfflineAfterMissed, s.Monitoring.RegistrationExpiry,
            s.Monitoring.OnlineOnKeepalive, s.Monitoring.AlarmClearAfter, s.Monitoring.DetectionsFileClues);

    /// <summary>Whether the nodes' remoting must be able to cut links (the scenario has a partition fault): every node of
    /// the run must agree, since it changes the address protocol. A chaos section that may draw partitions counts: the
    /// workers read the scenario file, not the coordinator's draw.</summary>
    public static bool Partitionable(ScenarioDefinition s) =>
        s.Faults.Any(f => f.Target == FaultTarget.Partition) || s.Chaos is { Partitions: > 0 };
}
