using System.Diagnostics;

namespace MonitorSim.Harness.Nodes;

/// <summary>
/// The worker node processes of a local multi-node run (<c>monitorsim run --nodes N</c>): N − 1 <c>monitorsim node</c>
/// processes on this machine, joined to the coordinator. None outlives the run: they are stopped at the end, on Ctrl-C,
/// and — because each watches its stdin and the coordinator's process id — when the coordinator itself dies.
/// </summary>
public sealed class LocalNodes : IAsyncDisposable
{
    private readonly List<Worker> _workers = [];

    private sealed record Worker(int Number, Process Process, Task Drain)
    {
        public bool Killed { get; set; }
    }

    /// <summary>Node numbers (2, 3 …) and their process ids.</summary>
    public IReadOnlyList<(int Number, int ProcessId, bool Killed)> Workers =>
        _workers.Select(w => (w.Number, w.Process.Id, w.Killed)).ToList();

    /// <summary>Starts nodes 2 … <paramref name="count"/> + 1, each a <c>monitorsim node</c> process with
    /// <paramref name="options"/>, its own log files in <paramref name="logFolder"/>, and this process as its parent.</summary>
    public static LocalNodes Start(int count, WorkerNodeOptions options, string logFolder) => Start(count, _ => options, logFolder);

    /// <summary>Starts nodes 2 … <paramref name="count"/> + 1, node n with <paramref name="optionsOf"/>(n).</summary>
    public static LocalNodes Start(int count, Func<int, WorkerNodeOptions> optionsOf, string logFolder)
    {
        var nodes = new LocalNodes();
        try
        {
            for (var n = 2; n < count + 2; n++)
            {
                var worker = optionsOf(n) with
                {
                    LogPath = Path.Combine(logFolder, $"node-{n}.log"), ParentPid = Environment.ProcessId, ExitWithStdin = true,
                };
                var (arguments, environment) = worker.ToCommandLine();
                var (file, prefix) = Launcher();
                var info = new ProcessStartInfo(file)
                {
                    RedirectStandardInput = true,   // the node ends when this pipe closes (we end, or die)
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                    WorkingDirectory = Environment.CurrentDirectory, // relative store paths mean the same file
                };
                foreach (var a in prefix.Concat(arguments)) info.ArgumentList.Add(a);
                foreach (var (name, value) in environment) info.Environment[name] = value;
                var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start node {n}");
                var output = Path.Combine(logFolder, $"node-{n}.out");
                // On the thread pool, whatever synchronization context the caller has: a node that cannot write its
                // console would stall.
                nodes._workers.Add(new Worker(n, process, Task.Run(() => DrainAsync(process, output))));
            }
        }
        catch
        {
            nodes.KillAll();
            throw;
        }
        return nodes;
    }

    /// <summary>Kills node <paramref name="number"/> outright (SIGKILL), as a crashed host would go; false if there is none.</summary>
    public bool Kill(int number, out int processId)
    {
        processId = 0;
        var worker = _workers.FirstOrDefault(w => w.Number == number);
        if (worker is null || worker.Process.HasExited) return false;
        processId = worker.Process.Id;
        worker.Process.Kill(entireProcessTree: true);
        worker.Killed = true;
        return true;
    }

    /// <summary>Stops node <paramref name="number"/> dead (SIGSTOP) for <paramref name="duration"/>, then lets it go on
    /// (SIGCONT): to the others it is a node in a long pause or behind a network black-out. False if there is none
    /// running, or this system has no such signals.</summary>
    public bool Freeze(int number, TimeSpan duration, out int processId, out Task resumed)
    {
        processId = 0;
        resumed = Task.CompletedTask;
        var worker = _workers.FirstOrDefault(w => w.Number == number);
        if (worker is null || worker.Process.HasExited || !(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())) return false;
        var pid = processId = worker.Process.Id;
        if (Signals.Send(pid, Signals.Stop) != 0) return false;
        resumed = Task.Run(async () =>
        {
            await Task.Delay(duration);
            // A worker that ended while stopped has nothing to resume: the failed signal says no more than that.
            _ = Signals.Send(pid, Signals.Continue);
        });
        _frozen.Add(resumed);
        return true;
    }

    private readonly List<Task> _frozen = [];

    /// <summary>POSIX signals by kill(2).</summary>
    private static class Signals
    {
        public static int Stop => OperatingSystem.IsMacOS() ? 17 : 19;
        public static int Continue => OperatingSystem.IsMacOS() ? 19 : 18;

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static extern int Send(int pid, int signal);
    }

    /// <summary>Nodes that exited on their own (not killed by a fault) and their exit codes.</summary>
    public IReadOnlyList<(int Number, int ExitCode)> Exited =>
        _workers.Where(w => !w.Killed && w.Process.HasExited).Select(w => (w.Number, w.Process.ExitCode)).ToList();

    /// <summary>Asks every node to stop (their stdin closes), waits up to 10 s, then kills what is left.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_frozen); // a frozen node is let go before it is asked to stop
        foreach (var w in _workers)
        {
            try { if (!w.Process.HasExited) w.Process.StandardInput.Close(); }
            catch (Exception e) when (e is IOException or InvalidOperationException) { }
        }
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try { await Task.WhenAll(_workers.Select(w => w.Process.WaitForExitAsync(wait.Token))); }
        catch (OperationCanceledException) { }
        KillAll();
        await Task.WhenAll(_workers.Select(w => w.Drain));
        foreach (var w in _workers) w.Process.Dispose();
    }

    private void KillAll()
    {
        foreach (var w in _workers)
        {
            try { if (!w.Process.HasExited) w.Process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { } // exited meanwhile
        }
    }

    /// <summary>A node's console output goes to a file next to its log, so nothing it says is lost and the run's console
    /// stays readable.</summary>
    private static async Task DrainAsync(Process process, string path)
    {
        await using var file = new StreamWriter(path, append: true) { AutoFlush = true };
        var gate = new SemaphoreSlim(1);
        async Task Copy(StreamReader reader)
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                await gate.WaitAsync();
                try { await file.WriteLineAsync(line); }
                finally { gate.Release(); }
            }
        }
        await Task.WhenAll(Copy(process.StandardOutput), Copy(process.StandardError));
    }

    /// <summary>The program's assembly name: <c>monitorsim</c> is built next to this library (in its own folder, a tool's
    /// install folder, or a test's output).</summary>
    public const string ProgramName = "monitorsim";

    /// <summary>How to start <c>monitorsim</c>: its apphost next to this library, or <c>dotnet monitorsim.dll</c>.</summary>
    private static (string File, string[] Prefix) Launcher()
    {
        var folder = Path.GetDirectoryName(typeof(LocalNodes).Assembly.Location)!;
        var apphost = Path.Combine(folder, ProgramName + (OperatingSystem.IsWindows() ? ".exe" : ""));
        if (File.Exists(apphost)) return (apphost, []);
        var dll = Path.Combine(folder, ProgramName + ".dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"cannot start worker nodes: {ProgramName} is not in {folder}");
        var dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        return (dotnet, [dll]);
    }
}
