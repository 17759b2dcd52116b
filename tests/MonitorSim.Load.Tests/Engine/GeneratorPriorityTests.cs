using System.Globalization;
using MonitorSim.Domain.Operations;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Measurement;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;
using static MonitorSim.Load.Tests.TinyCity;

namespace MonitorSim.Load.Tests.Engine;

/// <summary>
/// The load generator must not be what is late: on a machine it shares with the tree, its thread runs at a lower nice
/// value than the tree's, where the process may set one (root or CAP_SYS_NICE, as in CI); where it may not, the run says
/// so among its events.
/// </summary>
public sealed class GeneratorPriorityTests
{
    private static bool MayRaise => Environment.IsPrivilegedProcess;

    /// <summary>The nice value of this process's thread named <paramref name="name"/> (its <c>comm</c>), or null.</summary>
    private static int? NiceOfThread(string name)
    {
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).Trim() != name) continue;
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // the thread ended between the listing and the read
            }
        }
        return null;
    }

    [Fact]
    public async Task The_generator_thread_runs_ten_nice_steps_above_the_process_and_the_run_notes_it_only_when_it_could_not()
    {
        var scenario = ScenarioDefinition.Default("generator_priority") with
        {
            Duration = TimeSpan.FromSeconds(2),
            WarmUp = TimeSpan.Zero,
            ReportInterval = TimeSpan.FromSeconds(0.5),
            Topology = Tiny,
            Streams = [new StreamDefinition("service_flow", OperationKind.ServiceFlow, [],
                [new InjectStep(20, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), null, Arrivals.Uniform)])],
        };
        var engine = new LoadEngine(scenario, City);
        FakeMonitoringTree? tree = null;
        var run = engine.RunAsync(o => tree = FakeMonitoringTree.Immediate(o), _ => Task.FromResult(TreeStatus.Unknown), _ => "no fault");
        int? nice = null;
        while (!run.IsCompleted && nice is null)
        {
            await Task.Delay(50);
            nice = NiceOfThread("load-generator");
        }
        var outcome = await run;
        tree?.Dispose();

        Assert.NotNull(nice);
        if (MayRaise)
        {
            Assert.Equal(GeneratorPriority.Nice, nice);
            Assert.DoesNotContain(outcome.Events, e => e.Contains("load generator runs at the process's priority", StringComparison.Ordinal));
        }
        else
        {
            Assert.Equal(GeneratorPriority.NiceOfCallingThread(), nice);
            Assert.Contains(outcome.Events, e => e.Contains("load generator runs at the process's priority", StringComparison.Ordinal));
        }
    }
}
