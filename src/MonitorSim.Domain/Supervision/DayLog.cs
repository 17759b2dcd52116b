namespace MonitorSim.Domain.Supervision;

/// <summary>What the supervision model did on the day it is simulating: the commands it issued, in order, and the unit
/// warning levels that changed.</summary>
internal sealed class DayLog
{
    private readonly List<WorkflowCommand> _commands = [];
    private readonly List<UnitWarningChanged> _warnings = [];

    public void Issued(WorkflowCommand command) => _commands.Add(command);

    public void Changed(UnitWarningChanged change) => _warnings.Add(change);

    public void Changed(IEnumerable<UnitWarningChanged> changes) => _warnings.AddRange(changes);

    /// <summary>The day's record; the log starts the next day empty.</summary>
    public SupervisionDay Close(int index, DateTime date)
    {
        var day = new SupervisionDay(index, date, _commands.ToList(), _warnings.ToList());
        _commands.Clear();
        _warnings.Clear();
        return day;
    }
}
