using System.Diagnostics;

namespace MonitorSim.Cli.Tests;

/// <summary>Opens a page in headless Chromium (Debian's package, which .ci/run installs) and returns the DOM after load.</summary>
internal static class HeadlessChromium
{
    /// <summary>The browser to use: MONITORSIM_CHROMIUM, else chromium on the PATH; null if there is none.</summary>
    public static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable("MONITORSIM_CHROMIUM");
        if (!string.IsNullOrEmpty(configured) && File.Exists(configured)) return configured;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            foreach (var name in new[] { "chromium", "chromium-browser" })
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        return null;
    }

    /// <summary>Loads <paramref name="file"/> and dumps its DOM once it settled (scripts run, images decoded).</summary>
    public static async Task<string> DumpDomAsync(string browser, string file, string profileDir)
    {
        // The flags the machine's notes give for a closed network, run as root: no sandbox, no background traffic.
        var start = new ProcessStartInfo(browser)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     $"--user-data-dir={profileDir}", "--virtual-time-budget=10000", "--dump-dom", new Uri(file).AbsoluteUri,
                 })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {browser}");
        var dom = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{browser} did not finish loading {file} within 60 s: {await errors}");
        }
        return await dom;
    }
}
