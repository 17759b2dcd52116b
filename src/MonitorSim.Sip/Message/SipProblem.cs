namespace MonitorSim.Sip.Message;

/// <summary>
/// Why a message from the far end was not taken as it came: the parser's rejections (RFC 3261 §7 grammar) and the
/// exchange's (a response no transaction sent, a request for a device that is not here …). Each is counted by reason
/// and never ends the run.
/// </summary>
public enum SipProblem : byte
{
    /// <summary>No problem.</summary>
    None,
    /// <summary>Not a problem: a stream holds only part of a message yet.</summary>
    Incomplete,
    Empty,
    NoHeadEnd,
    BadStartLine,
    BadVersion,
    BadStatusCode,
    BadHeaderLine,
    DuplicateHeader,
    MissingVia,
    MissingFrom,
    MissingTo,
    MissingCallId,
    MissingCSeq,
    BadCSeq,
    CSeqMethodMismatch,
    BadContentLength,
    MissingContentLength,
    BodyTruncated,
    TooLarge,
    /// <summary>A response that matches no client transaction (or one of an earlier run).</summary>
    StrayResponse,
    /// <summary>A response whose branch names a transaction but whose Call-ID or CSeq do not.</summary>
    TransactionMismatch,
    /// <summary>A request for a device code this end does not hold, or from a device that is not registered.</summary>
    UnknownDevice,
    /// <summary>A method this end does not serve (answered 405/501).</summary>
    UnsupportedMethod,
    /// <summary>A MANSCDP body without a root, CmdType or SN this end can act on.</summary>
    BadBody,
    /// <summary>A 401 without a usable digest challenge.</summary>
    BadChallenge,
    /// <summary>A REGISTER whose digest did not verify, or a second 401 after an authorised REGISTER.</summary>
    AuthFailed,
    /// <summary>A final response other than the one the exchange expects (e.g. 403 to a keepalive).</summary>
    UnexpectedStatus,
    /// <summary>The code handling a message threw.</summary>
    HandlerError,
    /// <summary>The transport could not send (connection gone, socket error).</summary>
    SendFailed,
    /// <summary>No client transaction slot was free.</summary>
    TableFull,
}
