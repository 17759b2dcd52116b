using MonitorSim.Domain.Monitoring;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Cli.Running;

/// <summary>What every node of a run derives the same way from the scenario, so that all processes run one city.</summary>
public static class TreeSetup
{
    public static MonitoringRules Rules(ScenarioDefinition s) =>
        new(s.Monitoring.KeepaliveInterval, s.Monitoring.OfflineAfterMissed, s.Monitoring.RegistrationExpiry,
            s.Monitoring.OnlineOnKeepalive, MonitoringRules.Standard.AlarmClearAfter);
}
