using MonitorSim.Domain.Cascade;

namespace MonitorSim.Domain.Tests.Cascade;

public sealed class CatalogTableTests
{
    [Fact]
    public void Every_camera_starts_offline_and_a_change_is_reported_once()
    {
        var catalog = new CatalogTable(130);

        Assert.Equal(0, catalog.OnlineCount);
        Assert.True(catalog.Set(64, true));
        Assert.False(catalog.Set(64, true)); // a copy of the change changes nothing
        Assert.True(catalog.IsOnline(64));
        Assert.False(catalog.IsOnline(63));
        Assert.False(catalog.IsOnline(65));
        Assert.Equal(1, catalog.OnlineCount);

        Assert.True(catalog.Set(64, false));
        Assert.False(catalog.Set(64, false));
        Assert.Equal(0, catalog.OnlineCount);
    }

    [Fact]
    public void The_online_count_follows_the_items_at_the_ends_of_the_words()
    {
        var catalog = new CatalogTable(129);
        foreach (var item in new[] { 0, 63, 64, 127, 128 }) catalog.Set(item, true);
        catalog.Set(63, false);

        Assert.Equal(4, catalog.OnlineCount);
        Assert.Equal(Enumerable.Range(0, 129).Count(catalog.IsOnline), catalog.OnlineCount);
        Assert.Equal(new[] { 1UL, 1UL | (1UL << 63), 1UL }, catalog.Export());
    }

    [Fact]
    public void Two_catalogs_with_the_same_items_export_the_same_bits_and_the_export_is_a_copy()
    {
        var a = new CatalogTable(100);
        var b = new CatalogTable(100);
        a.Set(5, true);
        a.Set(99, true);
        b.Set(99, true);
        Assert.NotEqual(a.Export(), b.Export());

        b.Set(5, true);
        Assert.Equal(a.Export(), b.Export());
        a.Export()[0] = 0;
        Assert.True(a.IsOnline(5));
    }

    [Fact]
    public void A_camera_outside_the_catalog_is_refused()
    {
        var catalog = new CatalogTable(10);

        Assert.Throws<ArgumentOutOfRangeException>(() => catalog.Set(10, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => catalog.IsOnline(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CatalogTable(-1));
    }
}
