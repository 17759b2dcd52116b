using System.Buffers.Text;
using System.Runtime.CompilerServices;

namespace MonitorSim.Sip.Message;

/// <summary>
/// A parsed SIP message as a view over the bytes it arrived in: the start line and the indexed headers are offsets
/// into the buffer, so parsing copies nothing. Valid only while the buffer is (a receive loop hands it to its handler
/// and reuses the buffer afterwards); whatever must outlive the handler is copied by whoever keeps it.
/// </summary>
public readonly ref struct SipMessage
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly SipLayout _layout;

    internal SipMessage(ReadOnlySpan<byte> data, scoped in SipLayout layout)
    {
        _data = data;
        _layout = layout;
    }

    /// <summary>Whether this is a request (else a response).</summary>
    public bool IsRequest => _layout.IsRequest;

    /// <summary>The request's method (<see cref="SipMethod.Unknown"/> for a response or an unknown token).</summary>
    public SipMethod Method => _layout.Method;

    /// <summary>The request's method token as sent.</summary>
    public ReadOnlySpan<byte> MethodToken => _layout.MethodToken.Of(_data);

    /// <summary>The Request-URI.</summary>
    public ReadOnlySpan<byte> RequestUri => _layout.RequestUri.Of(_data);

    /// <summary>The response's status code (0 for a request).</summary>
    public int StatusCode => _layout.StatusCode;

    /// <summary>The response's reason phrase.</summary>
    public ReadOnlySpan<byte> Reason => _layout.Reason.Of(_data);

    /// <summary>The CSeq number.</summary>
    public int CSeq => _layout.CSeq;

    /// <summary>The CSeq method (for a response: the method of the request it answers).</summary>
    public SipMethod CSeqMethod => _layout.CSeqMethod;

    /// <summary>Bytes of the whole message, head and body (a datagram may carry more; a stream carries the next one).</summary>
    public int Length => _layout.Length;

    /// <summary>The whole message.</summary>
    public ReadOnlySpan<byte> Raw => _data[_layout.Start.._layout.Length];

    /// <summary>The head: start line, header lines and the blank line ending them.</summary>
    public ReadOnlySpan<byte> Head => _data[_layout.Start.._layout.Body.Start];

    /// <summary>The body (Content-Length bytes).</summary>
    public ReadOnlySpan<byte> Body => _layout.Body.Of(_data);

    /// <summary>Number of Via values (proxies on the path plus the sender).</summary>
    public int ViaCount => _layout.ViaCount;

    /// <summary>Whether the header is present.</summary>
    public bool Has(SipHeader header) => _layout.Headers[(int)header].Length >= 0;

    /// <summary>The header's value without surrounding white space (empty when absent; see <see cref="Has"/>).</summary>
    public ReadOnlySpan<byte> this[SipHeader header] => _layout.Headers[(int)header].Of(_data);

    /// <summary>The Call-ID.</summary>
    public ReadOnlySpan<byte> CallId => this[SipHeader.CallId];

    /// <summary>The branch parameter of the top Via (empty when it has none).</summary>
    public ReadOnlySpan<byte> Branch =>
        SipParams.TryGet(this[SipHeader.Via], "branch"u8, out var branch) ? branch : default;

    /// <summary>The From tag (empty when none).</summary>
    public ReadOnlySpan<byte> FromTag => SipParams.TryGet(this[SipHeader.From], "tag"u8, out var tag) ? tag : default;

    /// <summary>The To tag (empty when none).</summary>
    public ReadOnlySpan<byte> ToTag => SipParams.TryGet(this[SipHeader.To], "tag"u8, out var tag) ? tag : default;

    /// <summary>
    /// The registration lifetime asked or granted: the Expires header, else the <c>expires</c> parameter of the
    /// Contact; -1 when neither is there or is not a number.
    /// </summary>
    public int Expires
    {
        get
        {
            if (Has(SipHeader.Expires)) return SipParams.ParseInt(this[SipHeader.Expires]);
            return SipParams.TryGet(this[SipHeader.Contact], "expires"u8, out var value) ? SipParams.ParseInt(value) : -1;
        }
    }

    /// <summary>The user part of the Request-URI (a GB/T 28181 device or platform code).</summary>
    public ReadOnlySpan<byte> RequestUser => SipParams.UriUser(RequestUri);

    /// <summary>The user part of the From URI.</summary>
    public ReadOnlySpan<byte> FromUser => SipParams.UriUser(this[SipHeader.From]);

    /// <summary>The user part of the To URI.</summary>
    public ReadOnlySpan<byte> ToUser => SipParams.UriUser(this[SipHeader.To]);

    /// <summary>Parses the Content-Length digits (used by the parser; exposed for stream framing).</summary>
    internal static bool TryParseLength(ReadOnlySpan<byte> digits, out int length) =>
        Utf8Parser.TryParse(digits, out length, out var used) && used == digits.Length && length >= 0;
}

/// <summary>A slice of the message buffer: start and length; length -1 means absent.</summary>
internal readonly record struct Seg(int Start, int Length)
{
    public static readonly Seg None = new(0, -1);

    public ReadOnlySpan<byte> Of(ReadOnlySpan<byte> data) => Length <= 0 ? default : data.Slice(Start, Length);
}

/// <summary>Offsets of the indexed headers, one per <see cref="SipHeader"/>.</summary>
[InlineArray(SipLayout.HeaderCount)]
internal struct HeaderSegs
{
    private Seg _first;
}

/// <summary>Where the parts of a parsed message lie in its buffer.</summary>
internal struct SipLayout
{
    public const int HeaderCount = 12;

    public bool IsRequest;
    public SipMethod Method;
    public SipMethod CSeqMethod;
    public int StatusCode;
    public int CSeq;
    public int ViaCount;
    public int Start;
    public int Length;
    public Seg MethodToken;
    public Seg RequestUri;
    public Seg Reason;
    public Seg Body;
    public HeaderSegs Headers;
}
