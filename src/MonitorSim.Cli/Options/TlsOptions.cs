using System.CommandLine;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Harness;

namespace MonitorSim.Cli.Options;

/// <summary>The remoting TLS options shared by <c>run</c> and <c>node</c>: a certificate with its key (a PFX, or PEM with
/// <c>--tls-key</c>) and the cluster's CA, or none. The password comes from <c>--tls-password-file</c>, the environment's
/// <see cref="EnvironmentNames.TlsPassword"/>, or (shown by <c>ps</c>, so last) <c>--tls-password</c>.</summary>
internal sealed record TlsOptions(Option<string?> Cert, Option<string?> Key, Option<string?> Password, Option<string?> PasswordFile, Option<string?> Ca)
{
    public static TlsOptions Create() => new(
        new Option<string?>("--tls-cert") { Description = "This node's certificate: PKCS#12 (.pfx) with its private key, or PEM with --tls-key; turns on mutual TLS for remoting" },
        new Option<string?>("--tls-key") { Description = "The private key (PEM) of a PEM --tls-cert" },
        new Option<string?>("--tls-password") { Description = $"Password of the --tls-cert file (or of an encrypted --tls-key); visible to ps: prefer --tls-password-file or ${EnvironmentNames.TlsPassword}" },
        new Option<string?>("--tls-password-file") { Description = "A file holding that password (its first line)" },
        new Option<string?>("--tls-ca") { Description = "The cluster's CA certificate (PEM or DER): peers must present a certificate it issued" });

    public IEnumerable<Option> All => [Cert, Key, Password, PasswordFile, Ca];

    /// <summary>The settings, checked (files exist, the certificate has its key and chains to the CA); null without TLS.
    /// <paramref name="environment"/> looks up an environment variable (default: this process's).</summary>
    public TlsSettings? Read(ParseResult parse, List<string> errors, Func<string, string?>? environment = null)
    {
        var cert = parse.GetValue(Cert);
        var ca = parse.GetValue(Ca);
        var key = parse.GetValue(Key);
        var password = ReadPassword(parse, errors, environment ?? Environment.GetEnvironmentVariable);
        if (cert is null && ca is null)
        {
            if (parse.GetValue(Password) is not null || parse.GetValue(PasswordFile) is not null) errors.Add("--tls-password: given without --tls-cert");
            if (key is not null) errors.Add("--tls-key: given without --tls-cert");
            return null;
        }
        if (cert is null || ca is null)
        {
            errors.Add(cert is null ? "--tls-ca: needs --tls-cert too (mutual TLS: every node presents its own certificate)" : "--tls-cert: needs --tls-ca too (the CA that peers' certificates must chain to)");
            return null;
        }
        var settings = new TlsSettings(cert, password, ca, key);
        try
        {
            settings.Validate();
            return settings;
        }
        catch (TlsSettingsException e)
        {
            errors.Add($"--tls: {e.Message}");
            return null;
        }
    }

    private string? ReadPassword(ParseResult parse, List<string> errors, Func<string, string?> environment)
    {
        var (given, file) = (parse.GetValue(Password), parse.GetValue(PasswordFile));
        if (given is not null && file is not null)
        {
            errors.Add("--tls-password and --tls-password-file: give one of them");
            return null;
        }
        if (given is not null) return given;
        if (file is not null)
        {
            try { return File.ReadLines(file).FirstOrDefault() ?? ""; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"--tls-password-file: cannot read {file}: {e.Message}");
                return null;
            }
        }
        return environment(EnvironmentNames.TlsPassword) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
    }
}
