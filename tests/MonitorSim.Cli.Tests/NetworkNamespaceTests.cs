using System.Diagnostics.CodeAnalysis;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MonitorSim.Cli.Tests;

/// <summary>
/// Nodes on two hosts, as docs/running.md#on-real-hosts runs them: the coordinator and a node started by hand each
/// live in a network namespace of their own, joined by a virtual Ethernet link, so they reach each other only over a
/// network address (not loopback). Needs root and iproute2 (as in CI, which runs as root); skipped otherwise.
/// </summary>
[Collection(TreeRunCollection.Name)]
public sealed class NetworkNamespaceTests
{
    [SkippableFact]
    public async Task A_node_on_another_host_joins_over_the_network_and_hosts_platforms()
    {
        using var hosts = TwoHosts.TryCreate(out var why);
        Skip.If(hosts is null, why);
        using var dir = new TempDir();
        var scenario = dir.File("two-hosts.yaml");
        File.WriteAllText(scenario, SmallCityScenario.Yaml($"sqlite:{dir.File("store.db")}", fault: null, duration: "20s"));
        var report = dir.File("report");
        const int port = 4053; // each namespace has its own ports: nothing else listens there

        var coordinator = hosts.Start(hosts.A, "run", scenario, "--remote-nodes", "1", "--hostname", hosts.AddressA, "--port", $"{port}", "--out", report);
        var coordinatorOutput = coordinator.StandardOutput.ReadToEndAsync();
        var coordinatorErrors = coordinator.StandardError.ReadToEndAsync();
        // The node starts by hand on the other host, pointed at the coordinator's address on the shared link.
        using var worker = hosts.Start(hosts.B, "node", scenario, "--seed", $"{hosts.AddressA}:{port}", "--hostname", hosts.AddressB);
        var workerOutput = worker.StandardOutput.ReadToEndAsync();
        try
        {
            await coordinator.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        }
        finally
        {
            if (!coordinator.HasExited) coordinator.Kill(entireProcessTree: true);
            if (!worker.HasExited) worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        var output = await coordinatorOutput + await coordinatorErrors + "\n--- node ---\n" + await workerOutput;

        Assert.True(File.Exists(Path.Combine(report, "summary.json")), $"exit {coordinator.ExitCode}:\n{output}");
        var summary = Summary.Read(report);
        Assert.Equal(2, summary.Long("nodes"));
        var spread = Assert.Single(summary.Events(), e => e.StartsWith("cluster of 2 nodes", StringComparison.Ordinal));
        Assert.True(Regex.IsMatch(spread, "node 2: [1-9]"), $"{spread}\n{output}");
        // Each node is known by its own host's address: the cluster formed over the link, not over loopback.
        var addresses = summary.At("node_resources").EnumerateArray().Select(n => n.GetProperty("address").GetString()!).ToList();
        Assert.Contains(addresses, a => a.EndsWith($"@{hosts.AddressA}:{port}", StringComparison.Ordinal));
        Assert.Contains(addresses, a => a.Contains($"@{hosts.AddressB}:", StringComparison.Ordinal));
        Assert.Equal(0, summary.Long("alarm_audit.missing"));
        Assert.Equal(0, coordinator.ExitCode);
    }

    /// <summary>Two network namespaces joined by a veth pair, on a /24 of their own; deleted (link included) on dispose.</summary>
    private sealed class TwoHosts : IDisposable
    {
        private TwoHosts(string a, string b, string subnet)
        {
            A = a;
            B = b;
            AddressA = $"{subnet}.1";
            AddressB = $"{subnet}.2";
        }

        public string A { get; }
        public string B { get; }
        public string AddressA { get; }
        public string AddressB { get; }

        public static TwoHosts? TryCreate(out string why)
        {
            why = "";
            if (!OperatingSystem.IsLinux()) { why = "network namespaces are Linux's"; return null; }
            if (Environment.UserName != "root") { why = "making network namespaces needs root (CI runs as root)"; return null; }
            var id = Random.Shared.Next(10_000, 99_999);
            var hosts = new TwoHosts($"msim-{id}-a", $"msim-{id}-b", $"10.{Random.Shared.Next(100, 250)}.{Random.Shared.Next(1, 250)}");
            var (va, vb) = ($"ms{id}a", $"ms{id}b");
            string[][] steps =
            [
                ["netns", "add", hosts.A],
                ["netns", "add", hosts.B],
                ["link", "add", va, "type", "veth", "peer", "name", vb],
                ["link", "set", va, "netns", hosts.A],
                ["link", "set", vb, "netns", hosts.B],
                ["-n", hosts.A, "addr", "add", $"{hosts.AddressA}/24", "dev", va],
                ["-n", hosts.B, "addr", "add", $"{hosts.AddressB}/24", "dev", vb],
                ["-n", hosts.A, "link", "set", va, "up"],
                ["-n", hosts.B, "link", "set", vb, "up"],
                ["-n", hosts.A, "link", "set", "lo", "up"],
                ["-n", hosts.B, "link", "set", "lo", "up"],
            ];
            foreach (var step in steps)
            {
                if (Ip(step) is { } error)
                {
                    hosts.Dispose();
                    Ip(["link", "del", va]); // if it was made but not moved
                    why = $"ip {string.Join(' ', step)} failed: {error}";
                    return null;
                }
            }
            return hosts;
        }

        /// <summary>Starts <c>monitorsim</c> inside namespace <paramref name="ns"/>.</summary>
        [SuppressMessage("Performance", "CA1822:Mark members as static",
            Justification = "Reads as what the hosts do (hosts.Start(hosts.A, ...)); called a few times per test.")]
        public Process Start(string ns, params string[] args)
        {
            var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "netns", "exec", ns, "dotnet", CliProcess.Dll }.Concat(args)) info.ArgumentList.Add(a);
            return Process.Start(info)!;
        }

        /// <summary>Runs <c>ip</c>; null when it succeeded, else what it said.</summary>
        private static string? Ip(string[] args)
        {
            try
            {
                var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var a in args) info.ArgumentList.Add(a);
                using var p = Process.Start(info)!;
                var err = p.StandardError.ReadToEnd();
                p.WaitForExit();
                return p.ExitCode == 0 ? null : err.Trim();
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                return e.Message; // no iproute2
            }
        }

        public void Dispose()
        {
            // Deleting a namespace deletes the veth end inside it, and with it the pair.
            Ip(["netns", "del", A]);
            Ip(["netns", "del", B]);
        }
    }
}
