namespace MonitorSim.Sip.Message;

/// <summary>The reason phrases this stack sends (RFC 3261 §21).</summary>
public static class SipStatus
{
    public static ReadOnlySpan<byte> Reason(int status) => status switch
    {
        100 => "Trying"u8,
        200 => "OK"u8,
        400 => "Bad Request"u8,
        401 => "Unauthorized"u8,
        403 => "Forbidden"u8,
        404 => "Not Found"u8,
        405 => "Method Not Allowed"u8,
        408 => "Request Timeout"u8,
        481 => "Call/Transaction Does Not Exist"u8,
        500 => "Server Internal Error"u8,
        501 => "Not Implemented"u8,
        503 => "Service Unavailable"u8,
        _ => status < 300 ? "OK"u8 : status < 500 ? "Request Failed"u8 : "Server Error"u8,
    };
}
