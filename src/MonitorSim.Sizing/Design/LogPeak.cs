namespace MonitorSim.Sizing.Design;

/// <summary>A replayed incident log's busiest window (<see cref="BusiestWindow"/>): what the design load takes from it.</summary>
/// <param name="File">The log file, as given.</param>
/// <param name="Events">Every event the log holds.</param>
/// <param name="WindowS">The window's length in seconds.</param>
/// <param name="WindowStartUtc">Where the busiest window starts.</param>
/// <param name="EventsInWindow">Events within it.</param>
/// <param name="RatesPerS">Per operation, its events in the window / the window's length.</param>
public sealed record LogPeak(string File, long Events, double WindowS, DateTime WindowStartUtc, long EventsInWindow, IReadOnlyDictionary<string, double> RatesPerS)
{
    public double OpsPerSecond => EventsInWindow / WindowS;
}
