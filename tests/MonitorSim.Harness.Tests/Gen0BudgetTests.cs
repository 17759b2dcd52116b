using MonitorSim.Harness.Measurement;

namespace MonitorSim.Harness.Tests;

/// <summary>A province-sized run tells its user how to keep the collector from stopping the generator; a city's does not,
/// and neither does a run that already set the budget.</summary>
public sealed class Gen0BudgetTests
{
    [Fact]
    public void A_million_camera_run_without_the_variable_is_told_to_set_it()
    {
        var advice = Gen0Budget.Advice(1_000_000, null);

        Assert.NotNull(advice);
        Assert.Contains("DOTNET_GCgen0size=0x4000000", advice);
        Assert.StartsWith("1,000,000 cameras", advice);
    }

    [Theory]
    [InlineData(17_932, null)]        // the seed city: its collections are short
    [InlineData(249_999, "")]
    [InlineData(1_000_000, "0x4000000")] // already set
    public void A_city_sized_run_or_one_that_set_the_budget_hears_nothing(int cameras, string? setTo) =>
        Assert.Null(Gen0Budget.Advice(cameras, setTo));
}
