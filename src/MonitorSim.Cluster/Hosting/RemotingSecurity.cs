using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Hosting;
using Akka.Remote.Transport.DotNetty;

namespace MonitorSim.Cluster.Hosting;

/// <summary>
/// Mutual TLS for remoting: this node's own certificate (with its private key) and the cluster's CA certificate, which
/// every peer's certificate must chain to. Certificates are per node and name no address, so only the chain counts.
/// </summary>
/// <param name="CertificatePath">This node's certificate: with its private key as PKCS#12 (a .pfx, e.g. from
/// <c>openssl pkcs12 -export</c>), or as PEM with the key in <paramref name="KeyPath"/>.</param>
/// <param name="CertificatePassword">The PFX's password, or the PEM key's when it is encrypted; null when it has none.</param>
/// <param name="CaCertificatePath">The cluster's CA certificate (PEM or DER, e.g. <c>ca.crt</c>); a peer is accepted only
/// when its certificate was issued by it.</param>
/// <param name="KeyPath">The private key (PEM, PKCS#8 or PKCS#1) of a PEM certificate; null for a PFX.</param>
public sealed record TlsSettings(string CertificatePath, string? CertificatePassword, string CaCertificatePath, string? KeyPath = null)
{
    /// <summary>
    /// Loads both files and checks that the node's certificate has its private key and chains to the CA; throws a
    /// <see cref="TlsSettingsException"/> naming the file otherwise. Meant to run before a node starts, so that a bad path
    /// is bad input instead of a node that every peer silently refuses.
    /// </summary>
    public void Validate()
    {
        var (node, ca) = Load();
        node.Dispose();
        ca.Dispose();
    }

    /// <summary>Loads and checks the node's certificate and the CA (see <see cref="Validate"/>).</summary>
    internal (X509Certificate2 Node, X509Certificate2 Ca) Load()
    {
        var node = KeyPath is null
            ? Read(CertificatePath, "the node's TLS certificate", "is not a PKCS#12 (PFX) file, or its password is wrong",
                path => X509CertificateLoader.LoadPkcs12FromFile(path, CertificatePassword))
            : ReadPem();
        X509Certificate2? ca = null;
        try
        {
            // A TLS server needs the private key to sign its handshake, and with mutual authentication so does every
            // client; without it the handshake fails later with a far less helpful error.
            if (!node.HasPrivateKey)
                throw new TlsSettingsException(CertificatePath,
                    $"the node's TLS certificate {CertificatePath} holds no private key; export the certificate together " +
                    "with its key (openssl pkcs12 -export -inkey node.key -in node.crt -out node.pfx)");
            ca = Read(CaCertificatePath, "the cluster's CA certificate", "is not one certificate in PEM or DER",
                path => X509CertificateLoader.LoadCertificateFromFile(path));
            // Our own certificate must pass the very test every peer will put it to; otherwise the node would start and
            // then be refused by everyone, with the reason only in the peers' logs.
            if (!RemotingSecurity.ChainsTo(ca, node, null, out var why))
                throw new TlsSettingsException(CertificatePath,
                    $"the node's TLS certificate {CertificatePath} ({node.Subject}) is not issued by the CA in " +
                    $"{CaCertificatePath} ({ca.Subject}): {why}");
            return (node, ca);
        }
        catch
        {
            node.Dispose();
            ca?.Dispose();
            throw;
        }
    }

    /// <summary>A PEM certificate and its key, made into the PKCS#12 form the TLS stack keeps its keys in.</summary>
    private X509Certificate2 ReadPem()
    {
        RequireFile(KeyPath!, "the node's TLS key");
        return Read(CertificatePath, "the node's TLS certificate", $"with the key {KeyPath} is not a PEM certificate and its private key, or the key's password is wrong",
            path =>
            {
                using var pem = CertificatePassword is { } password
                    ? X509Certificate2.CreateFromEncryptedPemFile(path, password, KeyPath)
                    : X509Certificate2.CreateFromPemFile(path, KeyPath);
                return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            });
    }

    // The password stays out of logs and exception messages that print records.
    public override string ToString() =>
        $"TlsSettings {{ CertificatePath = {CertificatePath}, KeyPath = {KeyPath}, CaCertificatePath = {CaCertificatePath}, password {(CertificatePassword is null ? "none" : "given")} }}";

    private static void RequireFile(string path, string what)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new TlsSettingsException(path, $"{what}: no file given");
        if (!File.Exists(path))
            throw new TlsSettingsException(path, $"{what}: file {path} does not exist");
    }

    private static X509Certificate2 Read(string path, string what, string unfit, Func<string, X509Certificate2> load)
    {
        RequireFile(path, what);
        try
        {
            return load(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TlsSettingsException(path, $"{what}: cannot read {path}: {e.Message}", e);
        }
        catch (CryptographicException e)
        {
            throw new TlsSettingsException(path, $"{what}: {path} {unfit}: {e.Message}", e);
        }
    }
}

