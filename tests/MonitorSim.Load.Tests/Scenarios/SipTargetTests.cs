using MonitorSim.Load.Scenarios;
using MonitorSim.Sip.Transport;

namespace MonitorSim.Load.Tests.Scenarios;

/// <summary>A stream's <c>target: { sip: … }</c> and the tree's <c>monitoring.sip</c>.</summary>
public sealed class SipTargetTests
{
    // A variable only these tests set, so parallel tests elsewhere never see it change.
    private const string PasswordEnv = "MONITORSIM_TEST_SIP_TARGET_PASSWORD";

    static SipTargetTests() => Environment.SetEnvironmentVariable(PasswordEnv, "secret");

    private static string Stream(string operation, string target) => $$"""
        name: sip
        scenarios:
          - name: s
            operation: {{operation}}
            target: {{target}}
            load:
              - periodic: { every: 60s, per: camera }
        """;

    [Fact]
    public void A_SIP_target_sends_the_stream_to_that_platform_with_the_password_named_not_written()
    {
        var s = ScenarioYaml.Parse(Stream("keepalive",
            $$"""{ sip: "tcp://10.1.2.3:5061", domain: "3203000000", password_env: {{PasswordEnv}}, server_id: "32030000002000000009", channels: 2 }"""));
        var sip = Assert.Single(s.Streams).Sip;
        Assert.Equal(new SipTargetSpec(new SipTarget(SipTransportKind.Tcp, "10.1.2.3", 5061), "3203000000", "32030000002000000009", PasswordEnv, 2), sip);
        Assert.False(s.Streams[0].UsesCluster);
        Assert.True(s.Streams[0].UsesTree);
    }

    [Theory]
    [InlineData("keepalive", "{ sip: \"http://x:1\", domain: \"3203000000\", password_env: " + PasswordEnv + " }", "scenarios[0].target.sip")]
    [InlineData("keepalive", "{ sip: \"udp://x:1\", domain: \"32030\", password_env: " + PasswordEnv + " }", "scenarios[0].target.domain")]
    [InlineData("keepalive", "{ sip: \"udp://x:1\", domain: \"3203000000\", password_env: MONITORSIM_TEST_NEVER_SET }", "scenarios[0].target.password_env")]
    [InlineData("keepalive", "{ sip: \"udp://x:1\", password_env: " + PasswordEnv + " }", "scenarios[0].target.domain")]
    [InlineData("service_flow", "{ sip: \"udp://x:1\", domain: \"3203000000\", password_env: " + PasswordEnv + " }", "scenarios[0].target")]
    [InlineData("noop", "{ sip: \"udp://x:1\", domain: \"3203000000\", password_env: " + PasswordEnv + " }", "scenarios[0].target")]
    public void A_bad_SIP_target_is_an_error_naming_line_and_field(string operation, string target, string field)
    {
        var error = Assert.Single(ScenarioYaml.Errors(Stream(operation, target)));
        Assert.Equal((ScenarioYaml.SourceName, 5, field), (error.File, error.Line, error.Field));
    }

    [Fact]
    public void The_tree_s_SIP_front_door_defaults_to_Xuzhou_s_domain()
    {
        var s = ScenarioYaml.Parse(ScenarioYaml.Minimal + $$"""

            monitoring: { sip: { listen: "udp://127.0.0.1:15060", password_env: {{PasswordEnv}} } }
            """);
        Assert.Equal(new SipFrontDoorSpec(new SipTarget(SipTransportKind.Udp, "127.0.0.1", 15060), "3203000000", PasswordEnv), s.Monitoring.Sip);
    }
}
