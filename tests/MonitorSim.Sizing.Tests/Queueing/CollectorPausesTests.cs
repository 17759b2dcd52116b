using MonitorSim.Sizing.Queueing;

namespace MonitorSim.Sizing.Tests.Queueing;

/// <summary>The collector's pauses as vacations of the whole process: the cores they leave to the operations and the wait
/// their busy periods add at a percentile.</summary>
public sealed class CollectorPausesTests
{
    /// <summary>2 cores, the workstation collector (1 core while it pauses), pauses of 3 ms, 0.36 µs paused per operation.</summary>
    private static readonly CollectorPauses Workstation = new(2, 1, 0.003, 0.36e-6);

    [Fact]
    public void The_paused_share_grows_with_the_operations_that_allocate()
    {
        Assert.Equal(0.18, Workstation.PausedShare(500_000), 9);
        Assert.Equal(0.09, Workstation.PausedShare(250_000), 9);
        Assert.Equal(0, Workstation.PausedShare(0));
    }

    [Fact]
    public void The_cores_between_pauses_carry_what_the_collector_did_not_use()
    {
        // 1.5 busy cores at 500,000 ops/s: 0.18 of them the collector's, the other 1.32 on 2 × 0.82 cores between pauses.
        Assert.Equal(1.32 / 1.64, Workstation.MutatorUtilisation(1.5, 500_000), 9);
        // Without pauses it is the plain utilisation, busy over cores.
        Assert.Equal(0.75, new CollectorPauses(2, 1, 0.003, 0).MutatorUtilisation(1.5, 500_000), 9);
    }

    [Fact]
    public void A_server_collector_works_on_every_core_while_it_pauses_so_the_same_busy_cores_leave_the_operations_less_busy()
    {
        var server = Workstation with { CollectorCores = 2 };

        Assert.Equal((1.5 - 0.36) / 1.64, server.MutatorUtilisation(1.5, 500_000), 9);
        Assert.True(server.MutatorUtilisation(1.5, 500_000) < Workstation.MutatorUtilisation(1.5, 500_000));
    }

    [Fact]
    public void The_wait_at_the_percentile_is_what_is_left_of_a_pauses_busy_period()
    {
        // ρ = 0.8049: a busy period of 3 ms / 0.1951 = 15.375 ms; the pauses catch 0.18 / 0.1951 = 92 % of operations'
        // share of time, so the p99 wait is 15.375 × (1 − 0.01 × 0.1951 / 0.18) = 15.21 ms.
        Assert.Equal(15.208, Workstation.WaitPercentileSeconds(1.5, 500_000, 0.99)!.Value * 1000, 3);
        // Busier cores between pauses drain the backlog more slowly: the same pauses cost more.
        Assert.True(Workstation.WaitPercentileSeconds(1.7, 500_000, 0.99) > Workstation.WaitPercentileSeconds(1.5, 500_000, 0.99));
    }

    [Fact]
    public void Pauses_that_catch_fewer_operations_than_the_percentile_leaves_add_nothing_to_it_but_show_further_out()
    {
        // f = 0.0036 at 10,000 ops/s with ρ ≈ 0.5: the busy periods hold 0.7 % of the operations, under p99's 1 %.
        var pauses = new CollectorPauses(2, 1, 0.003, 0.36e-6);

        Assert.Equal(0, pauses.WaitPercentileSeconds(1.0, 10_000, 0.99));
        Assert.True(pauses.WaitPercentileSeconds(1.0, 10_000, 0.999) > 0);
    }

    [Fact]
    public void Without_cores_left_between_pauses_the_backlog_never_drains_and_there_is_no_bound()
    {
        Assert.Null(Workstation.WaitPercentileSeconds(1.95, 500_000, 0.99));
        // Pauses that take all the time leave nothing at all.
        Assert.Null(Workstation.WaitPercentileSeconds(0.5, 3_000_000, 0.99));
        Assert.Equal(double.PositiveInfinity, Workstation.MutatorUtilisation(0.5, 3_000_000));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(99)]
    public void A_percentile_outside_0_to_1_is_refused(double percentile)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Workstation.WaitPercentileSeconds(1, 100_000, percentile));
    }
}
