namespace MonitorSim.Domain.Supervision;

/// <summary>The key cases of listed supervision ("five ones"): a standing-committee member linked to a region takes at
/// most one clue as a key case, and a key case is assigned to its member.</summary>
internal sealed class KeyCases
{
    private readonly HashSet<string> _clues = [];
    private readonly HashSet<int> _members = [];

    /// <summary>Whether clue <paramref name="clueId"/> is a key case.</summary>
    public bool Contains(string clueId) => _clues.Contains(clueId);

    /// <summary>Makes <paramref name="clueId"/> member <paramref name="member"/>'s key case, unless the member has one
    /// already; whether it did.</summary>
    public bool TryTake(string clueId, int member)
    {
        if (!_members.Add(member)) return false;
        _clues.Add(clueId);
        return true;
    }
}
