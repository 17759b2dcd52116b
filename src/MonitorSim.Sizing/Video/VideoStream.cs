using System.Diagnostics.CodeAnalysis;

namespace MonitorSim.Sizing.Video;

/// <summary>One kind of camera stream in a mix: a share of the cameras recording at one average bitrate.</summary>
/// <param name="Name">A format name (<c>1080p_h264</c>) or a label, e.g. <c>2mbps</c>.</param>
/// <param name="BitrateMbps">Average bitrate while recording, megabits per second (10^6 bit/s).</param>
/// <param name="Share">Share of the cameras, 0–1; a mix's shares add up to 1.</param>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "A camera's video stream, the domain's word; not a System.IO.Stream.")]
public sealed record VideoStream(string Name, double BitrateMbps, double Share);
