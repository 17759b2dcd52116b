namespace MonitorSim.Sip.Message;

/// <summary>The SIP request methods a GB/T 28181 endpoint meets (RFC 3261 §7.1; MESSAGE from RFC 3428).</summary>
public enum SipMethod : byte
{
    /// <summary>A method token this stack does not know (still a valid request).</summary>
    Unknown,
    Register,
    Message,
    Options,
    Invite,
    Ack,
    Bye,
    Cancel,
    Subscribe,
    Notify,
    Info,
}
