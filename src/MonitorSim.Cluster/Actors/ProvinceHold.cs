using MonitorSim.Cluster.Protocol;

namespace MonitorSim.Cluster.Actors;

/// <summary>
/// The alarms a platform's city acknowledged but the province has not yet (plain state inside <see cref="PlatformActor"/>,
/// only when the city cascades to a province). The city's state is soft: an alarm it acknowledged and had not yet passed
/// up would be lost with a city crash, so the platform — whose journal holds every alarm — keeps it until the city says
/// the province has it (<see cref="AlarmsForwarded"/>), and reports it again when the city re-syncs after registering
/// anew. The province records an alarm once by platform and id, so a copy costs a message, never a double count.
/// </summary>
internal sealed class ProvinceHold
{
    private readonly Dictionary<long, AlarmNotice> _held = [];

    /// <summary>Alarms held now.</summary>
    public int Count => _held.Count;

    /// <summary>The city acknowledged <paramref name="alarm"/>: hold it until the province has it.</summary>
    public void Hold(AlarmNotice alarm) => _held[alarm.AlarmId] = alarm;

    /// <summary>The province has these: let them go (ids not held — from before a restart, or twice — change nothing).</summary>
    public void Release(IEnumerable<long> alarmIds)
    {
        foreach (var id in alarmIds) _held.Remove(id);
    }

    /// <summary>Every alarm held, oldest id first: what goes up again when the city re-syncs.</summary>
    public IEnumerable<AlarmNotice> All => _held.Values.OrderBy(a => a.AlarmId);
}
