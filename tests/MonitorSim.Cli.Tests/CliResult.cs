namespace MonitorSim.Cli.Tests;

/// <summary>What one in-process <c>monitorsim</c> invocation returned and printed.</summary>
internal sealed record CliResult(int ExitCode, string Output)
{
    /// <summary>Asserts the exit code, showing the console output when it differs.</summary>
    public CliResult ExpectExit(int expected)
    {
        Assert.True(ExitCode == expected, $"expected exit code {expected}, got {ExitCode}; console output:\n{Output}");
        return this;
    }
}
