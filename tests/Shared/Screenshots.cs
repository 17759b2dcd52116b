namespace MonitorSim.TestSupport;

/// <summary>Where browser tests keep their screenshots: TestResults/screenshots at the repository's root (the folder
/// .ci/run collects test results in).</summary>
internal static class Screenshots
{
    public static string PathOf(string name)
    {
        var dir = Path.Combine(RepoPaths.Root(), "TestResults", "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name + ".png");
    }
}
