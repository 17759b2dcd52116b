namespace MonitorSim.Harness;

/// <summary>
/// The environment variables MonitorSim reads, so that secrets stay off command lines (which <c>ps</c> shows to every
/// user of the host): a run's store URL with its password, and the password of a node's TLS certificate. A run hands
/// them to its worker node processes the same way.
/// </summary>
public static class EnvironmentNames
{
    /// <summary>The store address when <c>--store</c> is not given (it overrides the scenario's <c>store:</c>).</summary>
    public const string Store = "MONITORSIM_STORE";

    /// <summary>The password of the <c>--tls-cert</c> file when <c>--tls-password</c> and <c>--tls-password-file</c> are
    /// not given.</summary>
    public const string TlsPassword = "MONITORSIM_TLS_PASSWORD";
}
