using MonitorSim.Domain.Operations;
using MonitorSim.Sip.Transport;
using YamlDotNet.RepresentationModel;

namespace MonitorSim.Load.Scenarios;

/// <summary>A stream's <c>target:</c>: the GB/T 28181 platform its camera operations go to over SIP.</summary>
/// <remarks>
/// <code>
/// target: { sip: "udp://HOST:PORT", domain: "3203000000", password_env: MONITORSIM_SIP_PASSWORD, server_id: "…", channels: 4 }
/// </code>
/// <c>sip</c>, <c>domain</c> and <c>password_env</c> are required; the password itself never appears in a scenario.
/// </remarks>
internal sealed partial class ScenarioReader
{
    private static readonly string[] SipTargetKeys = ["sip", "domain", "password_env", "server_id", "channels"];

    private SipTargetSpec? ReadSipTarget(YamlNode node, string path, OperationKind? kind)
    {
        if (Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, SipTargetKeys);
        SipTarget? address = null;
        if (Required(map, keys, path, "sip") is { } sipNode && ReadString(sipNode, $"{path}.sip") is { } text)
        {
            if (!SipTarget.TryParse(text, out address, out var problem)) Error(sipNode, $"{path}.sip", problem);
        }
        var domain = Required(map, keys, path, "domain") is { } domainNode ? Digits(domainNode, $"{path}.domain", 10) : null;
        string? serverId = null;
        if (keys.TryGetValue("server_id", out var serverNode)) serverId = Digits(serverNode, $"{path}.server_id", 20);
        string? passwordEnv = null;
        if (Required(map, keys, path, "password_env") is { } envNode
            && PlainScalar(envNode, $"{path}.password_env", "an environment variable name") is { } env)
        {
            if (Environment.GetEnvironmentVariable(env) is null)
                Error(envNode, $"{path}.password_env", $"environment variable {env} is not set (it holds the SIP password)");
            else passwordEnv = env;
        }
        var channels = keys.TryGetValue("channels", out var channelsNode) ? ReadInt(channelsNode, $"{path}.channels", min: 1) : 4;
        if (kind is not (OperationKind.Registration or OperationKind.Keepalive or OperationKind.Alarm))
            Error(node, path, "a SIP target takes the cameras' own operations: registration, keepalive or alarm");
        return address is null || domain is null || passwordEnv is null || channels is null
            ? null
            : new SipTargetSpec(address, domain, serverId, passwordEnv, channels.Value);
    }

    private static readonly string[] SipFrontDoorKeys = ["listen", "domain", "password_env"];

    /// <summary><c>monitoring.sip</c>: <c>{ listen: "udp://127.0.0.1:5060", domain: "3203000000", password_env: … }</c>.</summary>
    private SipFrontDoorSpec? ReadSipFrontDoor(YamlNode node, string path)
    {
        if (IsNull(node) || Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, SipFrontDoorKeys);
        SipTarget? listen = null;
        if (Required(map, keys, path, "listen") is { } listenNode && ReadString(listenNode, $"{path}.listen") is { } text
            && !SipTarget.TryParse(text, out listen, out var problem))
            Error(listenNode, $"{path}.listen", problem);
        var domain = keys.TryGetValue("domain", out var domainNode) ? Digits(domainNode, $"{path}.domain", 10) : SipFrontDoorSpec.DefaultDomain;
        var env = SipFrontDoorSpec.DefaultPasswordEnv;
        if (keys.TryGetValue("password_env", out var envNode))
            env = PlainScalar(envNode, $"{path}.password_env", "an environment variable name") ?? env;
        if (Environment.GetEnvironmentVariable(env) is null)
        {
            Error(envNode ?? node, $"{path}.password_env", $"environment variable {env} is not set (it holds the password devices must answer the digest challenge with)");
            return null;
        }
        return listen is null || domain is null ? null : new SipFrontDoorSpec(listen, domain, env);
    }

    private string? Digits(YamlNode node, string field, int length)
    {
        var text = ReadString(node, field);
        if (text is null) return null;
        if (text.Length == length && text.All(char.IsAsciiDigit)) return text;
        Error(node, field, $"must be {length} digits (a GB/T 28181 code), got '{text}'");
        return null;
    }
}
