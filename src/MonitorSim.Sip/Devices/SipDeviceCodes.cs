using System.Buffers.Text;
using System.Text;

namespace MonitorSim.Sip.Devices;

/// <summary>
/// The GB/T 28181 codes of a simulated camera population: camera <c>i</c> of domain <c>D</c> (10 digits) is
/// <c>D</c> + <c>1320</c> (type 132 IP camera, network 0) + <c>i</c> in 6 digits — for Xuzhou's domain 3203000000
/// the numbering the replay logs use (<c>32030000001320</c> + camera index). At most 1,000,000 cameras a domain.
/// </summary>
public sealed class SipDeviceCodes
{
    /// <summary>Cameras one domain can number.</summary>
    public const int MaxDevices = 1_000_000;

    private readonly byte[] _prefix;

    public SipDeviceCodes(string domain)
    {
        if (domain.Length != 10 || !domain.All(char.IsAsciiDigit))
            throw new ArgumentException($"a GB/T 28181 domain is 10 digits, got '{domain}'", nameof(domain));
        Domain = domain;
        _prefix = Encoding.ASCII.GetBytes(domain + "1320");
    }

    /// <summary>The 10-digit domain.</summary>
    public string Domain { get; }

    /// <summary>Writes camera <paramref name="device"/>'s 20 digits.</summary>
    public void Write(int device, Span<byte> code)
    {
        _prefix.CopyTo(code);
        Utf8Formatter.TryFormat(device, code[14..], out _, new System.Buffers.StandardFormat('D', 6));
    }

    /// <summary>Camera <paramref name="device"/>'s code.</summary>
    public string Of(int device)
    {
        Span<byte> code = stackalloc byte[20];
        Write(device, code);
        return Encoding.ASCII.GetString(code);
    }

    /// <summary>Which camera <paramref name="code"/> names; false for a code outside this population's numbering.</summary>
    public bool TryIndex(ReadOnlySpan<byte> code, out int device)
    {
        device = -1;
        if (code.Length != 20 || !code[..14].SequenceEqual(_prefix)) return false;
        return Utf8Parser.TryParse(code[14..], out device, out var used) && used == 6 && device >= 0;
    }
}
