using MonitorSim.Domain.Operations;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;
using MonitorSim.Sip.Platform;
using MonitorSim.Sip.Transport;
using static MonitorSim.Load.Tests.TinyCity;

namespace MonitorSim.Load.Tests.Engine;

/// <summary>The engine driving SIP cameras against a SIP platform on loopback, in a short run (2 s).</summary>
public sealed class SipStreamTests
{
    private const string PasswordEnv = "MONITORSIM_TEST_SIP_STREAM_PASSWORD";

    static SipStreamTests() => Environment.SetEnvironmentVariable(PasswordEnv, "12345678");

    [Theory]
    [InlineData(SipTransportKind.Udp)]
    [InlineData(SipTransportKind.Tcp)]
    public async Task SIP_streams_register_and_keep_every_camera_alive_without_the_cluster_tree(SipTransportKind kind)
    {
        await using var platform = SipPlatform.Start(new SipPlatformOptions
        {
            Listen = new SipTarget(kind, "127.0.0.1", 0),
            Domain = "3203000000",
            Password = "12345678",
        });
        var sip = new SipTargetSpec(platform.Address, "3203000000", null, PasswordEnv, 2);
        var scenario = ScenarioDefinition.Default("sip_engine_test") with
        {
            // Keepalives start 2.5 s after the last registration is due: a keepalive from a camera whose registration is
            // still in its digest exchange (a busy machine) is refused as unregistered, which is not what this tests.
            Duration = TimeSpan.FromSeconds(4),
            WarmUp = TimeSpan.Zero,
            ReportInterval = TimeSpan.FromSeconds(0.5),
            CompletionTimeout = TimeSpan.FromSeconds(5),
            Topology = Tiny,
            Streams =
            [
                new StreamDefinition("registration", OperationKind.Registration, [],
                    [new PeriodicStep(TimeSpan.FromSeconds(0.5), Population.Camera, TimeSpan.FromSeconds(0.5)), new PauseStep(TimeSpan.FromSeconds(3.5))], Sip: sip),
                new StreamDefinition("keepalive", OperationKind.Keepalive, [],
                    [new PauseStep(TimeSpan.FromSeconds(3)), new PeriodicStep(TimeSpan.FromSeconds(0.5), Population.Camera, TimeSpan.FromSeconds(0.5))], Sip: sip),
            ],
        };

        var engine = new LoadEngine(scenario, City);
        var outcome = await engine.RunAsync(
            _ => throw new InvalidOperationException("the cluster tree must not be built for SIP streams"),
            _ => Task.FromResult(TreeStatus.Unknown),
            _ => "no fault");

        // No boot stream: SIP cameras register through the scenario's own stream, each camera once, then keep alive once
        // (every outcome Ok: the platform answered each keepalive 200, being registered).
        Assert.Equal(["keepalive", "registration"], outcome.Workload.Select(w => w.Name).Order());
        Assert.Equal(new OperationCounts(2 * City.CameraCount, 2 * City.CameraCount, 0, 0, 0), outcome.Operations);
        Assert.Equal(City.CameraCount, platform.Registrations.Count);
        Assert.Contains(outcome.Events, e => e.StartsWith("SIP cameras → ", StringComparison.Ordinal) && e.EndsWith("no problems", StringComparison.Ordinal));
    }
}
