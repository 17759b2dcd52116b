using System.Diagnostics;

namespace MonitorSim.Domain.Cascade;

/// <summary>
/// An upper platform's copy of a lower platform's catalog (<see cref="CatalogTable"/>), kept in step the two ways a
/// GB/T 28181 cascade does: a pull of the whole catalog, page by page, each time the lower platform registers, and the
/// catalog changes its reports carry in between, item by item. A pull is named by its sync id: pages of an earlier pull
/// still arriving after a new one began change nothing. Pages and changes may interleave; the lower platform sends its
/// pages and later reports in order, so each item ends as the lower platform last said. Times are Stopwatch timestamps.
/// </summary>
public sealed class CatalogMirror
{
    private int _pagesReceived;
    private long _pullStartedAt;

    /// <summary>A copy of a catalog of <paramref name="items"/> cameras, all offline until a pull or a change says otherwise.</summary>
    public CatalogMirror(int items) => Table = new CatalogTable(items);

    /// <summary>The items.</summary>
    public CatalogTable Table { get; }

    /// <summary>The sync id of the latest pull (0 before the first).</summary>
    public long SyncId { get; private set; }

    /// <summary>Whether the latest pull has received its every page.</summary>
    public bool Synced { get; private set; }

    /// <summary>Pulls started.</summary>
    public int Pulls { get; private set; }

    /// <summary>Changes received (from reports recorded, each report once).</summary>
    public long ChangesReceived { get; private set; }

    /// <summary>Changes that changed an item (the rest were already so: a repeat, or brought by a pull).</summary>
    public long ChangesApplied { get; private set; }

    /// <summary>Wall ms from the latest pull's start to its last page; null while it runs.</summary>
    public double? PullMs { get; private set; }

    /// <summary>Starts a pull (the lower platform registered, or the previous pull stalled): returns its sync id, to send
    /// in the catalog query.</summary>
    public long StartPull(long now)
    {
        Pulls++;
        Synced = false;
        PullMs = null;
        _pagesReceived = 0;
        _pullStartedAt = now;
        return ++SyncId;
    }

    /// <summary>Whether the latest pull has waited longer than <paramref name="limit"/> for its pages (one was lost).</summary>
    public bool PullStalled(long now, TimeSpan limit) => SyncId != 0 && !Synced && Stopwatch.GetElapsedTime(_pullStartedAt, now) > limit;

    /// <summary>One page of pull <paramref name="syncId"/>, of <paramref name="pages"/>: its items set as they say. False
    /// (nothing applied) for a page of a superseded pull, or one past the pull's end.</summary>
    public bool Page(long syncId, int pages, IEnumerable<(int Camera, bool Online)> items, long now)
    {
        if (syncId != SyncId || Synced) return false;
        foreach (var (camera, online) in items)
            if ((uint)camera < (uint)Table.Count) Table.Set(camera, online);
        if (++_pagesReceived < pages) return true;
        Synced = true;
        PullMs = Stopwatch.GetElapsedTime(_pullStartedAt, now).TotalMilliseconds;
        return true;
    }

    /// <summary>A change a recorded report carried: camera <paramref name="camera"/> went online or offline. True if it
    /// changed the item. A camera outside the catalog is ignored.</summary>
    public bool Change(int camera, bool online)
    {
        ChangesReceived++;
        if ((uint)camera >= (uint)Table.Count || !Table.Set(camera, online)) return false;
        ChangesApplied++;
        return true;
    }
}
