namespace MonitorSim.Domain.Cascade;

/// <summary>
/// An upper platform's copy of the device catalog below it, item by item: whether each camera is online, keyed by the
/// camera's index. A city holds one over its whole topology (filled from its platforms' catalog pages and the changes
/// their reports carry), and the province holds one per city (filled the same way from the city). One bit per camera,
/// in a <c>ulong[]</c>: a catalog item's state is its status bit (a camera's path follows from the topology by its index,
/// so it is not kept), and a million cameras' catalog is 125 KB — an object or dictionary entry per camera would be 40 to
/// 100 times that. A camera never heard of counts as offline, as an upper platform shows a device whose platform it
/// cannot see.
/// </summary>
public sealed class CatalogTable
{
    private readonly ulong[] _bits;

    /// <summary>A catalog of <paramref name="items"/> cameras, all offline.</summary>
    public CatalogTable(int items)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(items);
        Count = items;
        _bits = new ulong[(items + 63) / 64];
    }

    /// <summary>Cameras in the catalog.</summary>
    public int Count { get; }

    /// <summary>Cameras online (kept as items change, never recounted).</summary>
    public int OnlineCount { get; private set; }

    /// <summary>Whether camera <paramref name="item"/> is online.</summary>
    public bool IsOnline(int item)
    {
        CheckIndex(item);
        return (_bits[item >> 6] & (1UL << (item & 63))) != 0;
    }

    /// <summary>Sets camera <paramref name="item"/>'s status; true if that changed it (a change to pass on), false if it
    /// already was so (a copy of a change, or a catalog page saying what is known).</summary>
    public bool Set(int item, bool online)
    {
        if (IsOnline(item) == online) return false;
        _bits[item >> 6] ^= 1UL << (item & 63);
        OnlineCount += online ? 1 : -1;
        return true;
    }

    /// <summary>The status bits, camera <c>i</c> at bit <c>i % 64</c> of word <c>i / 64</c> (a copy): what two catalogs are
    /// compared by.</summary>
    public ulong[] Export() => (ulong[])_bits.Clone();

    private void CheckIndex(int item)
    {
        if ((uint)item >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(item), item, $"not a camera of this catalog of {Count}");
    }
}
