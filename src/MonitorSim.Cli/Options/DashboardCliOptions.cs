using System.CommandLine;
using System.Globalization;
using System.Net;
using MonitorSim.Dashboard;

namespace MonitorSim.Cli.Options;

/// <summary><c>--dashboard [PORT]</c>, <c>--dashboard-bind ADDR</c> and <c>--dashboard-keep D</c>, shared by <c>run</c>,
/// <c>replay</c> and <c>size</c>.</summary>
internal sealed record DashboardCliOptions(Option<string?> Port, Option<string?> Bind, Option<TimeSpan?> Keep)
{
    public static DashboardCliOptions Create() => new(
        new Option<string?>("--dashboard")
        {
            HelpName = "PORT",
            Arity = ArgumentArity.ZeroOrOne,
            Description = "Serve a live dashboard of the run on http://127.0.0.1:PORT/ (no PORT: a free port; the URL is printed)",
        },
        new Option<string?>("--dashboard-bind")
        {
            HelpName = "ADDR",
            Description = "The interface the dashboard listens on (default 127.0.0.1); another one exposes the run, without a login, to whoever reaches it",
        },
        TypedOptions.Duration("--dashboard-keep",
            "How long the dashboard stays up after the run, e.g. 10m (default: until Ctrl+C on a terminal, not at all otherwise)", allowZero: true));

    public IEnumerable<Option> All => [Port, Bind, Keep];

    /// <summary>The dashboard asked for, or null; what is wrong goes to <paramref name="errors"/>.
    /// <paramref name="interactive"/>: whether someone is at a terminal to press Ctrl+C (the default keep).</summary>
    public DashboardOptions? Read(ParseResult parse, List<string> errors, bool interactive)
    {
        var asked = parse.GetResult(Port) is not null;
        var bindText = parse.GetValue(Bind);
        var keep = parse.GetValue(Keep);
        if (!asked)
        {
            if (bindText is not null) errors.Add("--dashboard-bind: needs --dashboard");
            if (keep is not null) errors.Add("--dashboard-keep: needs --dashboard");
            return null;
        }
        var port = 0;
        if (parse.GetValue(Port) is { } text &&
            !(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 0 and <= 65535))
        {
            errors.Add($"--dashboard: expected a port from 1 to 65535 (0 or none: a free one), got '{text}'");
            return null;
        }
        var bind = IPAddress.Loopback;
        if (bindText is not null && !IPAddress.TryParse(bindText, out bind!))
        {
            errors.Add($"--dashboard-bind: expected an IP address of this machine's interface, e.g. 127.0.0.1, 0.0.0.0 or ::1, got '{bindText}'");
            return null;
        }
        return new DashboardOptions(port, bind, keep ?? (interactive ? Timeout.InfiniteTimeSpan : TimeSpan.Zero));
    }
}
