namespace MonitorSim.TestSupport;

/// <summary>One chart placeholder: <paramref name="Drawn"/> is "1" once drawn; <paramref name="Series"/> counts the legend's
/// entries (the x axis included); <paramref name="Painted"/> the canvas pixels with any paint.</summary>
internal sealed record ChartState(string Name, string Drawn, int Series, int Painted);
