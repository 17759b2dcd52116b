namespace MonitorSim.Sizing.Video;

/// <summary>The video backbone of one platform, or of the whole city.</summary>
/// <param name="Name">The platform's name, or <c>total</c>.</param>
/// <param name="Cameras">Cameras recording to it.</param>
/// <param name="IngestMbps">Mean ingest: cameras × mean bitrate × duty cycle, Mbps.</param>
/// <param name="PeakIngestMbps">Ingest while every camera sends at once (cameras × mean bitrate), Mbps: what the links
/// must carry even when the duty cycle is below 1.</param>
/// <param name="StorageTb">Recordings kept for the retention period: ingest × retention, TB (10^12 bytes).</param>
/// <param name="Disks">Disks of the spec's size to hold them at the usable fraction; the total is the sum of the
/// platforms' (each platform stores its own cameras, and a platform cannot use part of another's disk).</param>
/// <param name="LiveViews">Concurrent live views this platform serves: the city's views in proportion to its cameras
/// (an assumption: views spread like cameras).</param>
/// <param name="UplinkMbps">Live views × view bitrate: the uplink to the city, Mbps.</param>
public sealed record VideoFigures(
    string Name,
    int Cameras,
    double IngestMbps,
    double PeakIngestMbps,
    double StorageTb,
    int Disks,
    double LiveViews,
    double UplinkMbps)
{
    public double IngestGbps => IngestMbps / DataUnits.MbpsPerGbps;

    public double StoragePb => StorageTb / DataUnits.TbPerPb;

    public double UplinkGbps => UplinkMbps / DataUnits.MbpsPerGbps;
}
