using MonitorSim.Cli.Commands;
using MonitorSim.Domain.Storage;
using MonitorSim.Harness;

namespace MonitorSim.Cli.Tests;

/// <summary>Secrets off the command line: the store address and the TLS password from a file or the environment, the
/// command line's own value first; a file that cannot be read is bad input naming its option, never echoing a secret.</summary>
public sealed class SecretOptionsTests
{
    /// <summary>The node's options as the command reads them; a parse error (a typed option's value refused) stops there,
    /// as the command line does before any command runs.</summary>
    private static (Harness.Nodes.WorkerNodeOptions? Read, List<string> Errors) Read(string[] args, Func<string, string?>? environment = null)
    {
        var set = new NodeOptionSet();
        var parse = set.Command.Parse(["--seed", "127.0.0.1:4053", .. args]);
        var errors = parse.Errors.Select(e => e.Message).ToList();
        if (errors.Count > 0) return (null, errors);
        return (set.Read(parse, errors, environment ?? (_ => null)), errors);
    }

    [Fact]
    public void A_store_file_gives_the_address_on_its_first_line_and_wins_over_the_environment()
    {
        using var dir = new TempDir();
        var file = dir.File("store.secret");
        File.WriteAllText(file, "postgres://monitorsim:hunter2@db.internal:5432/journal\n# a comment line that is never read\n");

        var (read, errors) = Read(["--store-file", file], name => name == EnvironmentNames.Store ? "memory" : null);

        Assert.Empty(errors);
        Assert.Equal(StoreKind.Postgres, read!.Store!.Kind);
        Assert.Equal(StoreAddress.Parse("postgres://monitorsim:hunter2@db.internal:5432/journal"), read.Store);
        Assert.DoesNotContain("hunter2", read.Store.Display, StringComparison.Ordinal);
    }

    [Fact]
    public void The_store_from_the_environment_is_used_when_no_option_names_one()
    {
        var (read, errors) = Read([], name => name == EnvironmentNames.Store ? "sqlite:/var/lib/monitorsim/store.db" : null);

        Assert.Empty(errors);
        Assert.Equal(StoreAddress.Sqlite("/var/lib/monitorsim/store.db"), read!.Store);
    }

    [Fact]
    public void Store_and_store_file_together_are_bad_input()
    {
        using var dir = new TempDir();
        var file = dir.File("store.secret");
        File.WriteAllText(file, "memory");

        var (_, errors) = Read(["--store", "memory", "--store-file", file]);

        Assert.Contains("--store and --store-file: give one of them", errors);
    }

    [Fact]
    public void A_store_file_that_cannot_be_read_or_holds_no_store_is_bad_input_naming_the_option_without_its_contents()
    {
        using var dir = new TempDir();
        var bad = dir.File("bad.secret");
        File.WriteAllText(bad, "mysql://u:hunter2@h/db");

        var (_, missing) = Read(["--store-file", dir.File("nowhere.secret")]);
        var (_, wrong) = Read(["--store-file", bad]);

        Assert.StartsWith($"--store-file: cannot read {dir.File("nowhere.secret")}", Assert.Single(missing), StringComparison.Ordinal);
        var error = Assert.Single(wrong);
        Assert.StartsWith("--store-file: expected 'sqlite'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tls_password_file_unlocks_the_certificate_and_one_that_cannot_be_read_names_the_option()
    {
        using var dir = new TempDir();
        var certs = TestCertificates.WriteTo(dir.Path, password: "s3cret");
        var passwordFile = dir.File("tls.secret");
        File.WriteAllText(passwordFile, "s3cret\n");

        var (read, errors) = Read(["--tls-cert", certs.NodePfxPath, "--tls-ca", certs.CaPath, "--tls-password-file", passwordFile]);
        var (_, missing) = Read(["--tls-cert", certs.NodePfxPath, "--tls-ca", certs.CaPath, "--tls-password-file", dir.File("nowhere")]);
        var (fromEnvironment, none) = Read(["--tls-cert", certs.NodePfxPath, "--tls-ca", certs.CaPath],
            name => name == EnvironmentNames.TlsPassword ? "s3cret" : null);

        Assert.Empty(errors);
        Assert.Equal("s3cret", read!.Tls!.CertificatePassword);
        Assert.Contains(missing, e => e.StartsWith($"--tls-password-file: cannot read {dir.File("nowhere")}", StringComparison.Ordinal));
        Assert.Empty(none);
        Assert.Equal("s3cret", fromEnvironment!.Tls!.CertificatePassword);
    }
}
