namespace MonitorSim.Domain.Monitoring;

/// <summary>
/// The liveness table a platform keeps for the devices registered with it: who is online, when each was last heard
/// from, when each registration lapses. Structure-of-arrays so a keepalive is a few array writes and no allocation —
/// keepalives are the bulk of the traffic (every camera, every minute).
/// Status changes come out as <see cref="StatusChange"/> values for the owner to persist; replaying them through
/// <see cref="Apply"/> rebuilds the status part of the table. Registration sessions are not persisted: after a
/// restart (<see cref="Restart"/>) every device must register again, as GB/T 28181 devices do.
/// The table also counts the devices online at each service point (<see cref="OnlineAt"/>). Every change of a device's
/// status goes through <see cref="Apply"/> (registrations, keepalives, sweeps, restarts, replays and snapshots alike), and
/// that is the one place the counts change, so they always equal a recount of the table.
/// </summary>
public sealed class DeviceLiveness
{
    private readonly bool[] _online;
    private readonly long[] _lastSeen;      // sim ticks
    private readonly long[] _expires;       // sim ticks; 0 = no registration session
    private readonly int[] _pointOf;
    private readonly int[] _onlineAt;

    /// <summary>A table of <paramref name="devices"/> devices, all counted at one point (point 0).</summary>
    public DeviceLiveness(int devices, MonitoringRules rules) : this(new int[devices], 1, rules)
    {
    }

    /// <summary>A table of one device per entry of <paramref name="pointOfDevice"/>, which gives the device's service point
    /// (0 … <paramref name="points"/> − 1).</summary>
    public DeviceLiveness(IReadOnlyList<int> pointOfDevice, int points, MonitoringRules rules)
    {
        Rules = rules;
        var devices = pointOfDevice.Count;
        _online = new bool[devices];
        _lastSeen = new long[devices];
        _expires = new long[devices];
        _pointOf = new int[devices];
        for (var d = 0; d < devices; d++)
        {
            if (pointOfDevice[d] < 0 || pointOfDevice[d] >= points)
                throw new ArgumentOutOfRangeException(nameof(pointOfDevice), $"device {d} is at point {pointOfDevice[d]}, not one of the {points} points");
            _pointOf[d] = pointOfDevice[d];
        }
        _onlineAt = new int[points];
    }

    public MonitoringRules Rules { get; }

    public int Count => _online.Length;

    public int OnlineCount { get; private set; }

    public int OfflineCount => Count - OnlineCount;

    public bool IsOnline(int device) => _online[device];

    /// <summary>How many devices of service point <paramref name="point"/> are online.</summary>
    public int OnlineAt(int point) => _onlineAt[point];

    /// <summary>Online flags per device, for a snapshot.</summary>
    public bool[] ExportOnline() => (bool[])_online.Clone();

    /// <summary>Restores online flags from a snapshot (no sessions: those are never persisted).</summary>
    public void ImportOnline(bool[] online)
    {
        for (var d = 0; d < _online.Length && d < online.Length; d++)
            if (online[d] != _online[d]) Apply(new StatusChange(d, online[d], StatusReason.Registered, default));
    }

    /// <summary>A REGISTER (or refresh): opens or extends the session; returns a change if the device was offline.</summary>
    public StatusChange? Register(int device, DateTime now)
    {
        _expires[device] = (now + Rules.RegistrationExpiry).Ticks;
        _lastSeen[device] = now.Ticks;
        return _online[device] ? null : Change(device, true, StatusReason.Registered, now);
    }

    /// <summary>A keepalive: refreshes liveness of a registered online device; otherwise the device must re-register
    /// (or, with <see cref="MonitoringRules.OnlineOnKeepalive"/>, any keepalive brings it back).</summary>
    public KeepaliveVerdict Keepalive(int device, DateTime now, out StatusChange? change)
    {
        change = null;
        if (_online[device] && _expires[device] > now.Ticks)
        {
            _lastSeen[device] = now.Ticks;
            return KeepaliveVerdict.Accepted;
        }
        if (!Rules.OnlineOnKeepalive) return KeepaliveVerdict.NotRegistered;
        _lastSeen[device] = now.Ticks;
        if (_expires[device] <= now.Ticks) _expires[device] = (now + Rules.RegistrationExpiry).Ticks;
        if (_online[device]) return KeepaliveVerdict.Accepted;
        change = Change(device, true, StatusReason.KeepaliveResumed, now);
        return KeepaliveVerdict.AcceptedBackOnline;
    }

    /// <summary>Marks offline every online device silent for longer than <see cref="MonitoringRules.OfflineAfter"/> or
    /// whose registration lapsed. Appends the changes to <paramref name="changes"/>.</summary>
    public void Sweep(DateTime now, List<StatusChange> changes)
    {
        var silentBefore = (now - Rules.OfflineAfter).Ticks;
        for (var d = 0; d < _online.Length; d++)
        {
            if (!_online[d]) continue;
            if (_expires[d] <= now.Ticks)
                changes.Add(Change(d, false, StatusReason.RegistrationExpired, now));
            else if (_lastSeen[d] < silentBefore)
                changes.Add(Change(d, false, StatusReason.MissedKeepalives, now));
        }
    }

    /// <summary>Applies a recorded change (live or replayed from the journal).</summary>
    public void Apply(in StatusChange change)
    {
        if (_online[change.Device] == change.Online) return;
        _online[change.Device] = change.Online;
        OnlineCount += change.Online ? 1 : -1;
        _onlineAt[_pointOf[change.Device]] += change.Online ? 1 : -1;
        if (!change.Online) _expires[change.Device] = 0;
    }

    /// <summary>The platform came back from a restart: sessions are gone, so every device that was online goes offline
    /// until it registers again. Returns the changes (already applied).</summary>
    public List<StatusChange> Restart(DateTime now)
    {
        var changes = new List<StatusChange>();
        for (var d = 0; d < _online.Length; d++)
        {
            _expires[d] = 0;
            if (_online[d]) changes.Add(new StatusChange(d, false, StatusReason.PlatformRestarted, now));
        }
        foreach (var c in changes) Apply(c);
        return changes;
    }

    private StatusChange Change(int device, bool online, StatusReason reason, DateTime now)
    {
        var change = new StatusChange(device, online, reason, now);
        Apply(change);
        return change;
    }
}
