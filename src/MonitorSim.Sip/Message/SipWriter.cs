using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace MonitorSim.Sip.Message;

/// <summary>Writes a SIP message's bytes into a caller's buffer; running out of room is a bug, so it throws.</summary>
public ref struct SipWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public SipWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Length => _position;

    /// <summary>What has been written.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._position];

    public void Write(scoped ReadOnlySpan<byte> bytes)
    {
        if (!bytes.TryCopyTo(_buffer[_position..])) throw Overflow();
        _position += bytes.Length;
    }

    public void Write(byte value)
    {
        if (_position >= _buffer.Length) throw Overflow();
        _buffer[_position++] = value;
    }

    /// <summary>UTF-8 text.</summary>
    public void Write(scoped ReadOnlySpan<char> text)
    {
        if (!Encoding.UTF8.TryGetBytes(text, _buffer[_position..], out var written)) throw Overflow();
        _position += written;
    }

    /// <summary>A decimal number, at least <paramref name="width"/> digits (zero-padded).</summary>
    public void Number(long value, int width = 0)
    {
        var format = width > 0 ? new StandardFormat('D', (byte)width) : default;
        if (!Utf8Formatter.TryFormat(value, _buffer[_position..], out var written, format)) throw Overflow();
        _position += written;
    }

    /// <summary>Lower-case hexadecimal, exactly <paramref name="width"/> digits.</summary>
    public void Hex(ulong value, int width)
    {
        if (!Utf8Formatter.TryFormat(value, _buffer[_position..], out var written, new StandardFormat('x', (byte)width)))
            throw Overflow();
        _position += written;
    }

    public void Crlf() => Write("\r\n"u8);

    /// <summary>A whole header line: <c>Name: value</c> CRLF.</summary>
    public void Header(scoped ReadOnlySpan<byte> name, scoped ReadOnlySpan<byte> value)
    {
        HeaderName(name);
        Write(value);
        Crlf();
    }

    /// <summary>A header's name and the <c>": "</c> after it; the caller writes the value and the CRLF.</summary>
    public void HeaderName(scoped ReadOnlySpan<byte> name)
    {
        Write(name);
        Write(": "u8);
    }

    /// <summary><c>sip:CODE@DOMAIN</c>, the domain being the code's first 10 digits (GB/T 28181 addresses of record).</summary>
    public void GbUri(scoped ReadOnlySpan<byte> code)
    {
        Write("sip:"u8);
        Write(code);
        Write((byte)'@');
        Write(code.Length >= 10 ? code[..10] : code);
    }

    private static InvalidOperationException Overflow() =>
        new("the SIP message does not fit its buffer (a bug: buffers are sized for the largest message sent)");
}
