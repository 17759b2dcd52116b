using System.Runtime.CompilerServices;

namespace MonitorSim.Load.Tests;

/// <summary>The shipped SIP scenarios name their password by environment variable (the reader refuses one that is not
/// set, before anything starts); these tests read every shipped scenario, so the variable is set for them.</summary>
internal static class SipPassword
{
    public const string Variable = "MONITORSIM_SIP_PASSWORD";

    [ModuleInitializer]
    internal static void Set()
    {
        if (Environment.GetEnvironmentVariable(Variable) is null) Environment.SetEnvironmentVariable(Variable, "test-only-password");
    }
}
