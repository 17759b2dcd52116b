using System.Security.Cryptography.X509Certificates;
using MonitorSim.Cluster.Hosting;
using MonitorSim.TestSupport;

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
        using var ca = TestCertificateAuthority.MakeCa("CN=MonitorSim Test CA");
        using var foreignCa = TestCertificateAuthority.MakeCa("CN=Somebody Else's CA");
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

    /// <summary>Writes <c>name.pfx</c> (certificate and key) and returns its path; <paramref name="certificate"/> is the
    /// certificate alone (DER).</summary>
    private string WriteNode(X509Certificate2 ca, string name, out byte[] certificate)
    {
        using var withKey = TestCertificateAuthority.IssueNode(ca, name);
        certificate = withKey.RawData;
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
