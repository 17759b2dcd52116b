using MonitorSim.Harness.Isolation;
using MonitorSim.Load.Measurement;

namespace MonitorSim.Harness.Tests;

/// <summary>
/// The load generator's CPU group holds the generator threads only: a thread a generator thread started (the runtime's
/// tiered-compilation worker, a thread-pool worker) inherits its group on cgroup v1 and would do its node's work on the
/// generator's quota, so it is moved back to its node's group — to the root group when its process is not capped — and
/// the run's events say what was moved. On an in-memory hierarchy (<see cref="FakeCgroupFiles"/>).
/// </summary>
public sealed class GeneratorGroupKeeperTests
{
    private const string Root = "/cg/cpu";
    private const string Generator = "/cg/cpu/monitorsim-test-generator";

    // Node 1 is process 101 (its generator thread 8000011, a compilation worker 8000012), node 2 process 102 (generator
    // 8000021). Thread ids above the kernel's largest (pid_max ≤ 4,194,304): the caps' own sweeps read the real /proc,
    // where no such thread exists, so only the sweeps the tests make move them.
    private static readonly Dictionary<int, (string Name, int ProcessId)> Threads = new()
    {
        [8000011] = (GeneratorCgroup.ThreadName, 101),
        [8000012] = (".NET Tiered Com", 101),
        [8000021] = (GeneratorCgroup.ThreadName, 102),
        [8000022] = (".NET TP Worker", 102),
        [8009001] = (".NET TP Worker", 900), // a process that is not capped
    };

    private static (FakeCgroupFiles Files, NodeCaps Caps) CapTwoNodesWithTheGeneratorApart()
    {
        var files = new FakeCgroupFiles(Root);
        var cgroups = new CpuCgroups(Root, v2: false, files);
        var generator = cgroups.Create("monitorsim-test-generator", 0.5);
        var caps = NodeIsolation.CapAll(cgroups, "monitorsim-test", [(1, 101), (2, 102)], 0.4, generator);
        return (files, caps);
    }

    private static GeneratorGroupKeeper KeeperOf(FakeCgroupFiles files, Func<int, (string, int)?>? threadOf = null) =>
        new(files, Generator, Root, pid => pid switch { 101 => $"{Root}/monitorsim-test-node-1", 102 => $"{Root}/monitorsim-test-node-2", _ => null },
            threadOf ?? (tid => Threads.TryGetValue(tid, out var t) ? t : null));

    [Fact]
    public void A_thread_a_generator_thread_started_goes_back_to_its_nodes_group_and_the_generators_stay()
    {
        var (files, caps) = CapTwoNodesWithTheGeneratorApart();
        using (caps)
        {
            foreach (var tid in new[] { 8000011, 8000012, 8000021, 8000022 }) files.Write($"{Generator}/tasks", tid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var keeper = KeeperOf(files);

            Assert.Equal(2, keeper.Sweep());

            Assert.Equal(Generator, files.GroupOf(8000011));
            Assert.Equal(Generator, files.GroupOf(8000021));
            Assert.Equal($"{Root}/monitorsim-test-node-1", files.GroupOf(8000012));
            Assert.Equal($"{Root}/monitorsim-test-node-2", files.GroupOf(8000022));
            Assert.Equal(".NET TP Worker × 1, .NET Tiered Com × 1", keeper.Moved());
            Assert.Equal(0, keeper.Sweep());
        }
    }

    [Fact]
    public void A_thread_of_a_process_that_is_not_capped_goes_back_to_the_root_group()
    {
        var (files, caps) = CapTwoNodesWithTheGeneratorApart();
        using (caps)
        {
            files.Write($"{Generator}/tasks", "8009001");

            Assert.Equal(1, KeeperOf(files).Sweep());

            Assert.Equal(Root, files.GroupOf(8009001));
        }
    }

    [Fact]
    public void A_thread_that_exits_while_it_is_swept_is_left_alone_and_the_others_are_still_moved()
    {
        var (files, caps) = CapTwoNodesWithTheGeneratorApart();
        using (caps)
        {
            files.Write($"{Generator}/tasks", "8000012");
            files.Write($"{Generator}/tasks", "8000022");
            files.Write($"{Generator}/tasks", "8000099"); // listed, then gone before its name could be read
            files.FailWhen = (op, path) => op == "write" && path == $"{Root}/monitorsim-test-node-1/tasks"; // 8000012 exits as it is moved
            var keeper = KeeperOf(files);

            Assert.Equal(1, keeper.Sweep());

            Assert.Equal($"{Root}/monitorsim-test-node-2", files.GroupOf(8000022));
            Assert.Equal(".NET TP Worker × 1", keeper.Moved());
        }
    }

    [SkippableFact]
    public void While_the_caps_are_on_a_real_thread_of_a_node_process_is_swept_back_within_a_second_and_the_events_name_it()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "reads /proc");
        var files = new FakeCgroupFiles(Root);
        var cgroups = new CpuCgroups(Root, v2: false, files);
        var generator = cgroups.Create("monitorsim-test-generator", 0.5);
        using var release = new ManualResetEventSlim();
        string? tid = null;
        using var started = new ManualResetEventSlim();
        // A thread of this process (node 1 here), as the runtime would start one from the generator thread.
        var helper = new Thread(() =>
        {
            tid = Path.GetFileName(new DirectoryInfo("/proc/thread-self").LinkTarget);
            started.Set();
            release.Wait();
        }) { Name = "test-compiler", IsBackground = true };
        helper.Start();
        started.Wait();
        try
        {
            using var caps = NodeIsolation.CapAll(cgroups, "monitorsim-test", [(1, Environment.ProcessId)], 0.4, generator);
            files.Write($"{Generator}/tasks", tid!);

            var swept = SpinWait.SpinUntil(() => files.GroupOf(int.Parse(tid!, System.Globalization.CultureInfo.InvariantCulture)) != Generator,
                GeneratorGroupKeeper.Every * 3);

            Assert.True(swept, $"thread {tid} was still in the generator's group after {GeneratorGroupKeeper.Every * 3}");
            Assert.Equal($"{Root}/monitorsim-test-node-1", files.GroupOf(int.Parse(tid!, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Contains("threads started from a load generator thread, moved from the generator's CPU group back to their node's within 1 s: test-compiler × 1",
                caps.Audit([], new HashSet<int>()));
            Assert.Equal("test-compiler × 1", caps.MovedFromGeneratorGroup()); // what a sizing run's notes name
        }
        finally
        {
            release.Set();
        }
    }
}
