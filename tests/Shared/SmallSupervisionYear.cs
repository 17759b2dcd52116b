using MonitorSim.Domain.Supervision;
using MonitorSim.Domain.Topology;

namespace MonitorSim.TestSupport;

/// <summary>A small supervision year for tests: a few hundred clues over every kind of intake, with listed supervision,
/// working-group visits, look-backs and warnings, on a city of 3 platforms.</summary>
internal static class SmallSupervisionYear
{
    public static readonly CityTopology City = TopologyBuilder.Build(new TopologySpec(3, 12, 30, 2, 4), 42);

    public static readonly Organisation Org = Organisation.Build(City, 42);

    public static readonly SupervisionSpec Spec = new()
    {
        LeadIn = TimeSpan.FromDays(30),
        Channels =
        [
            new(ClueChannel.Petition, new PoissonIntake(150)),
            new(ClueChannel.DataAnalysis, new BatchIntake(TimeSpan.FromDays(91), 20, TimeSpan.FromDays(40))),
            new(ClueChannel.FourSeasonInspection, new SeasonalIntake(40, [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1])),
            new(ClueChannel.MonitoringDetection, new PoissonIntake(40)),
        ],
        Visits = new VisitCampaign(2, 5, 226, 3, 1),
        SupervisionBatches = [new(60, 8), new(200, 8)],
        SubstantiatedShare = 0.4,
        MeanInvestigationDays = 45,
        DeadlineDays = 60,
        ReopenShare = 0.2,
        WarningThresholdScale = 0.5,
    };
}
