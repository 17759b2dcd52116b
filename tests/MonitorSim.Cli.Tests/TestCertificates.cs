using System.Security.Cryptography.X509Certificates;
using MonitorSim.TestSupport;

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
        using var ca = TestCertificateAuthority.MakeCa("CN=MonitorSim CLI Test CA");
        var caPath = Path.Combine(folder, "ca.crt");
        File.WriteAllText(caPath, ca.ExportCertificatePem());
        var nodePath = Path.Combine(folder, "node.pfx");
        using var node = TestCertificateAuthority.IssueNode(ca, "monitorsim-node");
        File.WriteAllBytes(nodePath, node.Export(X509ContentType.Pkcs12, password));
        return new TestCertificates(caPath, nodePath, password);
    }
}
