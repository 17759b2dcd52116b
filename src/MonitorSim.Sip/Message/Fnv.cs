namespace MonitorSim.Sip.Message;

/// <summary>FNV-1a 64 over bytes: stable across processes, for tags and table keys derived from message fields.</summary>
internal static class Fnv
{
    public const ulong Offset = 14695981039346656037UL;

    public static ulong Hash(ReadOnlySpan<byte> data, ulong seed = Offset)
    {
        var h = seed;
        foreach (var b in data) h = (h ^ b) * 1099511628211UL;
        return h;
    }
}
