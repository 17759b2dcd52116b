using MonitorSim.Domain.Storage;

namespace MonitorSim.Domain.Tests.Storage;

/// <summary>One grammar for every place a store is named: a scenario, --store, MONITORSIM_STORE, a worker node.</summary>
public sealed class StoreAddressTests
{
    [Theory]
    [InlineData("memory", StoreKind.Memory)]
    [InlineData("sqlite", StoreKind.Sqlite)]
    [InlineData("sqlite:data/run.db", StoreKind.Sqlite)]
    [InlineData("postgres://u:p@h:5432/db", StoreKind.Postgres)]
    [InlineData("postgresql://u:p@h/db", StoreKind.Postgres)]
    public void Every_form_of_the_grammar_is_read_with_its_kind(string text, StoreKind kind)
    {
        Assert.True(StoreAddress.TryParse(text, out var address, out var error), error);
        Assert.Equal(kind, address.Kind);
    }

    [Fact]
    public void Plain_sqlite_is_the_embedded_default_file()
    {
        Assert.Equal(StoreAddress.DefaultSqliteFile, StoreAddress.Parse("sqlite").SqlitePath);
    }

    [Fact]
    public void A_postgres_url_without_a_port_gets_5432_and_its_parts_are_unescaped()
    {
        var pg = StoreAddress.Parse("postgres://city%20user:p%40ss@db.local/monitor").Postgres!;

        Assert.Equal(new PostgresAddress("db.local", 5432, "monitor", "city user", "p@ss"), pg);
    }

    [Fact]
    public void The_text_reads_back_to_the_same_address_for_another_process_of_the_run()
    {
        foreach (var text in new[] { "memory", "sqlite:/tmp/x.db", "postgres://u:secret@h:6000/db" })
        {
            var address = StoreAddress.Parse(text);
            Assert.Equal(address, StoreAddress.Parse(address.Text));
        }
    }

    [Fact]
    public void The_password_is_in_neither_the_display_nor_the_printed_record()
    {
        var address = StoreAddress.Parse("postgres://u:hunter2@h:5432/db");

        Assert.Equal("postgres://u@h:5432/db", address.Display);
        Assert.DoesNotContain("hunter2", address.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", address.Postgres!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sqlite:")]
    [InlineData("mysql://u:hunter2@h/db")]
    [InlineData("postgres://u:hunter2@h:5432/")]
    [InlineData("postgres://")]
    public void What_is_not_a_store_is_refused_without_echoing_it(string text)
    {
        Assert.False(StoreAddress.TryParse(text, out _, out var error));
        Assert.StartsWith(StoreAddress.Grammar, error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_cluster_size_gets_its_own_sqlite_file_but_shares_a_server_store()
    {
        Assert.Equal("runs/size-3-nodes.db", StoreAddress.Parse("sqlite:runs/size.db").ForClusterSize(3).SqlitePath);
        Assert.Equal("runs/size-3-nodes-search-2.db", StoreAddress.Parse("sqlite:runs/size.db").ForClusterSize(3, search: 2).SqlitePath);
        var pg = StoreAddress.Parse("postgres://u:p@h/db");
        Assert.Same(pg, pg.ForClusterSize(3));
        Assert.Same(StoreAddress.Memory, StoreAddress.Memory.ForClusterSize(2));
    }
}
