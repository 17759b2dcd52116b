namespace MonitorSim.Sip.Diagnostics;

/// <summary>The traffic an endpoint counts (everything that is not a <see cref="Message.SipProblem"/>).</summary>
public enum SipEvent : byte
{
    RequestsSent,
    /// <summary>Requests re-sent by timer E (UDP).</summary>
    Retransmissions,
    /// <summary>Client transactions ended by timer F without a final response.</summary>
    Timeouts,
    FinalResponses,
    ProvisionalResponses,
    /// <summary>Retransmitted final responses absorbed by a completed transaction (timer K).</summary>
    DuplicateResponses,
    RequestsReceived,
    /// <summary>Retransmitted requests answered again (or dropped while the first was in hand) by a server transaction.</summary>
    RequestRetransmissions,
    ResponsesSent,
    /// <summary>Registrations a device renewed by itself before they expired.</summary>
    Refreshes,
    RefreshFailures,
}
