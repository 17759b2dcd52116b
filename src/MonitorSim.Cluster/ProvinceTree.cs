using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster;

/// <summary>
/// A province behind the load engine's port: the engine numbers cameras, points and co-handling units province-wide
/// (<see cref="ProvinceTopology.Whole"/>); each call goes to the tree of the city that number falls in, as that city's own
/// number. Clue ids are each city's own, so a filed clue's <see cref="OpOutcome.Ref"/> comes back as
/// <c>city's ref × cities + city</c>, which <see cref="ListClue"/> takes apart again.
/// </summary>
public sealed class ProvinceTree : IMonitoringTree, IDisposable
{
    private readonly ProvinceTopology _province;
    private readonly IMonitoringTree[] _cities;

    /// <param name="cityTree">Builds city k's tree reporting to the observer it is given.</param>
    public ProvinceTree(ProvinceTopology province, Func<int, IOperationObserver, IMonitoringTree> cityTree, IOperationObserver observer)
    {
        _province = province;
        var count = province.Cities.Count;
        _cities = Enumerable.Range(0, count).Select(k => cityTree(k, new CityObserver(k, count, observer))).ToArray();
    }

    /// <summary>Disposes every city's port that holds anything (see <see cref="ClusterTree.Dispose"/>).</summary>
    public void Dispose()
    {
        foreach (var city in _cities) (city as IDisposable)?.Dispose();
    }

    public void Register(CameraId camera, OpTicket ticket)
    {
        var (k, local) = _province.CameraIn(camera);
        _cities[k].Register(local, ticket);
    }

    public void Keepalive(CameraId camera, OpTicket ticket)
    {
        var (k, local) = _province.CameraIn(camera);
        _cities[k].Keepalive(local, ticket);
    }

    public void RaiseAlarm(CameraId camera, AlarmType type, OpTicket ticket)
    {
        var (k, local) = _province.CameraIn(camera);
        _cities[k].RaiseAlarm(local, type, ticket);
    }

    public void ServiceFlow(PointId point, ServiceFlowStep step, OpTicket ticket)
    {
        var (k, local) = _province.PointIn(point);
        _cities[k].ServiceFlow(local, step, ticket);
    }

    public void QueryAlarm(CameraId camera, long alarmId, OpTicket ticket)
    {
        var (k, local) = _province.CameraIn(camera);
        _cities[k].QueryAlarm(local, alarmId, ticket);
    }

    public void FileClue(PointId point, OpTicket ticket)
    {
        var (k, local) = _province.PointIn(point);
        _cities[k].FileClue(local, ticket);
    }

    public void ListClue(long clue, OpTicket ticket) => _cities[(int)(clue % _cities.Length)].ListClue(clue / _cities.Length, ticket);

    public void OpenCoHandling(int unit, OpTicket ticket)
    {
        var (k, local) = _province.CoHandlingIn(unit);
        _cities[k].OpenCoHandling(local, ticket);
    }

    /// <summary>Passes a city's outcomes on, a filed clue's id made province-wide.</summary>
    private sealed class CityObserver(int city, int cities, IOperationObserver inner) : IOperationObserver
    {
        public void OnCompleted(in OpOutcome outcome)
        {
            if (outcome.Kind == OperationKind.ClueIntake && outcome.Ref != 0) inner.OnCompleted(outcome with { Ref = outcome.Ref * cities + city });
            else inner.OnCompleted(outcome);
        }
    }
}
