using System.Globalization;
using System.Text;

namespace MonitorSim.Domain.Operations.Wire;

/// <summary>
/// One rendered message as it would travel on the wire: the head (start line, header lines and the blank line
/// that ends them) and the body. Sizes are UTF-8 byte counts.
/// </summary>
public sealed class WireMessage
{
    internal WireMessage(string head, string body)
    {
        Head = head;
        Body = body;
        BodyByteCount = Encoding.UTF8.GetByteCount(body);
        ByteCount = Encoding.UTF8.GetByteCount(head) + BodyByteCount;
    }

    /// <summary>Start line, header lines and the empty line that ends the head, each ended by CRLF.</summary>
    public string Head { get; }

    /// <summary>The body (empty when there is none).</summary>
    public string Body { get; }

    /// <summary>The whole message.</summary>
    public string Text => Head + Body;

    /// <summary>The request or status line.</summary>
    public string StartLine => Head[..Head.IndexOf("\r\n", StringComparison.Ordinal)];

    /// <summary>UTF-8 bytes of the whole message.</summary>
    public int ByteCount { get; }

    /// <summary>UTF-8 bytes of the body.</summary>
    public int BodyByteCount { get; }

    public override string ToString() => Text;
}

/// <summary>Writes a SIP or HTTP head line by line; Content-Length is filled in from the body, never typed in.</summary>
internal sealed class HeadBuilder
{
    private const string Crlf = "\r\n";
    private readonly StringBuilder _text = new(512);

    public HeadBuilder(string startLine) => _text.Append(startLine).Append(Crlf);

    public HeadBuilder Add(string name, string value)
    {
        _text.Append(name).Append(": ").Append(value).Append(Crlf);
        return this;
    }

    /// <summary>Adds <c>Content-Length</c> (UTF-8 bytes of <paramref name="body"/>), ends the head and attaches the body.</summary>
    public WireMessage WithBody(string body)
    {
        Add("Content-Length", Encoding.UTF8.GetByteCount(body).ToString(CultureInfo.InvariantCulture));
        return new WireMessage(_text.Append(Crlf).ToString(), body);
    }

    /// <summary>Ends the head without a Content-Length and without a body (an HTTP 204).</summary>
    public WireMessage WithoutBody() => new(_text.Append(Crlf).ToString(), "");
}
