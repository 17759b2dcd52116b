using System.Diagnostics;
using MonitorSim.Domain.Cascade;

namespace MonitorSim.Domain.Tests.Cascade;

public sealed class CatalogMirrorTests
{
    [Fact]
    public void A_pull_is_synced_once_its_every_page_arrived_and_sets_each_item_as_the_pages_say()
    {
        var mirror = new CatalogMirror(6);
        var sync = mirror.StartPull(Stopwatch.GetTimestamp());

        Assert.True(mirror.Page(sync, 2, [(0, true), (1, false), (2, true)], Stopwatch.GetTimestamp()));
        Assert.False(mirror.Synced);
        Assert.Null(mirror.PullMs);
        Assert.True(mirror.Page(sync, 2, [(3, true), (4, true), (5, false)], Stopwatch.GetTimestamp()));

        Assert.True(mirror.Synced);
        Assert.NotNull(mirror.PullMs);
        Assert.Equal(4, mirror.Table.OnlineCount);
        Assert.Equal(new[] { true, false, true, true, true, false }, Enumerable.Range(0, 6).Select(mirror.Table.IsOnline));
    }

    [Fact]
    public void Pages_of_a_superseded_pull_change_nothing()
    {
        var mirror = new CatalogMirror(4);
        var first = mirror.StartPull(Stopwatch.GetTimestamp());
        var second = mirror.StartPull(Stopwatch.GetTimestamp());

        Assert.False(mirror.Page(first, 1, [(0, true), (1, true), (2, true), (3, true)], Stopwatch.GetTimestamp()));
        Assert.Equal(0, mirror.Table.OnlineCount);
        Assert.False(mirror.Synced);

        Assert.True(mirror.Page(second, 1, [(0, false), (1, true), (2, false), (3, false)], Stopwatch.GetTimestamp()));
        Assert.Equal((true, 1, 2), (mirror.Synced, mirror.Table.OnlineCount, mirror.Pulls));
    }

    [Fact]
    public void A_change_repeated_is_received_twice_and_applied_once()
    {
        var mirror = new CatalogMirror(10);

        Assert.True(mirror.Change(7, true));
        Assert.False(mirror.Change(7, true));
        Assert.True(mirror.Change(7, false));

        Assert.Equal((3L, 2L), (mirror.ChangesReceived, mirror.ChangesApplied));
        Assert.False(mirror.Table.IsOnline(7));
        Assert.False(mirror.Change(10, true)); // not a camera of this catalog: ignored
    }

    [Fact]
    public void A_pull_that_waits_past_the_limit_for_its_pages_has_stalled_and_a_finished_one_has_not()
    {
        var mirror = new CatalogMirror(2);
        var started = Stopwatch.GetTimestamp();
        Assert.False(mirror.PullStalled(started, TimeSpan.Zero)); // no pull yet

        var sync = mirror.StartPull(started);
        var later = started + 3 * Stopwatch.Frequency;
        Assert.False(mirror.PullStalled(later, TimeSpan.FromSeconds(5)));
        Assert.True(mirror.PullStalled(later, TimeSpan.FromSeconds(2)));

        mirror.Page(sync, 1, [(0, true), (1, true)], later);
        Assert.False(mirror.PullStalled(later, TimeSpan.FromSeconds(2)));
    }
}
