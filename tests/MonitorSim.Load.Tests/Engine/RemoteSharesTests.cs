using MonitorSim.Load.Engine;
using MonitorSim.Load.Measurement;
using MonitorSim.Load.Results;

namespace MonitorSim.Load.Tests.Engine;

/// <summary>
/// The coordinator's bookkeeping of its workers is touched from several threads at once: the reporter reads what the
/// workers have in flight every interval, while a worker's final report arrives or its node is lost. Once the two took
/// the same two locks in opposite orders, and a worker lost at the instant the reporter read hung the run for good.
/// </summary>
public sealed class RemoteSharesTests
{
    /// <summary>Far beyond anything a thread needs here: reached only if it is blocked for good.</summary>
    private static readonly TimeSpan Deadlocked = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_worker_lost_while_the_reporter_reads_what_the_workers_have_in_flight_blocks_neither()
    {
        RemoteShares? shares = null;
        Thread? reporter = null;
        // The loss hands the platforms over while it holds the worker's lock: that is when the reporter comes to read.
        LoadShare? TakingOver()
        {
            reporter = new Thread(() => shares!.InFlight()) { IsBackground = true, Name = "reporter" };
            reporter.Start();
            // Blocked on the worker's lock (held here): in the old order it held the list's lock meanwhile.
            while ((reporter.ThreadState & ThreadState.WaitSleepJoin) == 0 && reporter.IsAlive) Thread.Yield();
            return null;
        }
        shares = new RemoteShares(new RunMeasurement([]), new RunClock(), new RunEvents(), new AcknowledgedOperations(), TakingOver, () => null);
        shares.Add("worker", [1, 2], 2);
        IReadOnlyList<int> takenOver = [];
        var losing = new Thread(() => takenOver = shares.Lost("worker", "its node was killed")) { IsBackground = true, Name = "losing" };

        losing.Start();

        Assert.True(losing.Join(Deadlocked), "the worker's loss never completed: it waits for the reporter, which waits for it");
        Assert.True(reporter!.Join(Deadlocked), "the reporter never read what was in flight: it waits for the worker's loss");
        Assert.Equal([1, 2], takenOver);
    }
}
