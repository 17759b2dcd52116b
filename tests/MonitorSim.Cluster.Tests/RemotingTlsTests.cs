using System.Collections.Concurrent;
using System.Net;
using System.Net.NetworkInformation;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Monitoring;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Tests;

/// <summary>
/// Remoting security on two plain remote ActorSystems (no cluster): loopback by default, mutual TLS that lets a peer with
/// a certificate from the cluster's CA through and refuses one from another CA or without TLS.
/// </summary>
public sealed class RemotingTlsTests(TestPki pki) : IClassFixture<TestPki>
{
    /// <summary>Long enough for a refused handshake to have had every chance to deliver; short enough for a bounded test.</summary>
    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task Nodes_with_certificates_from_the_cluster_CA_talk()
    {
        await using var server = await Node.StartAsync("server", RemotingSecurity.Options("127.0.0.1", 0, pki.NodeA), echo: true);
        await using var client = await Node.StartAsync("client", RemotingSecurity.Options("127.0.0.1", 0, pki.NodeB));

        var reply = await client.System.ActorSelection(server.EchoPath).Ask<string>("ping", Answer);

        Assert.Equal("ping", reply);
        Assert.Equal(["ping"], server.Received);
    }

    [Fact]
    public async Task A_node_whose_certificate_comes_from_another_CA_is_refused()
    {
        await using var server = await Node.StartAsync("server", RemotingSecurity.Options("127.0.0.1", 0, pki.NodeA), echo: true);
        // A complete TLS node of its own (foreign certificate, trusting the foreign CA): the two refuse each other.
        await using var foreign = await Node.StartAsync("foreign", RemotingSecurity.Options("127.0.0.1", 0, pki.Foreign));

        await Assert.ThrowsAsync<AskTimeoutException>(() =>
            foreign.System.ActorSelection(server.EchoPath).Ask<string>("ping", Silence));

        Assert.Empty(server.Received);
        await AssertRefusalLoggedAsync(server, foreign);
    }

    [Fact]
    public async Task A_node_that_trusts_anything_but_holds_a_foreign_certificate_is_refused_by_the_server()
    {
        // The intruder knows the protocol and accepts any server, so the only thing between it and the echo actor is the
        // server's check of the client certificate (mutual authentication + the CA).
        var intruder = RemotingSecurity.Options("127.0.0.1", 0, null);
        intruder.EnableSsl = true;
        intruder.Ssl = new SslOptions
        {
            X509Certificate = X509CertificateLoader.LoadPkcs12FromFile(pki.Foreign.CertificatePath, pki.Foreign.CertificatePassword),
            RequireMutualAuthentication = true,
            ValidateCertificateHostname = false,
            CustomValidator = (_, _, _, _, _) => true,
        };
        await using var server = await Node.StartAsync("server", RemotingSecurity.Options("127.0.0.1", 0, pki.NodeA), echo: true);
        await using var client = await Node.StartAsync("intruder", intruder);

        await Assert.ThrowsAsync<AskTimeoutException>(() =>
            client.System.ActorSelection(server.EchoPath).Ask<string>("ping", Silence));

        Assert.Empty(server.Received);
        await AssertRefusalLoggedAsync(server);
    }

    [Fact]
    public async Task A_node_without_TLS_gets_nothing_through_to_a_TLS_node()
    {
        await using var server = await Node.StartAsync("server", RemotingSecurity.Options("127.0.0.1", 0, pki.NodeA), echo: true);
        await using var plain = await Node.StartAsync("plain", RemotingSecurity.Options("127.0.0.1", 0, null));

        // A plain node has no transport for the TLS node's akka.ssl.tcp address at all; so it dials the same host and
        // port as akka.tcp, i.e. speaks unencrypted Akka protocol to the TLS listener.
        Assert.Equal("akka.ssl.tcp", server.Address.Protocol);
        var plainPath = $"akka.tcp://server@127.0.0.1:{server.Address.Port}/user/echo";
        await Assert.ThrowsAsync<AskTimeoutException>(() => plain.System.ActorSelection(plainPath).Ask<string>("ping", Silence));

        Assert.Empty(server.Received);
    }

    [Fact]
    public void Validate_accepts_a_node_certificate_issued_by_the_CA()
    {
        pki.NodeA.Validate();
        pki.NodeB.Validate();
        var options = RemotingSecurity.Options("127.0.0.1", 0, pki.NodeA);
        Assert.True(options.EnableSsl);
        Assert.True(options.Ssl.RequireMutualAuthentication);
        Assert.False(options.Ssl.ValidateCertificateHostname);
        Assert.NotNull(options.Ssl.CustomValidator);
        Assert.True(options.Ssl.X509Certificate!.HasPrivateKey);
    }

