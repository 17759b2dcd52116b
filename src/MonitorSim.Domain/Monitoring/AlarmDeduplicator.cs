namespace MonitorSim.Domain.Monitoring;

/// <summary>
/// Recognises copies of the alarms a platform stores, by (point, point sequence number). A point numbers its alarms in
/// rising order and sends each again until the platform acknowledges it, and a camera that heard nothing sends its alarm
/// again through its point (which passes on the first alarm, same number), so one alarm can arrive many times; it must
/// be stored once. Per point the de-duplicator keeps the highest number stored (durable: it follows the journal's
/// <see cref="AlarmRaised"/> events and the snapshot) and the highest seen (stored, or being stored now); and for the
/// alarms stored lately, their ids and whether the platform above has recorded them — what a copy needs to be answered
/// with the stored alarm's id. It remembers the alarms of the last <see cref="RememberFor"/> (four times as long as a
/// camera re-sends: SIP's timer F, 32 s), at most <see cref="Remembered"/>; a copy of an alarm older than that is still
/// known as stored, only its id is forgotten.
/// </summary>
public sealed class AlarmDeduplicator
{
    /// <summary>How many lately stored alarms keep their id (and whether the platform above recorded them).</summary>
    public const int Remembered = 50_000;

    /// <summary>How long a stored alarm keeps its id (by the monotonic clock), unless <see cref="Remembered"/> newer ones
    /// came first.</summary>
    public static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(2);

    private readonly int _firstPoint;
    private readonly long[] _seen;
    private readonly long[] _stored;
    private readonly RecentEntries<(int Point, long Seq), long> _idBySeq;
    private readonly RecentEntries<long, bool> _recordedAbove;

    /// <param name="points">How many points report to the platform.</param>
    /// <param name="firstPoint">The global index of the first of them (alarms name their point globally).</param>
    /// <param name="remembered">How many lately stored alarms keep their id at most.</param>
    /// <param name="rememberFor">How long they keep it; <see cref="RememberFor"/> by default.</param>
    /// <param name="now">The monotonic clock ages are read from; the process's by default.</param>
    public AlarmDeduplicator(int points, int firstPoint, int remembered = Remembered, TimeSpan? rememberFor = null, Func<TimeSpan>? now = null)
    {
        _firstPoint = firstPoint;
        _seen = new long[points];
        _stored = new long[points];
        _idBySeq = new RecentEntries<(int, long), long>(remembered, rememberFor ?? RememberFor, now);
        _recordedAbove = new RecentEntries<long, bool>(remembered, rememberFor ?? RememberFor, now);
    }

    /// <summary>Stored alarms whose id is remembered now (what <see cref="RememberFor"/> and <see cref="Remembered"/> bound).</summary>
    public int RememberedCount => _idBySeq.Count;

    /// <summary>Copies recognised since this platform started (alarms that arrived again, stored or being stored).</summary>
    public long Copies { get; private set; }

    /// <summary>An alarm numbered <paramref name="pointSeq"/> by point <paramref name="point"/> (global index) arrives: is
    /// it new (then it counts as seen from now on), a copy of one being stored, or a copy of one stored? For a stored one,
    /// <paramref name="alarmId"/> is its id, or 0 if it was stored too long ago to be remembered.</summary>
    public AlarmArrival Arrive(int point, long pointSeq, out long alarmId)
    {
        alarmId = 0;
        var local = point - _firstPoint;
        if (pointSeq <= _stored[local])
        {
            Copies++;
            if (_idBySeq.TryGetValue((point, pointSeq), out var id)) alarmId = id;
            return AlarmArrival.Stored;
        }
        if (pointSeq <= _seen[local])
        {
            Copies++;
            return AlarmArrival.BeingStored;
        }
        _seen[local] = pointSeq;
        return AlarmArrival.New;
    }

    /// <summary>An alarm is stored: as it is persisted, or replayed from the journal.</summary>
    public void Apply(AlarmRaised e)
    {
        var local = e.Point - _firstPoint;
        _stored[local] = Math.Max(_stored[local], e.PointSeq);
        _seen[local] = Math.Max(_seen[local], e.PointSeq);
        _idBySeq.Set((e.Point, e.PointSeq), e.AlarmId);
    }

    /// <summary>The platform above acknowledged alarm <paramref name="alarmId"/>: a later copy is answered at once.</summary>
    public void RecordedAbove(long alarmId) => _recordedAbove.Set(alarmId, true);

    /// <summary>Whether the platform above acknowledged alarm <paramref name="alarmId"/> (lately: see <see cref="Remembered"/>).</summary>
    public bool IsRecordedAbove(long alarmId) => _recordedAbove.TryGetValue(alarmId, out _);

    /// <summary>Per point (platform-local index): the highest number stored, for a snapshot.</summary>
    public long[] ExportStored() => (long[])_stored.Clone();

    /// <summary>Restores a snapshot taken with <see cref="ExportStored"/> into a fresh de-duplicator (a snapshot from a
    /// platform with fewer or more points restores what fits).</summary>
    public void ImportStored(long[] stored)
    {
        Array.Copy(stored, _stored, Math.Min(stored.Length, _stored.Length));
        Array.Copy(stored, _seen, Math.Min(stored.Length, _seen.Length));
    }
}
