using System.Text;
using MonitorSim.Domain.Operations.Wire;
using MonitorSim.Sip.Diagnostics;
using MonitorSim.Sip.Message;

namespace MonitorSim.Sip.Platform;

/// <summary>The platform's own questions to its devices: catalog and device information (GB/T 28181 §9.5).</summary>
public sealed partial class SipPlatform
{
    private readonly Lock _queryGate = new();
    private readonly Dictionary<(UInt128 Device, int Sn), PendingQuery> _queries = [];

    /// <summary>
    /// Asks a registered device for its catalog (MESSAGE Query/Catalog) and gathers the pages of its answer until
    /// SumNum items have come; fails on <paramref name="timeout"/>, on a refusal, or if the device is not registered.
    /// </summary>
    public async Task<CatalogAnswer> QueryCatalogAsync(string device, TimeSpan timeout) =>
        (CatalogAnswer)await Query(device, timeout, PlatformOp.CatalogQuery, (code, sn) => Manscdp.CatalogQuery(code, sn))
            .ConfigureAwait(false);

    /// <summary>Asks a registered device for its device information (MESSAGE Query/DeviceInfo).</summary>
    public async Task<DeviceInfoAnswer> QueryDeviceInfoAsync(string device, TimeSpan timeout) =>
        (DeviceInfoAnswer)await Query(device, timeout, PlatformOp.DeviceInfoQuery, (code, sn) => Manscdp.DeviceInfoQuery(code, sn))
            .ConfigureAwait(false);

    private Task<object> Query(string device, TimeSpan timeout, PlatformOp op, Func<DeviceCode, int, string> body)
    {
        var code = DeviceCode.Parse(device);
        var target = Encoding.ASCII.GetBytes(device);
        if (!RegistrationTable.TryKey(target, out var key) || !Registrations.TryRoute(key, System.Diagnostics.Stopwatch.GetTimestamp(), out var route))
            return Task.FromException<object>(new InvalidOperationException($"{device} is not registered"));
        var sn = NextSn();
        var pending = new PendingQuery(op);
        lock (_queryGate) _queries[(key, sn)] = pending;
        var cancel = new CancellationTokenSource(timeout);
        cancel.Token.Register(() => Fail((key, sn), new TimeoutException($"{device} did not answer query {sn} within {timeout}")));
        _ = pending.Done.Task.ContinueWith(_ => cancel.Dispose(), TaskScheduler.Default);
        if (!SendMessage(new PlatformTx(op, key, sn), _serverCode, target, body(code, sn), route))
            Fail((key, sn), new InvalidOperationException($"the query to {device} could not be sent"));
        return pending.Done.Task;
    }

    /// <summary>A page of a catalog answer or a device-information answer (already answered 200).</summary>
    private void OnQueryAnswer(in SipMessage request, ReadOnlySpan<byte> command, int sn)
    {
        if (!RegistrationTable.TryKey(request.FromUser, out var device))
        {
            Counters.Count(SipProblem.UnknownDevice, request.Raw);
            return;
        }
        PendingQuery? pending;
        lock (_queryGate) _queries.TryGetValue((device, sn), out pending);
        if (pending is null)
        {
            // An answer to a query that timed out, or to none of ours.
            Counters.Count(SipProblem.BadBody, request.Raw);
            return;
        }
        var body = request.Body;
        if (pending.Op == PlatformOp.CatalogQuery && command.SequenceEqual("Catalog"u8))
        {
            var sum = SipParams.ParseInt(ManscdpReader.Element(body, "SumNum"u8));
            var done = pending.AddPage(Math.Max(sum, 0), Items(body));
            if (done) Finish((device, sn), new CatalogAnswer(pending.SumNum, pending.Items, pending.Pages));
        }
        else if (pending.Op == PlatformOp.DeviceInfoQuery && command.SequenceEqual("DeviceInfo"u8))
        {
            Finish((device, sn), new DeviceInfoAnswer(
                Text(ManscdpReader.Element(body, "DeviceID"u8)),
                Text(ManscdpReader.Element(body, "Manufacturer"u8)),
                Text(ManscdpReader.Element(body, "Model"u8)),
                Text(ManscdpReader.Element(body, "Firmware"u8)),
                SipParams.ParseInt(ManscdpReader.Element(body, "Channel"u8))));
        }
        else
        {
            Counters.Count(SipProblem.BadBody, request.Raw);
        }
    }

    private void FailQuery(in PlatformTx state, Exception error) => Fail((state.Device, state.Sn), error);

    private void Finish((UInt128, int) key, object answer)
    {
        PendingQuery? pending;
        lock (_queryGate)
        {
            if (!_queries.Remove(key, out pending)) return;
        }
        pending.Done.TrySetResult(answer);
    }

    private void Fail((UInt128, int) key, Exception error)
    {
        PendingQuery? pending;
        lock (_queryGate)
        {
            if (!_queries.Remove(key, out pending)) return;
        }
        pending.Done.TrySetException(error);
    }

    private static List<string> Items(ReadOnlySpan<byte> body)
    {
        var items = new List<string>();
        for (var rest = body; ;)
        {
            var at = rest.IndexOf("<Item>"u8);
            if (at < 0) return items;
            rest = rest[(at + 6)..];
            var end = rest.IndexOf("</Item>"u8);
            var item = end < 0 ? rest : rest[..end];
            items.Add(Text(ManscdpReader.Element(item, "DeviceID"u8)));
        }
    }

    private static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);

    /// <summary>A query waiting for its answer; catalog pages add up until SumNum items have come.</summary>
    private sealed class PendingQuery(PlatformOp op)
    {
        public PlatformOp Op { get; } = op;

        public TaskCompletionSource<object> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int SumNum { get; private set; }

        public int Pages { get; private set; }

        public List<string> Items { get; } = [];

        public bool AddPage(int sumNum, List<string> items)
        {
            lock (Items)
            {
                SumNum = sumNum;
                Pages++;
                Items.AddRange(items);
                return Items.Count >= SumNum;
            }
        }
    }
}
