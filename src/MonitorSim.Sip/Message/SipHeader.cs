namespace MonitorSim.Sip.Message;

/// <summary>The header fields the parser indexes; any other header is kept in the message but not indexed.</summary>
public enum SipHeader : byte
{
    /// <summary>The top (first) Via value only: the one a transaction is matched on.</summary>
    Via,
    From,
    To,
    CallId,
    CSeq,
    ContentLength,
    ContentType,
    Contact,
    Expires,
    Authorization,
    WwwAuthenticate,
    MaxForwards,
}
