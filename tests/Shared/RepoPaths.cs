namespace MonitorSim.TestSupport;

/// <summary>Files of the repository the tests run from (the folder holding MonitorSim.sln, found above the test binaries).</summary>
internal static class RepoPaths
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MonitorSim.sln"))) return dir.FullName;
        throw new InvalidOperationException("MonitorSim.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A scenario file shipped in scenarios/.</summary>
    public static string Scenario(string fileName) => Path.Combine(Root(), "scenarios", fileName);
}
