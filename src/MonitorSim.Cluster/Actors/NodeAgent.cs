using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Sharding;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Cluster.Sharding;
using MonitorSim.Domain.Time;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// One per node, at <c>/user/node-agent</c>: what the coordinator of a multi-node run asks of every process — follow its
/// sim clock, report the node's resources and the platforms it hosts (for the per-node figures in summary.json), and
/// collect its heap before a sizing trial.
/// </summary>
public sealed class NodeAgent : ReceiveActor
{
    public const string Name = "node-agent";

    private readonly TimeSpan _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long _allocatedAtStart = GC.GetTotalAllocatedBytes();
    private readonly (int, int, int) _gcAtStart = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

    public NodeAgent(ISimClock clock, IActorRef region, IReadOnlyList<string> roles)
    {
        var self = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
        Receive<SyncClock>(s =>
        {
            if (clock is SimClock sim) sim.Adopt(s.SimAt, s.WallUtc);
            Sender.Tell(new ClockSynced(self));
        });
        ReceiveAsync<CutOff>(async cut =>
        {
            var replyTo = Sender;
            try
            {
                var peer = Address.Parse(cut.Peer);
                await Partitions.BlackholeAsync(Context.System, peer);
                // The node heals the cut itself when it is due: no message could cross the cut to say so.
                var system = Context.System;
                _ = Task.Delay(cut.For).ContinueWith(_ => Partitions.RestoreAsync(system, peer), TaskScheduler.Default);
                replyTo.Tell(new CutOffSet(self));
            }
            catch (Exception e)
            {
                replyTo.Tell(new CutOffSet(self, e.Message));
            }
        });
        // On the agent's own thread: the collection blocks the whole process anyway, and the answer says it is done.
        Receive<CollectHeap>(_ => Sender.Tell(new HeapCollected(self, CompactedHeap.Collect())));
        ReceiveAsync<GetNodeReport>(async __ =>
        {
            var replyTo = Sender;
            List<int>? platforms = [];
            var points = 0;
            if (roles.Contains(Hosting.ClusterMembership.TreeRole))
            {
                try
                {
                    var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(3));
                    foreach (var shard in state.Shards)
                    foreach (var id in shard.EntityIds)
                    {
                        if (EntityIds.IsPlatform(id, out var p)) platforms.Add(p);
                        else if (EntityIds.IsPoint(id, out _)) points++;
                    }
                }
                catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
                {
                    platforms = null; // the region did not answer in time: unknown, not none
                    points = -1;
                }
            }
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var journal = JournalWriterTime.Read();
            replyTo.Tell(new NodeReport(self, roles, Environment.ProcessId,
                Math.Round((process.TotalProcessorTime - _cpuAtStart).TotalSeconds, 2),
                Math.Round(process.PeakWorkingSet64 / (1024.0 * 1024.0), 1),
                Math.Round((GC.GetTotalAllocatedBytes() - _allocatedAtStart) / (1024.0 * 1024.0), 1),
                GC.CollectionCount(0) - _gcAtStart.Item1, GC.CollectionCount(1) - _gcAtStart.Item2, GC.CollectionCount(2) - _gcAtStart.Item3,
                platforms?.Order().ToList(), points, Math.Round(System.Runtime.JitInfo.GetCompilationTime().TotalSeconds, 3),
                journal.HoldS, journal.LockWaitS, journal.Transactions));
        });
    }

    public static Props Props(ISimClock clock, IActorRef region, IReadOnlyList<string> roles) =>
        Akka.Actor.Props.Create(() => new NodeAgent(clock, region, roles));
}
