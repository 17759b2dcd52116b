namespace MonitorSim.Load.Thresholds;

/// <summary>The unit written after a threshold's number; time units are converted to milliseconds.</summary>
public enum ThresholdUnit
{
    /// <summary>A bare number, compared as is.</summary>
    None,
    /// <summary><c>us</c>: microseconds.</summary>
    Microseconds,
    /// <summary><c>ms</c>: milliseconds.</summary>
    Milliseconds,
    /// <summary><c>s</c>: seconds.</summary>
    Seconds,
    /// <summary><c>%</c>: a percentage, compared as is (0–100).</summary>
    Percent,
}