    [Fact]
    public void Validate_names_the_file_that_is_missing_unreadable_or_unfit()
    {
        var missingPfx = Path.Combine(pki.Folder, "nope.pfx");
        var missingCa = Path.Combine(pki.Folder, "nope-ca.crt");

        AssertNames(missingPfx, pki.NodeA with { CertificatePath = missingPfx });
        AssertNames(missingCa, pki.NodeA with { CaCertificatePath = missingCa });
        AssertNames(pki.NodeA.CertificatePath, pki.NodeA with { CertificatePassword = "wrong" });
        AssertNames(pki.CertificateOnlyPfx, pki.NodeA with { CertificatePath = pki.CertificateOnlyPfx }, "no private key");
        // The CA file must be a certificate, not, say, the node's PFX.
        AssertNames(pki.NodeA.CertificatePath, pki.NodeA with { CaCertificatePath = pki.NodeA.CertificatePath });
        // A node whose own certificate its peers would refuse does not start.
        AssertNames(pki.Foreign.CertificatePath, pki.Foreign with { CaCertificatePath = pki.NodeA.CaCertificatePath }, "not issued by");

        // Options loads the same way, so a node cannot start with files Validate would reject.
        var e = Assert.Throws<TlsSettingsException>(() => RemotingSecurity.Options("127.0.0.1", 0, pki.NodeA with { CertificatePath = missingPfx }));
        Assert.Contains(missingPfx, e.Message);

        static void AssertNames(string path, TlsSettings tls, string? says = null)
        {
            var e = Assert.Throws<TlsSettingsException>(tls.Validate);
            Assert.Equal(path, e.Path);
            Assert.Contains(path, e.Message);
            if (says is not null) Assert.Contains(says, e.Message);
        }
    }

    [Fact]
    public async Task Remoting_binds_127_0_0_1_by_default_not_every_interface()
    {
        var defaults = new TreeNodeOptions(TopologyBuilder.Build(new TopologySpec(1, 1, 1, 1, 1), 1), MonitoringRules.Standard,
            new ManualSimClock(new DateTime(2026, 1, 1), compression: 1), StoreSettings.Memory, TimeSpan.FromSeconds(5));
        var options = RemotingSecurity.Options(defaults.Hostname, defaults.Port, tls: null);
        Assert.Equal("127.0.0.1", options.HostName);
        Assert.Equal("127.0.0.1", options.PublicHostName);
        Assert.Null(options.EnableSsl);
        Assert.Equal("127.0.0.1", RemotingSecurity.Options(null, 0, null).HostName);
        Assert.Equal("127.0.0.1", RemotingSecurity.Options(" ", 0, null).HostName);

        await using var node = await Node.StartAsync("defaults", options);
        var address = node.Address;
        Assert.Equal("127.0.0.1", address.Host);
        var listeners = IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Where(l => l.Port == address.Port).ToList();
        // The socket may be dual-stack, in which case loopback shows as ::ffff:127.0.0.1.
        Assert.NotEmpty(listeners);
        Assert.All(listeners, l => Assert.True(IPAddress.IsLoopback(l.Address.IsIPv4MappedToIPv6 ? l.Address.MapToIPv4() : l.Address),
            $"remoting listens on {l}, not on loopback only"));
    }

    /// <summary>The server's log shows why: our validator names the peer it refused.</summary>
    private static async Task AssertRefusalLoggedAsync(Node server, Node? other = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (!server.Log.Any(IsRefusal) && !(other?.Log.Any(IsRefusal) ?? false) && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.True(server.Log.Any(IsRefusal) || (other?.Log.Any(IsRefusal) ?? false),
            "expected a 'TLS: refused' warning; log:\n" + string.Join("\n", server.Log.Concat(other?.Log ?? [])));

        static bool IsRefusal(string line) => line.Contains("TLS: refused") && line.Contains("not issued by the cluster CA");
    }

    /// <summary>A remote ActorSystem through Akka.Hosting, optionally with an echo actor, recording its warnings.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly IHost _host;

        private Node(IHost host, ConcurrentQueue<string> received, ConcurrentQueue<string> log)
        {
            _host = host;
            System = host.Services.GetRequiredService<ActorSystem>();
            ReceivedQueue = received;
            LogQueue = log;
        }

        public ActorSystem System { get; }
        private ConcurrentQueue<string> ReceivedQueue { get; }
        private ConcurrentQueue<string> LogQueue { get; }
        public IReadOnlyList<string> Received => ReceivedQueue.ToArray();
        public IReadOnlyList<string> Log => LogQueue.ToArray();
        public Address Address => ((ExtendedActorSystem)System).Provider.DefaultAddress;
        public string EchoPath => $"{Address}/user/echo";

        public static async Task<Node> StartAsync(string name, RemoteOptions remote, bool echo = false)
        {
            var received = new ConcurrentQueue<string>();
            var log = new ConcurrentQueue<string>();
            var host = new HostBuilder()
                .ConfigureServices(s => s.AddAkka(name, (b, _) =>
                {
                    b.WithRemoting(remote)
                        .AddHocon("akka.stdout-loglevel = ERROR\nakka.log-dead-letters = off", HoconAddMode.Prepend)
                        .WithActors((system, _) =>
                        {
                            // Subscribed before remoting sees any peer, so no refusal is missed.
                            var recorder = system.ActorOf(Props.Create(() => new LogRecorder(log)), "log-recorder");
                            system.EventStream.Subscribe(recorder, typeof(Warning));
                            system.EventStream.Subscribe(recorder, typeof(Error));
                            if (echo) system.ActorOf(Props.Create(() => new Echo(received)), "echo");
                        });
                }))
                .Build();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.StartAsync(cts.Token);
            return new Node(host, received, log);
        }

        public async ValueTask DisposeAsync()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await _host.StopAsync(cts.Token); }
            catch (OperationCanceledException) { }
            finally { _host.Dispose(); }
        }
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo(ConcurrentQueue<string> received) =>
            Receive<string>(m =>
            {
                received.Enqueue(m);
                Sender.Tell(m);
            });
    }

    private sealed class LogRecorder : ReceiveActor
    {
        public LogRecorder(ConcurrentQueue<string> log) => Receive<LogEvent>(e => log.Enqueue(e.ToString()));
    }
}
