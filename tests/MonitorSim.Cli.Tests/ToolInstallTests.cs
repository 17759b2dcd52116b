using System.Diagnostics;
using System.Text.Json;
using MonitorSim.Load.Results;
using MonitorSim.TestSupport;

namespace MonitorSim.Cli.Tests;

/// <summary>
/// MonitorSim as a .NET tool, the way a pipeline gets it: <c>dotnet pack</c>, then <c>dotnet tool install</c> from that
/// local folder alone (no registry) into a tool path of its own, then <c>monitorsim</c> from there. Slow (a pack and an
/// install), so it is one test.
/// </summary>
public sealed class ToolInstallTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public async Task The_packed_tool_installs_from_a_local_folder_and_runs_as_monitorsim_from_anywhere()
    {
        using var dir = new TempDir();
        var packages = dir.File("packages");
        // The build the tests run on is packed as it is (no second build): its configuration and commit are this one's.
        await Run(RepoPaths.Root(), null, "dotnet", "pack", Path.Combine(RepoPaths.Root(), "src", "MonitorSim.Cli"), "-c", Configuration, "--no-build", "-o", packages);
        var package = Assert.Single(Directory.GetFiles(packages, "MonitorSim.*.nupkg"));
        var version = Path.GetFileNameWithoutExtension(package)["MonitorSim.".Length..];
        File.WriteAllText(dir.File("nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        var tools = dir.File("tools");
        await Run(dir.Path, dir.File("nuget-cache"), "dotnet", "tool", "install", "MonitorSim", "--version", version, "--tool-path", tools, "--configfile", dir.File("nuget.config"));
        var monitorsim = Path.Combine(tools, "monitorsim");
        var elsewhere = Directory.CreateDirectory(dir.File("elsewhere")).FullName;

        var erlang = await Run(elsewhere, null, monitorsim, "model", "erlang-c", "--servers", "2", "--arrival-rate", "1", "--service-time", "0.5");
        var stamp = await Run(elsewhere, null, monitorsim, "--version");
        var validate = await Run(elsewhere, null, monitorsim, "validate", "scenarios/xuzhou-baseline.yaml", "--quiet");

        // M/M/2 at λ = 1/s, S = 0.5 s: a = 0.5, P(wait) = (a²/2 · 2/1.5) / (1 + a + a²/2 · 2/1.5) = 0.1, mean wait = 0.1 / (2·2 − 1) s.
        using var json = JsonDocument.Parse(erlang);
        Assert.Equal(0.1, json.RootElement.GetProperty("wait_probability").GetDouble(), 9);
        Assert.Equal(100.0 / 3, json.RootElement.GetProperty("mean_wait_ms").GetDouble(), 6);
        Assert.Equal(
            [$"monitorsim {version}", $"commit {BuildInfo.Current.Commit}", $"configuration {Configuration}"],
            stamp.Split('\n').Select(l => l.TrimEnd('\r')).Take(3));
        // The shipped scenarios come with the tool: its default scenario resolves from any directory.
        Assert.StartsWith("VALID: scenario xuzhou_baseline", validate, StringComparison.Ordinal);
    }

    /// <summary>Runs a process to its end and returns its standard output; a non-zero exit fails the test with both streams.</summary>
    /// <param name="packageCache">A package cache of the test's own for an install (the machine's would hand back an earlier
    /// package of the same version); null: the machine's.</param>
    private static async Task<string> Run(string workingDirectory, string? packageCache, string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        if (packageCache is not null) info.Environment["NUGET_PACKAGES"] = packageCache;
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
        return await stdout;
    }
}