/// <summary>A <see cref="TlsSettings"/> file is missing, unreadable or unfit; <see cref="Path"/> names it.</summary>
public sealed class TlsSettingsException(string path, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Path { get; } = path;
}

/// <summary>How a node's remoting listens and whom it talks to.</summary>
public static class RemotingSecurity
{
    /// <summary>Where remoting binds unless told otherwise: loopback, so a node is not reachable from the network by
    /// accident (Akka itself binds every interface when no host name is given).</summary>
    public const string DefaultHostname = "127.0.0.1";

    /// <summary>
    /// Remoting options for a node listening on <paramref name="hostname"/>:<paramref name="port"/> (null or blank =
    /// <see cref="DefaultHostname"/>; port 0 = a free one). The host name is also the address the node advertises, so it
    /// must be one its peers can reach. With <paramref name="tls"/>, every connection, in and out, is TLS with mutual
    /// authentication, and a peer is accepted only when its certificate chains to <see cref="TlsSettings.CaCertificatePath"/>;
    /// a node without TLS or with another CA's certificate gets nothing through. Throws <see cref="TlsSettingsException"/>
    /// when the TLS files are unfit (see <see cref="TlsSettings.Validate"/>).
    /// </summary>
    /// <example><c>builder.WithRemoting(RemotingSecurity.Options("10.0.0.5", 4053, new TlsSettings("node.pfx", pw, "ca.crt")))</c></example>
    public static RemoteOptions Options(string? hostname, int port, TlsSettings? tls)
    {
        var host = string.IsNullOrWhiteSpace(hostname) ? DefaultHostname : hostname;
        var options = new RemoteOptions { HostName = host, Port = port, PublicHostName = host };
        if (tls is null) return options;

        var (certificate, ca) = tls.Load();
        options.EnableSsl = true;
        options.Ssl = new SslOptions
        {
            // Given as an object (not a path in HOCON), so Akka.Hosting hands it to the transport through a
            // DotNettySslSetup — the only way to pass a CustomValidator — and writes no HOCON ssl section.
            X509Certificate = certificate,
            // Validation stays on: the custom validator below is what decides.
            SuppressValidation = false,
            // The server asks every inbound connection for a certificate (and refuses one without), and the client presents
            // ours; remoting connects both ways, so both ends prove themselves to each other.
            RequireMutualAuthentication = true,
            // Certificates are per node and peers are addressed by IP: the certificate's name never matches the address
            // dialled, and the CA — not the name — is what says a peer belongs to the cluster.
            ValidateCertificateHostname = false,
            // Akka's stock chain check trusts the machine's root store: any public CA would do, and our private CA would
            // not. The cluster's CA, and only it, is the trust anchor.
            CustomValidator = AcceptOnlyIssuedBy(ca),
        };
        return options;
    }

    /// <summary>
    /// A validator for both sides of the handshake that accepts a peer's certificate only when it chains to
    /// <paramref name="ca"/>. The handshake's own <see cref="SslPolicyErrors"/> are ignored on purpose: they are computed
    /// against the system's roots (where our CA is not) and the dialled host name (which we do not check).
    /// </summary>
    internal static CertificateValidationCallback AcceptOnlyIssuedBy(X509Certificate2 ca) =>
        (certificate, presented, peer, _, log) =>
        {
            if (certificate is null)
            {
                log.Warning("TLS: refused {0}: it presented no certificate", peer);
                return false;
            }
            if (ChainsTo(ca, certificate, presented, out var why))
                return true;
            log.Warning("TLS: refused {0}: its certificate {1} (issuer {2}) is not issued by the cluster CA {3}: {4}",
                peer, certificate.Subject, certificate.Issuer, ca.Subject, why);
            return false;
        };

    /// <summary>True when <paramref name="certificate"/> chains to <paramref name="ca"/> (intermediates the peer sent
    /// may sit in between); else <paramref name="why"/> says what failed.</summary>
    internal static bool ChainsTo(X509Certificate2 ca, X509Certificate2 certificate, X509Chain? presented, out string why)
    {
        using var chain = new X509Chain();
        // CustomRootTrust: the system's root store plays no part; only certificates in CustomTrustStore anchor a chain.
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        // A private cluster CA publishes no revocation list; checking would fail (or stall on the network) every time.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            // Intermediates the peer sent in the handshake; they can link a chain but never anchor one.
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
            foreach (var element in presented.ChainElements)
                if (!element.Certificate.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span))
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        if (chain.Build(certificate))
        {
            why = "";
            return true;
        }
        var problems = chain.ChainStatus.Where(s => s.Status != X509ChainStatusFlags.NoError)
            .Select(s => $"{s.Status}: {s.StatusInformation.Trim()}").ToArray();
        why = problems.Length > 0 ? string.Join("; ", problems) : "the chain does not end at the CA";
        return false;
    }
}
