using MonitorSim.Domain.Operations;
using MonitorSim.Load.Engine;

namespace MonitorSim.Load.Tests.Engine;

/// <summary>
/// The operations in flight: every one found by its answer exactly once, and, at a generator's rate, kept without an
/// allocation per operation — also when one slow answer holds every answered entry after it in the buffer.
/// </summary>
public sealed class PendingOperationsTests
{
    private static readonly StreamPlan Keepalive = new("keepalive", OperationKind.Keepalive, StreamSchedule.None, 0, "",
        PopulationKind.Camera, AlarmMix.None, InFlightRules.Default);

    [Fact]
    public void Answers_behind_one_slow_operation_are_taken_without_allocating_and_the_slow_one_is_still_found()
    {
        var pending = new PendingOperations([Keepalive]);
        var slow = new OpTicket(0, 7, 1, 1);
        pending.Add(slow);
        var clock = 2L;
        var notTaken = 0;
        // Each answered at once, in order, while the slow one stays in flight: the buffer fills with answered entries.
        void Answered(int operations)
        {
            for (var i = 0; i < operations; i++)
            {
                var ticket = new OpTicket(0, i, clock, clock);
                clock++;
                pending.Add(ticket);
                if (pending.TryTake(ticket, ticket.Started, out _) != PendingOperations.Claim.Taken) notTaken++;
            }
        }

        Answered(10_000); // the buffers reach their size
        var before = GC.GetAllocatedBytesForCurrentThread();
        Answered(100_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, notTaken);
        Assert.Equal(0, allocated);
        Assert.Equal(PendingOperations.Claim.Taken, pending.TryTake(slow, 2, out var sent));
        Assert.Equal(slow, sent);
        Assert.Equal(PendingOperations.Claim.Gone, pending.TryTake(slow, 3, out _));
    }

    [Fact]
    public void Operations_still_pending_across_compactions_keep_their_order_and_expire_at_their_deadlines()
    {
        var pending = new PendingOperations([Keepalive]);
        var kept = new List<OpTicket>();
        for (var t = 1L; t <= 5_000; t++)
        {
            var ticket = new OpTicket(0, (int)t, t, t);
            pending.Add(ticket);
            // Every tenth stays unanswered; the others are answered at once, so the buffer is compacted many times.
            if (t % 10 == 0) kept.Add(ticket);
            else Assert.Equal(PendingOperations.Claim.Taken, pending.TryTake(ticket, t, out _));
        }

        var expired = new List<OpTicket>();
        pending.Sweep(long.MaxValue, (ticket, _) => expired.Add(ticket));

        Assert.Equal(kept, expired);
    }
    [Fact]
    public void Operations_added_by_the_generator_while_answers_come_on_other_threads_are_each_counted_once()
    {
        const int operations = 300_000;
        var pending = new PendingOperations([Keepalive]);
        var sent = new System.Collections.Concurrent.ConcurrentQueue<OpTicket>();
        var generatorDone = false;
        var taken = 0;
        var gone = 0;
        var expired = new List<OpTicket>();

        void Answer()
        {
            while (!Volatile.Read(ref generatorDone) || !sent.IsEmpty)
            {
                if (!sent.TryDequeue(out var ticket)) continue;
                // Every seventh answer is lost: the sweep at the end must find it, and only it.
                if (ticket.Subject % 7 == 0) continue;
                var claim = pending.TryTake(ticket, ticket.Started, out _);
                if (claim == PendingOperations.Claim.Taken) Interlocked.Increment(ref taken);
                else Interlocked.Increment(ref gone);
            }
        }

        var answerers = new[] { new Thread(Answer), new Thread(Answer) };
        foreach (var a in answerers) a.Start();
        // The generator: adds in the order operations start, then sends (the answers can only come after the add).
        for (var t = 1; t <= operations; t++)
        {
            var ticket = new OpTicket(0, t, t, t);
            pending.Add(ticket);
            sent.Enqueue(ticket);
        }
        Volatile.Write(ref generatorDone, true);
        foreach (var a in answerers) a.Join();
        pending.Sweep(long.MaxValue, (x, _) => expired.Add(x));

        var lost = Enumerable.Range(1, operations).Where(t => t % 7 == 0).ToList();
        Assert.Equal(0, gone);
        Assert.Equal(operations - lost.Count, taken);
        Assert.Equal(lost, expired.Select(x => x.Subject).ToList());
    }
}
