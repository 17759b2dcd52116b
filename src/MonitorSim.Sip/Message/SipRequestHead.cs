namespace MonitorSim.Sip.Message;

/// <summary>What varies between the requests one GB/T 28181 endpoint sends (see <see cref="SipRequestWriter"/>).</summary>
public ref struct SipRequestHead
{
    /// <summary>The code the request goes to: Request-URI <c>sip:CODE@DOMAIN</c>.</summary>
    public ReadOnlySpan<byte> TargetCode { get; set; }

    /// <summary>The sender's code (From).</summary>
    public ReadOnlySpan<byte> FromCode { get; set; }

    /// <summary>The receiver's address of record (To); for REGISTER the sender's own code.</summary>
    public ReadOnlySpan<byte> ToCode { get; set; }

    /// <summary><c>UDP</c> or <c>TCP</c>, as Via writes it.</summary>
    public ReadOnlySpan<byte> Transport { get; set; }

    /// <summary>The sender's <c>host:port</c> (Via sent-by, and Contact for REGISTER).</summary>
    public ReadOnlySpan<byte> SentBy { get; set; }

    public ReadOnlySpan<byte> Branch { get; set; }

    public ReadOnlySpan<byte> FromTag { get; set; }

    public ReadOnlySpan<byte> CallId { get; set; }

    public int CSeq { get; set; }

    /// <summary>REGISTER only: the Authorization value answering a challenge (empty for the first REGISTER).</summary>
    public ReadOnlySpan<byte> Authorization { get; set; }

    public ReadOnlySpan<byte> UserAgent { get; set; }

    /// <summary>REGISTER only: the lifetime asked for, seconds (0 unregisters).</summary>
    public int Expires { get; set; }
}
