namespace MonitorSim.Dashboard;

/// <summary>The page's own files, embedded in this assembly (the charts' files come from MonitorSim.Reports).</summary>
internal static class PageAssets
{
    public static readonly Lazy<string> Html = new(() => Read("dashboard.html"));
    public static readonly Lazy<string> Script = new(() => Read("dashboard.js"));
    public static readonly Lazy<string> Style = new(() => Read("dashboard.css"));

    private static string Read(string name)
    {
        var resource = "MonitorSim.Dashboard.Page." + name;
        using var stream = typeof(PageAssets).Assembly.GetManifestResourceStream(resource)
                           ?? throw new InvalidOperationException($"the assembly lacks the embedded page file {resource}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
