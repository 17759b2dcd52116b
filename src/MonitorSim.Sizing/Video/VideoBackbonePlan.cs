namespace MonitorSim.Sizing.Video;

/// <summary>The city's video backbone: per platform, in the order given, and in total, for one <see cref="VideoSpec"/>.</summary>
public sealed record VideoBackbonePlan(VideoSpec Spec, IReadOnlyList<VideoFigures> Platforms, VideoFigures Total);
