using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MonitorSim.Cli.Tests;

/// <summary>
/// A cluster CA and one node certificate made with .NET's CertificateRequest, written as a user would have them from
/// openssl: <c>ca.crt</c> (PEM) and <c>node.pfx</c> (certificate and key, PKCS#12 with a password). The node certificate
/// names a host, never 127.0.0.1: hostname validation is off, only the CA counts.
/// </summary>
internal sealed record TestCertificates(string CaPath, string NodePfxPath, string Password)
{
    public static TestCertificates WriteTo(string folder, string password = "pw")
    {
        using var ca = MakeCa("CN=MonitorSim CLI Test CA");
        var caPath = Path.Combine(folder, "ca.crt");
        File.WriteAllText(caPath, ca.ExportCertificatePem());
        var nodePath = Path.Combine(folder, "node.pfx");
        File.WriteAllBytes(nodePath, MakeNode(ca, "monitorsim-node", password));
        return new TestCertificates(caPath, nodePath, password);
    }

    private static X509Certificate2 MakeCa(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        // Outlives the node certificate it signs (CertificateRequest.Create insists).
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(365));
    }

    /// <summary>A node certificate issued by <paramref name="ca"/>, with its private key, as PKCS#12 bytes.</summary>
    private static byte[] MakeNode(X509Certificate2 ca, string name, string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        // Remoting connects both ways, so each node is a TLS server and a TLS client.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return withKey.Export(X509ContentType.Pkcs12, password);
    }
}
