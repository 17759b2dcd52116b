using System.Reflection;
using System.Runtime.InteropServices;

namespace MonitorSim.Load.Results;

/// <summary>
/// The build that ran: version and commit stamped into the assemblies when they were built (InformationalVersion
/// <c>VERSION+COMMIT</c>, the commit from the build's git repository, <c>.dirty</c> when it had uncommitted changes), its
/// configuration and the runtime. Read from the assembly, never from the directory the command runs in: an installed
/// tool runs anywhere.
/// </summary>
/// <param name="Commit">The commit the build was made from, or <c>unknown</c> when it was built outside a git repository.</param>
/// <param name="Configuration">Release or Debug: a Debug build's figures say little about production.</param>
public sealed record BuildInfo(string Version, string Commit, string Configuration, string Runtime)
{
    public const string UnknownCommit = "unknown";

    /// <summary>This build (every MonitorSim assembly is built together, so this one speaks for all).</summary>
    public static BuildInfo Current { get; } = Of(typeof(BuildInfo).Assembly);

    public bool IsDebug => string.Equals(Configuration, "Debug", StringComparison.OrdinalIgnoreCase);

    /// <summary>One line: <c>0.1.0 (commit 81fc442e3305, Release, .NET 10.0.0)</c>.</summary>
    public string Describe() => $"{Version} (commit {ShortCommit}, {Configuration}, {Runtime})";

    /// <summary>The commit's first 12 characters (and its <c>.dirty</c> mark).</summary>
    public string ShortCommit
    {
        get
        {
            var dot = Commit.IndexOf('.', StringComparison.Ordinal);
            var id = dot < 0 ? Commit : Commit[..dot];
            return (id.Length > 12 && id != UnknownCommit ? id[..12] : id) + (dot < 0 ? "" : Commit[dot..]);
        }
    }

    /// <summary>Reads the stamp of <paramref name="assembly"/>.</summary>
    public static BuildInfo Of(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        var (version, commit) = Split(informational);
        if (version.Length == 0) version = assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        var configuration = assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } c ? c : "unknown";
        return new BuildInfo(version, commit, configuration, RuntimeInformation.FrameworkDescription);
    }

    /// <summary><c>0.1.0+abc</c> → (0.1.0, abc); without a <c>+</c> the commit is <see cref="UnknownCommit"/>.</summary>
    public static (string Version, string Commit) Split(string informationalVersion)
    {
        var plus = informationalVersion.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? (informationalVersion, UnknownCommit)
            : (informationalVersion[..plus], informationalVersion[(plus + 1)..] is { Length: > 0 } c ? c : UnknownCommit);
    }
}
