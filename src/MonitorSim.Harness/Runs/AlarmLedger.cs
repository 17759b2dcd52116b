namespace MonitorSim.Harness.Runs;

/// <summary>
/// Matches the alarms a run was told were acknowledged with the alarms its platforms' journals hold, as both arrive in
/// pieces while the run goes on: what has been matched is only counted, so memory holds the alarms still waiting for their
/// match, not the whole run's (an hour at load factor 100 acknowledges about 900,000).
/// </summary>
/// <remarks>
/// A platform acknowledges an alarm only after storing it, so by the time an acknowledgement is taken here its alarm is
/// in the journal: an acknowledged alarm still <see cref="Awaited"/> after the journal was read past it is lost. The other
/// way round is normal: the journal may show an alarm whose acknowledgement is still on its way (or will never come: the
/// camera gave up first), so such an alarm is kept as <i>unclaimed</i> for <c>keepUnclaimedRounds</c> rounds and then
/// forgotten. The engine takes an answer only within the operation's timeout, and the run drains acknowledgements every
/// round, so an acknowledgement never comes that many rounds after its alarm was read.
/// </remarks>
/// <param name="platforms">How many platforms (journal streams) the alarms are spread over.</param>
/// <param name="keepUnclaimedRounds">How many rounds an alarm read from the journal waits for its acknowledgement.</param>
public sealed class AlarmLedger(int platforms, int keepUnclaimedRounds)
{
    private readonly HashSet<long>[] _awaited = Enumerable.Range(0, platforms).Select(_ => new HashSet<long>()).ToArray();
    private readonly Dictionary<long, int>[] _unclaimed = Enumerable.Range(0, platforms).Select(_ => new Dictionary<long, int>()).ToArray();
    private int _round;

    /// <summary>Acknowledgements taken so far.</summary>
    public long Acknowledged { get; private set; }

    /// <summary>Acknowledged alarms found in their platform's journal.</summary>
    public long Found { get; private set; }

    /// <summary>Acknowledged alarms not (yet) found in the journal: after the journal's last read, the lost ones.</summary>
    public long Awaited => Acknowledged - Found;

    /// <summary>Alarms read from the journal and still waiting for their acknowledgement (bounded by the rounds they are
    /// kept).</summary>
    public int Unclaimed => _unclaimed.Sum(u => u.Count);

    /// <summary>Whether an acknowledged alarm of <paramref name="platform"/> still waits to be found: only such a
    /// platform's journal needs reading.</summary>
    public bool Awaits(int platform) => _awaited[platform].Count > 0;

    /// <summary>The run was told <paramref name="alarmId"/> of <paramref name="platform"/> was recorded.</summary>
    public void Acknowledge(int platform, long alarmId)
    {
        Acknowledged++;
        if (_unclaimed[platform].Remove(alarmId)) Found++;
        else _awaited[platform].Add(alarmId);
    }

    /// <summary>The journal of <paramref name="platform"/> holds <paramref name="alarmId"/>.</summary>
    public void Stored(int platform, long alarmId)
    {
        if (_awaited[platform].Remove(alarmId)) Found++;
        else _unclaimed[platform][alarmId] = _round;
    }

    /// <summary>Ends a round of reads: unclaimed alarms older than the rounds they are kept are forgotten.</summary>
    public void EndRound()
    {
        _round++;
        var oldest = _round - keepUnclaimedRounds;
        foreach (var unclaimed in _unclaimed)
            foreach (var (id, readIn) in unclaimed)
                if (readIn < oldest) unclaimed.Remove(id);
    }
}
