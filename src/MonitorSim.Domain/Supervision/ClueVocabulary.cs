namespace MonitorSim.Domain.Supervision;

/// <summary>Where a clue came from (docs/domain.md#clue-sources: "one vertical, one horizontal", technology, data, inspections).</summary>
public enum ClueChannel
{
    Petition,
    ConductHotline,
    Media,
    FourSeasonInspection,
    JointMeetingTransfer,
    DataAnalysis,
    MonitoringDetection,
    InspectionTour,
    WorkingGroupVisit,
    CoHandlingDeadline,
    /// <summary>Raised by the commission itself against a handler whose clue went overdue (责任倒查).</summary>
    Backtracking,
}

/// <summary>Where a clue stands in its lifecycle.</summary>
public enum ClueStatus
{
    Received,
    /// <summary>Screened out as a duplicate of another clue or as invalid: final.</summary>
    ScreenedOut,
    /// <summary>On the clue list (问题线索清单) with a responsible person and a deadline.</summary>
    Listed,
    /// <summary>Assigned to a discipline inspection office, a county commission or a linked standing-committee member.</summary>
    Assigned,
    UnderInvestigation,
    /// <summary>Every person named has an outcome.</summary>
    Concluded,
    /// <summary>Notified and exposed in a batch (or decided not to be).</summary>
    Notified,
    Rectifying,
    /// <summary>Rectified; waiting for its look-back (回头看), which may reopen it.</summary>
    AwaitingLookBack,
    Closed,
}

/// <summary>Why screening refused a clue.</summary>
public enum ScreeningVerdict
{
    Accepted,
    Duplicate,
    Invalid,
}

/// <summary>What happens to one person at the end of an investigation (docs/domain.md#outcomes).</summary>
public enum PersonOutcome
{
    /// <summary>The report was false: the person's name is cleared (澄清正名).</summary>
    Clarification,
    Criticism,
    /// <summary>诫勉谈话.</summary>
    AdmonishmentTalk,
    /// <summary>党政纪处分.</summary>
    PartyOrGovernmentDiscipline,
    /// <summary>组织处理.</summary>
    OrganisationalHandling,
    /// <summary>问责: must cite one of the accountability situations.</summary>
    Accountability,
}

/// <summary>Who handles an assigned clue: one of the city commission's offices 1–5 (by region), a county commission, or
/// — for a key case — the standing-committee member linked to it ("five ones").</summary>
public sealed record ClueHandler(HandlerKind Kind, int Number)
{
    public override string ToString() => Kind switch
    {
        HandlerKind.Office => $"office {Number}",
        HandlerKind.CountyCommission => $"county commission {Number}",
        _ => $"standing-committee member {Number}",
    };
}

public enum HandlerKind
{
    Office,
    CountyCommission,
    LinkedMember,
}

/// <summary>A person's outcome: <paramref name="Exempted"/> when fault tolerance (容错免责) applies — an error made while
/// innovating, told apart from a violation — in which case no sanction follows; <paramref name="Situation"/> is the id of the
/// accountability situation cited (<see cref="AccountabilityCatalogue"/>): required for <see cref="PersonOutcome.Accountability"/>,
/// and cited by any other sanction imposed under the accountability procedure (问责处理), which is how the seed counts 322
/// accountability handlings among 403 persons held responsible, 283 of them disciplined.</summary>
public sealed record PersonDecision(string Person, PersonOutcome Outcome, bool Exempted = false, int? Situation = null);
