namespace MonitorSim.TestSupport;

/// <summary>What one page did in the browser.</summary>
internal sealed class PageVisit(string screenshot)
{
    /// <summary>Console errors and uncaught exceptions, in order.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Every URL the page asked for other than its own file (all refused).</summary>
    public List<string> OutsideRequests { get; } = [];

    /// <summary>The chart placeholders after drawing, in page order.</summary>
    public IReadOnlyList<ChartState> Charts { get; set; } = [];

    /// <summary>Where the page's screenshot was saved.</summary>
    public string Screenshot { get; } = screenshot;
}
