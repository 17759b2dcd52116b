namespace MonitorSim.Load.Measurement;

/// <summary>
/// One thread's CPU seconds over a run's measured window, read by the thread itself (a thread's CPU clock is its own to
/// read): at its first pass at or after the warm-up's end and at its first pass at or after the window's end. So the
/// figure covers the window the process's CPU and the throughput cover, not the thread's whole life: a load generator
/// behind schedule runs on past the end issuing its late arrivals, and that work is the drain's, as the tree's answering
/// them is. A thread that ends early (the run cut short) closes the window where it ends.
/// </summary>
/// <param name="warmEnd">Where the measured window starts (a Stopwatch timestamp).</param>
/// <param name="end">Where it ends (a Stopwatch timestamp).</param>
public sealed class WindowCpuClock(long warmEnd, long end)
{
    // NaN: the clock could not be read there.
    private double? _atWarmEnd;
    private double? _atEnd;

    /// <summary>A pass of the thread's loop at <paramref name="now"/>; <paramref name="cpu"/> reads its CPU clock (called at
    /// most twice over the run).</summary>
    public void Pass(long now, Func<double?> cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        if (_atEnd is not null) return;
        if (_atWarmEnd is null && now >= warmEnd) _atWarmEnd = cpu() ?? double.NaN;
        if (_atWarmEnd is not null && now >= end) _atEnd = cpu() ?? double.NaN;
    }

    /// <summary>The thread is ending: the window closes here unless a pass closed it already.</summary>
    public void Ended(Func<double?> cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        _atEnd ??= cpu() ?? double.NaN;
    }

    /// <summary>CPU seconds the thread spent in the window (0 if it ended inside the warm-up); null before the window closed,
    /// or where the clock could not be read.</summary>
    public double? Seconds
    {
        get
        {
            if (_atEnd is not { } last || double.IsNaN(last)) return null;
            var own = _atWarmEnd is { } first ? last - first : 0;
            return double.IsNaN(own) ? null : own;
        }
    }
}
