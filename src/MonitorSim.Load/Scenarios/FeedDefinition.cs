using MonitorSim.Domain.Operations;

namespace MonitorSim.Load.Scenarios;

/// <summary>
/// A data feed (NBomber's word): a CSV file naming the subject of each operation a stream issues — which camera keeps
/// alive, which point's queue moves, which camera raises which alarm — instead of the stream drawing them at random.
/// Rows are read when the scenario is loaded; they are matched against the topology when the run is planned.
/// </summary>
/// <param name="File">The CSV file as resolved (relative paths are taken from the scenario file's folder).</param>
/// <param name="Rows">The data rows, in file order.</param>
public sealed record FeedDefinition(string File, FeedOrder Order, IReadOnlyList<FeedRow> Rows);

/// <summary>One row of a feed. A row names a camera, a point, or both (the camera must then be at that point).</summary>
/// <param name="Line">The row's line in the CSV file (1-based), for errors.</param>
/// <param name="Camera">A camera by path (<c>xz/tongshan/p07/pt0412/cam3</c>) or index (<c>cam1234</c>).</param>
/// <param name="Point">A service point by path (<c>xz/tongshan/p07/pt0412</c>) or index (<c>pt412</c>).</param>
/// <param name="AlarmType">For alarm streams, the alarm to raise (otherwise the stream's mix decides).</param>
public sealed record FeedRow(int Line, string? Camera, string? Point, AlarmType? AlarmType);

/// <summary>How a stream walks its feed.</summary>
public enum FeedOrder
{
    /// <summary>Row after row, starting again at the top when the end is reached.</summary>
    Circular,
    /// <summary>Every row once in a random order, then again in a new one.</summary>
    Shuffle,
    /// <summary>A row drawn at random for every operation.</summary>
    Random,
}
