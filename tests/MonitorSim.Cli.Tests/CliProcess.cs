using System.Diagnostics;

namespace MonitorSim.Cli.Tests;

/// <summary>Runs <c>monitorsim</c> as its own process, as a user does: multi-node runs start further node processes of
/// their own, and are tested the way they are used.</summary>
internal static class CliProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "monitorsim.dll");

    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        return info;
    }

    public static async Task<CliResult> RunAsync(TimeSpan timeout, params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"monitorsim {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s:\n{await stdout}\n{await stderr}");
        }
        return new CliResult(process.ExitCode, await stdout + await stderr);
    }
}
