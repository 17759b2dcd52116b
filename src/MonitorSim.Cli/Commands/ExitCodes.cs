namespace MonitorSim.Cli.Commands;

/// <summary>Exit codes of every command (docs/running.md#exit-codes): 0 all thresholds passed, 1 a threshold failed, 2 bad input.</summary>
public static class ExitCodes
{
    public const int Passed = 0;
    public const int ThresholdFailed = 1;
    public const int BadInput = 2;
}
