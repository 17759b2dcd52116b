using System.CommandLine;
using MonitorSim.Cluster.Hosting;

namespace MonitorSim.Cli.Commands;

/// <summary>The remoting TLS options shared by <c>run</c> and <c>node</c>: all three files or none.</summary>
public sealed record TlsOptions(Option<string?> Cert, Option<string?> Password, Option<string?> Ca)
{
    public static TlsOptions Create() => new(
        new Option<string?>("--tls-cert") { Description = "This node's certificate with its private key (PKCS#12 .pfx): turns on mutual TLS for remoting" },
        new Option<string?>("--tls-password") { Description = "Password of the --tls-cert file" },
        new Option<string?>("--tls-ca") { Description = "The cluster's CA certificate (PEM or DER): peers must present a certificate it issued" });

    /// <summary>The settings, checked (files exist, the certificate has its key and chains to the CA); null without TLS.</summary>
    public TlsSettings? Read(System.CommandLine.ParseResult parse, List<string> errors)
    {
        var cert = parse.GetValue(Cert);
        var ca = parse.GetValue(Ca);
        if (cert is null && ca is null)
        {
            if (parse.GetValue(Password) is not null) errors.Add("--tls-password: given without --tls-cert");
            return null;
        }
        if (cert is null || ca is null)
        {
            errors.Add(cert is null ? "--tls-ca: needs --tls-cert too (mutual TLS: every node presents its own certificate)" : "--tls-cert: needs --tls-ca too (the CA that peers' certificates must chain to)");
            return null;
        }
        var settings = new TlsSettings(cert, parse.GetValue(Password), ca);
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
}
