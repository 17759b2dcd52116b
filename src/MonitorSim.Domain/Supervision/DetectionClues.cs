using System.Globalization;
using MonitorSim.Domain.Operations;

namespace MonitorSim.Domain.Supervision;

/// <summary>
/// Which of the tree's alarms are inaction the supervision desk takes up as clues, and under what id. The id is the
/// point, the kind and the day, so a day's repeated alarms about one desk make one clue, and a detection passed on twice
/// (a report re-sent after a lost acknowledgement, a city restarted) is refused by the clue as already received: filed
/// once, however often it is seen.
/// </summary>
public static class DetectionClues
{
    /// <summary>The seed's monitoring finds: staff leaving posts early, desks unattended in office hours.</summary>
    public static bool IsInaction(AlarmType type) => type is AlarmType.EarlyLeave or AlarmType.DeskUnattended;

    /// <summary>The clue a detection files; <paramref name="city"/> keeps two cities' clues apart on one store.</summary>
    public static string IdOf(string city, int point, AlarmType type, DateTime at) =>
        string.Create(CultureInfo.InvariantCulture, $"det-{city}-{point}-{(type == AlarmType.EarlyLeave ? "early-leave" : "desk-unattended")}-{at:yyyyMMdd}");

    /// <summary>The clue's receipt: channel monitoring detection, about the point (its index stands for the unit) and the
    /// staff on duty there.</summary>
    public static ReceiveClue Receipt(string clueId, int point, DateTime at) =>
        new(at, clueId, ClueChannel.MonitoringDetection, point, [string.Create(CultureInfo.InvariantCulture, $"p{point}-on-duty")]);
}
