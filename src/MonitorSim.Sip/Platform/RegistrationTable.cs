using System.Text;
using MonitorSim.Sip.Transport;

namespace MonitorSim.Sip.Platform;

/// <summary>
/// The registrar's table (RFC 3261 §10.3): device code → where it is reached (the route its REGISTER came by, so a
/// query goes back through the same socket or connection) and until when. Codes are kept as 128-bit numbers, so a
/// million registrations hold no strings.
/// </summary>
public sealed class RegistrationTable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<UInt128, Entry> _entries = [];

    /// <summary>Registrations held, expired ones included until they are looked at.</summary>
    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    /// <summary>Registrations that have not expired at <paramref name="now"/>.</summary>
    public int CountActive(long now)
    {
        lock (_gate) return _entries.Values.Count(e => e.ExpiresAt > now);
    }

    /// <summary>20 decimal digits as a number; false for anything else.</summary>
    public static bool TryKey(ReadOnlySpan<byte> code, out UInt128 key)
    {
        key = 0;
        if (code.Length != 20) return false;
        foreach (var c in code)
        {
            if (c is < (byte)'0' or > (byte)'9') return false;
            key = key * 10 + (uint)(c - '0');
        }
        return true;
    }

    /// <summary>The 20 digits of a key.</summary>
    public static string Code(UInt128 key) => key.ToString("D20", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Writes the 20 digits of a key.</summary>
    public static void WriteCode(UInt128 key, Span<byte> code)
    {
        for (var i = 19; i >= 0; i--)
        {
            code[i] = (byte)('0' + (int)(key % 10));
            key /= 10;
        }
    }

    public void Set(UInt128 device, SipRoute route, long expiresAt)
    {
        lock (_gate) _entries[device] = new Entry(route, expiresAt);
    }

    public bool Remove(UInt128 device)
    {
        lock (_gate) return _entries.Remove(device);
    }

    /// <summary>Where a device registered from, if its registration has not expired at <paramref name="now"/>.</summary>
    public bool TryRoute(UInt128 device, long now, out SipRoute route)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(device, out var entry) && entry.ExpiresAt > now)
            {
                route = entry.Route;
                return true;
            }
        }
        route = default;
        return false;
    }

    /// <summary>The codes registered now (for reports and tests).</summary>
    public IReadOnlyList<string> Devices(long now)
    {
        lock (_gate) return [.. _entries.Where(e => e.Value.ExpiresAt > now).Select(e => Code(e.Key)).Order(StringComparer.Ordinal)];
    }

    internal static string Text(ReadOnlySpan<byte> code) => Encoding.ASCII.GetString(code);

    private readonly record struct Entry(SipRoute Route, long ExpiresAt);
}
