using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MonitorSim.Cluster.Hosting;

namespace MonitorSim.Cluster.Tests.Support;

/// <summary>
/// Certificates made with .NET's CertificateRequest in a temp folder: the cluster CA with two node certificates, and a
/// foreign CA with one node certificate. Node certificates name a host (node-a …), never 127.0.0.1: hostname
/// validation is off, only the CA counts. A class fixture (RSA keys take a moment to make).
/// </summary>
public sealed class TestPki : IDisposable
{
    private const string Password = "test-only";

    public TestPki()
    {
        Folder = Directory.CreateTempSubdirectory("monitorsim-tls-").FullName;
        using var ca = MakeCa("CN=MonitorSim Test CA");
        using var foreignCa = MakeCa("CN=Somebody Else's CA");
        var caPath = WritePem(ca, "ca.crt");
        var foreignCaPath = WritePem(foreignCa, "foreign-ca.crt");
        NodeA = new TlsSettings(WriteNode(ca, "node-a", out var rawA), Password, caPath);
        NodeB = new TlsSettings(WriteNode(ca, "node-b", out _), Password, caPath);
        Foreign = new TlsSettings(WriteNode(foreignCa, "intruder", out _), Password, foreignCaPath);

        // A PKCS#12 holding node-a's certificate alone, without its key.
        CertificateOnlyPfx = Path.Combine(Folder, "node-a-cert-only.pfx");
        using var publicOnly = X509CertificateLoader.LoadCertificate(rawA);
        File.WriteAllBytes(CertificateOnlyPfx, new X509Certificate2Collection(publicOnly).Export(X509ContentType.Pkcs12, Password)!);
    }

    public string Folder { get; }

    /// <summary>A node certificate from the cluster CA, trusting that CA.</summary>
    public TlsSettings NodeA { get; }

    /// <summary>Another node certificate from the cluster CA, trusting that CA.</summary>
    public TlsSettings NodeB { get; }

    /// <summary>A node certificate from another CA, trusting that other CA (a complete TLS node of a different cluster).</summary>
    public TlsSettings Foreign { get; }

    public string CertificateOnlyPfx { get; }

    private static X509Certificate2 MakeCa(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        // Outlives the node certificates it signs (CertificateRequest.Create insists).
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(365));
    }

    /// <summary>Writes <c>name.pfx</c> (certificate and key) and returns its path; <paramref name="certificate"/> is the
    /// certificate alone (DER).</summary>
    private string WriteNode(X509Certificate2 ca, string name, out byte[] certificate)
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
        certificate = issued.RawData;
        var path = Path.Combine(Folder, $"{name}.pfx");
        File.WriteAllBytes(path, withKey.Export(X509ContentType.Pkcs12, Password));
        return path;
    }

    private string WritePem(X509Certificate2 certificate, string file)
    {
        var path = Path.Combine(Folder, file);
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}
