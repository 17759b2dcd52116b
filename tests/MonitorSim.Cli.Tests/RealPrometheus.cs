using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MonitorSim.TestSupport;

namespace MonitorSim.Cli.Tests;

/// <summary>
/// Debian's Prometheus (apt-get install prometheus; .ci/run installs it) started on 127.0.0.1 with the repository's
/// deploy/prometheus/prometheus.yml pointed at a test's port, a fresh store in a temporary folder, and stopped (the
/// process it started, by its id) when disposed. Queried through its HTTP API.
/// </summary>
internal sealed class RealPrometheus : IDisposable
{
    /// <summary>The message a test skips with where Prometheus is not installed.</summary>
    public const string Missing = "no prometheus on this machine: .ci/run installs Debian's (apt-get install prometheus)";

    private readonly Process _process;
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    private RealPrometheus(Process process, Uri api)
    {
        _process = process;
        Api = api;
    }

    /// <summary>Where the HTTP API answers, e.g. http://127.0.0.1:PORT/.</summary>
    public Uri Api { get; }

    /// <summary>The prometheus executable on the PATH, or null.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Select(dir => Path.Combine(dir, "prometheus")).FirstOrDefault(File.Exists);

    /// <summary>Starts Prometheus scraping 127.0.0.1:<paramref name="targetPort"/> every second, as the repository's
    /// scrape config says with its port replaced, and waits until it is ready (at most 60 s).</summary>
    public static async Task<RealPrometheus> StartAsync(string executable, string dir, int targetPort)
    {
        var config = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root(), "deploy", "prometheus", "prometheus.yml"));
        Assert.Contains("\"127.0.0.1:9464\"", config, StringComparison.Ordinal);
        var configFile = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(configFile, config.Replace("127.0.0.1:9464", $"127.0.0.1:{targetPort}", StringComparison.Ordinal));
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     $"--config.file={configFile}", $"--storage.tsdb.path={Path.Combine(dir, "tsdb")}",
                     $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
                 })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        var log = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var prometheus = new RealPrometheus(process, new Uri($"http://127.0.0.1:{port}/"));
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var ready = await prometheus._http.GetAsync(new Uri(prometheus.Api, "-/ready"));
                if (ready.IsSuccessStatusCode) return prometheus;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                prometheus.Dispose();
                lock (log) throw new InvalidOperationException($"prometheus did not become ready: {log}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>An instant query at <paramref name="at"/>; fails the test unless Prometheus answers success.</summary>
    public Task<JsonElement> QueryAsync(string promql, DateTimeOffset at) =>
        GetAsync($"api/v1/query?query={Uri.EscapeDataString(promql)}&time={Seconds(at)}");

    /// <summary>A range query from <paramref name="from"/> to <paramref name="to"/> every second.</summary>
    public Task<JsonElement> QueryRangeAsync(string promql, DateTimeOffset from, DateTimeOffset to) =>
        GetAsync($"api/v1/query_range?query={Uri.EscapeDataString(promql)}&start={Seconds(from)}&end={Seconds(to)}&step=1");

    /// <summary>How many scrapes of the run's endpoint succeeded (the up series equal to 1) between the two times.</summary>
    public async Task<int> SuccessfulScrapesAsync(DateTimeOffset from, DateTimeOffset to)
    {
        var data = await QueryRangeAsync("up{job=\"monitorsim\"}", from, to);
        return data.GetProperty("result").EnumerateArray()
            .SelectMany(s => s.GetProperty("values").EnumerateArray())
            .Count(v => v[1].GetString() == "1");
    }

    private async Task<JsonElement> GetAsync(string pathAndQuery)
    {
        using var response = await _http.GetAsync(new Uri(Api, pathAndQuery));
        var body = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("status").GetString() == "success", $"Prometheus refused {Uri.UnescapeDataString(pathAndQuery)}: {body}");
        return root.GetProperty("data").Clone();
    }

    private static string Seconds(DateTimeOffset t) => (t.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }
        finally
        {
            _process.Dispose();
            _http.Dispose();
        }
    }
}
