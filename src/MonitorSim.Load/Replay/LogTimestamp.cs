namespace MonitorSim.Load.Replay;

/// <summary>
/// ISO 8601 timestamps with an offset, read from UTF-8 without allocating: <c>2026-11-27T09:30:00.125+08:00</c> (the
/// <c>T</c> may be a space; 0 to 7 fractional digits; the offset is <c>Z</c>, <c>±HH:MM</c> or <c>±HHMM</c>). A log's
/// times must be unambiguous: a timestamp without an offset is refused unless the caller gives the offset its writer
/// meant (<c>--timezone</c>). Times compare as UTC; the offset is kept for writing.
/// </summary>
public static class LogTimestamp
{
    /// <summary>Parses <paramref name="s"/>, which must carry its offset; false with a reason when it is not such a timestamp.</summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out long utcTicks, out int offsetMinutes, out string? error) =>
        TryParse(s, null, out utcTicks, out offsetMinutes, out error);

    /// <summary>Parses <paramref name="s"/>; a timestamp without an offset gets <paramref name="defaultOffsetMinutes"/>
    /// (null: it is refused). False with a reason when it is not such a timestamp.</summary>
    public static bool TryParse(ReadOnlySpan<byte> s, int? defaultOffsetMinutes, out long utcTicks, out int offsetMinutes, out string? error)
    {
        utcTicks = 0;
        offsetMinutes = 0;
        error = null;
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ' && s[10] != 't') || s[13] != ':' || s[16] != ':'
            || !Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second))
        {
            error = "not an ISO 8601 timestamp (write e.g. 2026-11-27T09:30:00.125+08:00)";
            return false;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            error = "no such date or time";
            return false;
        }
        var i = 19;
        long fraction = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            var digits = 0;
            while (i < s.Length && s[i] is >= (byte)'0' and <= (byte)'9')
            {
                if (digits < 7) { fraction = fraction * 10 + (s[i] - '0'); digits++; }
                i++;
            }
            if (digits == 0) { error = "a decimal point without digits"; return false; }
            for (; digits < 7; digits++) fraction *= 10;
        }
        if (i == s.Length)
        {
            if (defaultOffsetMinutes is not { } zone)
            {
                error = "the timestamp has no offset (end it with Z or e.g. +08:00, or give the log's zone with --timezone)";
                return false;
            }
            offsetMinutes = zone;
        }
        else if (s[i] is (byte)'Z' or (byte)'z' && i + 1 == s.Length)
        {
            offsetMinutes = 0;
        }
        else if (s[i] is (byte)'+' or (byte)'-')
        {
            var sign = s[i] == '-' ? -1 : 1;
            int oh, om;
            var rest = s.Length - i - 1;
            if (rest == 5 && s[i + 3] == ':' && Digits(s, i + 1, 2, out oh) && Digits(s, i + 4, 2, out om)) { }
            else if (rest == 4 && Digits(s, i + 1, 2, out oh) && Digits(s, i + 3, 2, out om)) { }
            else { error = "the offset is not ±HH:MM"; return false; }
            if (oh > 14 || om > 59) { error = "the offset is out of range"; return false; }
            offsetMinutes = sign * (oh * 60 + om);
        }
        else
        {
            error = "unexpected characters after the time (the offset is Z or ±HH:MM)";
            return false;
        }
        var local = new DateTime(year, month, day, hour, minute, second).Ticks + fraction;
        utcTicks = local - offsetMinutes * TimeSpan.TicksPerMinute;
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int at, int count, out int value)
    {
        value = 0;
        for (var k = at; k < at + count; k++)
        {
            var d = s[k] - '0';
            if ((uint)d > 9) return false;
            value = value * 10 + d;
        }
        return true;
    }

    /// <summary>Writes a timestamp as <c>yyyy-MM-ddTHH:mm:ss.fffffff±HH:MM</c> into <paramref name="into"/>; returns the
    /// bytes written (33).</summary>
    public static int Format(long utcTicks, int offsetMinutes, Span<byte> into)
    {
        var local = new DateTime(utcTicks + offsetMinutes * TimeSpan.TicksPerMinute);
        var n = 0;
        Put(into, ref n, local.Year, 4); into[n++] = (byte)'-';
        Put(into, ref n, local.Month, 2); into[n++] = (byte)'-';
        Put(into, ref n, local.Day, 2); into[n++] = (byte)'T';
        Put(into, ref n, local.Hour, 2); into[n++] = (byte)':';
        Put(into, ref n, local.Minute, 2); into[n++] = (byte)':';
        Put(into, ref n, local.Second, 2); into[n++] = (byte)'.';
        Put(into, ref n, (int)(local.Ticks % TimeSpan.TicksPerSecond), 7);
        var off = Math.Abs(offsetMinutes);
        into[n++] = offsetMinutes < 0 ? (byte)'-' : (byte)'+';
        Put(into, ref n, off / 60, 2); into[n++] = (byte)':';
        Put(into, ref n, off % 60, 2);
        return n;
    }

    private static void Put(Span<byte> into, ref int n, int value, int width)
    {
        for (var k = width - 1; k >= 0; k--) { into[n + k] = (byte)('0' + value % 10); value /= 10; }
        n += width;
    }
}
