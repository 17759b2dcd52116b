using MonitorSim.Harness.Measurement;

namespace MonitorSim.Harness.Tests;

/// <summary>A province-sized run tells its user how to keep the collector from stopping the generator; a city's does not,
/// and neither does a run that already set the budget on the server collector.</summary>
public sealed class Gen0BudgetTests
{
    [Fact]
    public void A_million_camera_run_without_the_variable_is_told_the_settings_that_met_every_target()
    {
        var advice = Gen0Budget.Advice(1_000_000, null, serverCollector: false);

        Assert.NotNull(advice);
        Assert.Contains("DOTNET_gcServer=1 DOTNET_gcConcurrent=0 DOTNET_GCgen0size=0x8000000", advice);
        Assert.StartsWith("1,000,000 cameras with the runtime's default gen0 budget", advice);
    }

    [Fact]
    public void A_million_camera_run_that_set_the_budget_on_the_workstation_collector_is_told_of_the_server_collector()
    {
        var advice = Gen0Budget.Advice(1_000_000, "0x4000000", serverCollector: false);

        Assert.NotNull(advice);
        Assert.StartsWith("1,000,000 cameras on the workstation collector", advice);
        Assert.Contains("DOTNET_gcServer=1", advice);
    }

    [Theory]
    [InlineData(17_932, null, false)]        // the seed city: its collections are short
    [InlineData(249_999, "", false)]
    [InlineData(1_000_000, "0x4000000", true)] // the budget set, on the server collector
    [InlineData(1_000_000, "0x8000000", true)]
    public void A_city_sized_run_or_one_on_the_recommended_settings_hears_nothing(int cameras, string? setTo, bool serverCollector) =>
        Assert.Null(Gen0Budget.Advice(cameras, setTo, serverCollector));
}
