using System.Collections.Concurrent;
using System.Globalization;
using MonitorSim.Cluster.Actors;

namespace MonitorSim.Cluster.Tests;

/// <summary>
/// The pump that batches device messages and answers between nodes: everything added is sent, in order, a full batch at
/// once; and a pump with nothing to carry sleeps instead of waking every millisecond (a node's gateways cost it CPU
/// whether or not anything crosses).
/// </summary>
public sealed class BatchPumpTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void Items_added_one_by_one_are_all_sent_in_order_and_in_fewer_batches_than_items()
    {
        var sent = new BlockingCollection<int[]>();
        using var pump = new BatchPump<int>("pump-order", sent.Add);

        for (var i = 0; i < 1_000; i++) pump.Add(i);

        var received = new List<int>();
        var batches = 0;
        while (received.Count < 1_000 && sent.TryTake(out var batch, Patience))
        {
            received.AddRange(batch);
            batches++;
        }
        Assert.Equal(Enumerable.Range(0, 1_000), received);
        Assert.True(batches < 1_000, $"{batches} batches for 1,000 items");
    }

    [Fact]
    public void A_full_batch_is_sent_from_the_adding_thread_at_once()
    {
        // The pump's own thread is held inside the send of a first item, so it cannot take the batch while it fills:
        // whether the full batch goes out at once does not hang on how fast this thread adds.
        var sends = new BlockingCollection<(int[] Items, int Thread)>();
        using var pumpSending = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        using var pump = new BatchPump<int>("pump-full", items =>
        {
            sends.Add((items, Environment.CurrentManagedThreadId));
            if (items[0] != 0) return;
            pumpSending.Set();
            release.Wait(Patience);
        }, max: 4);
        pump.Add(0);
        Assert.True(pumpSending.Wait(Patience), "the pump never sent the first item");

        for (var i = 1; i <= 4; i++) pump.Add(i);
        var sentBeforeRelease = sends.Count;
        release.Set();

        Assert.Equal(2, sentBeforeRelease); // the first item, and the full batch: neither waited for the pump
        Assert.True(sends.TryTake(out var first, Patience));
        Assert.True(sends.TryTake(out var full, Patience));
        Assert.Equal([0], first.Items);
        Assert.Equal([1, 2, 3, 4], full.Items);
        Assert.Equal(Environment.CurrentManagedThreadId, full.Thread);
        Assert.NotEqual(Environment.CurrentManagedThreadId, first.Thread);
    }

    [Fact]
    public void An_item_added_after_a_long_quiet_spell_is_still_sent()
    {
        var sent = new BlockingCollection<int[]>();
        using var pump = new BatchPump<int>("pump-quiet", sent.Add);
        pump.Add(1);
        Assert.True(sent.TryTake(out var first, Patience));
        Thread.Sleep(200); // the pump has gone back to waiting

        pump.Add(2);

        Assert.True(sent.TryTake(out var second, Patience), "the item added after the quiet spell was never sent");
        Assert.Equal([1], first);
        Assert.Equal([2], second);
    }

    [Fact]
    public void Disposing_sends_what_the_pump_holds_and_stops_its_thread()
    {
        var sent = new ConcurrentQueue<int>();
        var pump = new BatchPump<int>("pump-dispose", items => { foreach (var i in items) sent.Enqueue(i); });
        pump.Add(7);
        pump.Add(8);

        pump.Dispose();

        Assert.Equal([7, 8], sent.OrderBy(i => i));
        Assert.Null(ContextSwitchesOf("pump-dispose"));
    }

    [Fact]
    public void A_pump_with_nothing_to_send_does_not_wake()
    {
        if (!OperatingSystem.IsLinux()) return; // reads the thread's context switches from /proc
        using var pump = new BatchPump<int>("pump-idle", _ => { });
        Thread.Sleep(100);
        var before = ContextSwitchesOf("pump-idle") ?? throw new InvalidOperationException("the pump's thread is not in /proc/self/task");

        Thread.Sleep(500); // a pump polling every millisecond wakes about 450 times here

        var after = ContextSwitchesOf("pump-idle")!.Value;
        Assert.True(after - before <= 5, $"the idle pump woke {after - before} times in 0.5 s");
    }

    /// <summary>Voluntary context switches of this process's thread named <paramref name="name"/>, or null if none is.</summary>
    private static long? ContextSwitchesOf(string name)
    {
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).Trim() != name) continue;
                var line = File.ReadLines(Path.Combine(task, "status")).First(l => l.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal));
                return long.Parse(line.Split(':')[1].Trim(), CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // the thread ended between the listing and the read
            }
        }
        return null;
    }
}
