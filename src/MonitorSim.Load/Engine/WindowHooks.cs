namespace MonitorSim.Load.Engine;

/// <summary>What hears the bounds of a run's measured window, so that what is read beside the engine (the processes'
/// CPU, the journal) covers the window its statistics cover. Both are Stopwatch timestamps.</summary>
/// <param name="ClockSet">Told, once the run's start is fixed and before any operation is issued, when its warm-up ends and
/// when it ends.</param>
/// <param name="MeasuredEnded">Told where the measured window ended, as soon as it has and before the operations in flight
/// settle: the run's end, or earlier where the run was cut short (every counted stream finished, an abort, a stop).</param>
public sealed record WindowHooks(Action<long, long> ClockSet, Action<long> MeasuredEnded);
