namespace MonitorSim.Domain.Supervision;

/// <summary>A batch of listed supervision (挂牌督办): on <paramref name="Day"/> of the year (0 = the year's first day) the
/// commission lists <paramref name="Size"/> open clues. How many, and when, is the commission's decision, so the scenario
/// sets it (the seed: 301 clues in five batches).</summary>
public sealed record SupervisionBatchPlan(int Day, int Size);

/// <summary>The working groups' open and unannounced visits (明查暗访): <paramref name="Groups"/> groups visit
/// <paramref name="Units"/> units (city agencies, counties, towns, service centres) over <paramref name="Days"/> days from
/// <paramref name="FirstDay"/> of the year, each visit finding a Poisson number of problems around
/// <paramref name="ProblemsPerUnit"/>; each problem is a clue.</summary>
public sealed record VisitCampaign(int Groups, int Units, int FirstDay, int Days, double ProblemsPerUnit);

/// <summary>How a sanctioned person's sanction is shared out among its forms (weights, normalised).</summary>
public sealed record SanctionShares(double Discipline, double OrganisationalHandling, double AdmonishmentTalk, double Criticism, double Accountability)
{
    public double Total => Discipline + OrganisationalHandling + AdmonishmentTalk + Criticism + Accountability;
}

/// <summary>
/// Everything the simulated supervision year is made of (docs/domain.md#supervision-workflows): the intake of every channel, how clues are
/// screened, handled and decided, the batches, look-backs and deadlines, and the unit warnings. The counted year starts at
/// <see cref="YearStart"/>; the model runs <see cref="LeadIn"/> before it so that the year starts with the cases already
/// in hand, as a real year does (counting only what starts at an empty desk would miss the year's first months' outcomes).
/// The scenario file derives each value from the seed's figures (scenarios/xuzhou-supervision-year.yaml).
/// </summary>
public sealed record SupervisionSpec
{
    public DateTime YearStart { get; init; } = new(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public TimeSpan LeadIn { get; init; } = TimeSpan.FromDays(120);
    public IReadOnlyList<ChannelIntake> Channels { get; init; } = [];
    public VisitCampaign? Visits { get; init; }

    // Screening.
    public double DuplicateShare { get; init; } = 0.08;
    public double InvalidShare { get; init; } = 0.12;
    public double MeanDaysToScreen { get; init; } = 3;

    // Handling.
    /// <summary>How long a listed clue has (限期办结).</summary>
    public int DeadlineDays { get; init; } = 90;
    public double MeanDaysToAssign { get; init; } = 4;
    public double MeanDaysToStart { get; init; } = 2;
    /// <summary>Investigations last a gamma-distributed time with this mean and shape.</summary>
    public double MeanInvestigationDays { get; init; } = 30;
    public double InvestigationShape { get; init; } = 2;
    public IReadOnlyList<SupervisionBatchPlan> SupervisionBatches { get; init; } = [];

    // Outcomes.
    /// <summary>The share of investigated clues whose report holds; the persons named in the others are cleared.</summary>
    public double SubstantiatedShare { get; init; } = 0.25;
    /// <summary>A clue names 1 + Poisson(this) persons of its unit.</summary>
    public double ExtraPersonsMean { get; init; } = 0.3;
    public double ExemptShare { get; init; } = 0.05;
    public SanctionShares Sanctions { get; init; } = new(283, 30, 50, 15, 25);
    /// <summary>The share of sanctions other than the accountability form itself imposed under the accountability
    /// procedure (citing one of the 35 situations).</summary>
    public double AccountabilityCitedShare { get; init; } = 0.79;

    // Notification, rectification, look-back.
    public int NotifyEveryDays { get; init; } = 30;
    public double ExposedShare { get; init; } = 0.15;
    public double MeanRectificationDays { get; init; } = 20;
    public int LookBackAfterDays { get; init; } = 60;
    public double ReopenShare { get; init; } = 0.05;

    // Unit warnings: the indicator system's thresholds scaled from the defaults (the seed gives no thresholds).
    public double WarningThresholdScale { get; init; } = 1;

    /// <summary>Seeded replications of the model behind the report's prediction intervals (at least 2).</summary>
    public int Replications { get; init; } = SupervisionCalibration.DefaultReplications;

    public OrganisationSpec Organisation { get; init; } = new();

    public DateTime Start => YearStart - LeadIn;
    public DateTime YearEnd => YearStart.AddDays(365);

    /// <summary>Every reason this spec cannot be run (empty when it can), each naming the field.</summary>
    public IReadOnlyList<(string Field, string Message)> Problems()
    {
        var problems = new List<(string, string)>();
        void Share(string field, double v)
        {
            if (!(v >= 0 && v <= 1)) problems.Add((field, $"{v} is not a share between 0 and 1"));
        }
        void Positive(string field, double v)
        {
            if (!(v > 0 && double.IsFinite(v))) problems.Add((field, $"{v} must be more than zero"));
        }
        foreach (var c in Channels)
            if (ClueIntake.Problem(c.Process) is { } p) problems.Add(($"intake.{c.Channel}", p));
        if (Channels.Select(c => c.Channel).Distinct().Count() != Channels.Count) problems.Add(("intake", "a channel is given twice"));
        if (Channels.Any(c => c.Channel is ClueChannel.Backtracking or ClueChannel.WorkingGroupVisit))
            problems.Add(("intake", "backtracking clues come from missed deadlines and visit problems from the visits, not from an intake process"));
        if (LeadIn < TimeSpan.Zero) problems.Add(("lead_in", "cannot be negative"));
        Share("duplicate_share", DuplicateShare);
        Share("invalid_share", InvalidShare);
        if (DuplicateShare + InvalidShare > 1) problems.Add(("invalid_share", "duplicates and invalid clues together exceed every clue"));
        Positive("mean_days_to_screen", MeanDaysToScreen);
        Positive("deadline_days", DeadlineDays);
        Positive("mean_days_to_assign", MeanDaysToAssign);
        Positive("mean_days_to_start", MeanDaysToStart);
        Positive("mean_investigation_days", MeanInvestigationDays);
        Positive("investigation_shape", InvestigationShape);
        for (var i = 0; i < SupervisionBatches.Count; i++)
        {
            var b = SupervisionBatches[i];
            if (b.Day is < 0 or >= 365) problems.Add(($"supervision_batches[{i}].day", $"day {b.Day} is not a day of the year (0–364)"));
            if (b.Size < 0) problems.Add(($"supervision_batches[{i}].size", $"{b.Size} clues is not a batch"));
            if (i > 0 && b.Day <= SupervisionBatches[i - 1].Day) problems.Add(($"supervision_batches[{i}].day", "batches come in day order"));
        }
        Share("substantiated_share", SubstantiatedShare);
        if (!(ExtraPersonsMean >= 0)) problems.Add(("extra_persons_mean", $"{ExtraPersonsMean} cannot be negative"));
        Share("exempt_share", ExemptShare);
        var s = Sanctions;
        if (new[] { s.Discipline, s.OrganisationalHandling, s.AdmonishmentTalk, s.Criticism, s.Accountability }.Any(w => !(w >= 0)) || !(s.Total > 0))
            problems.Add(("sanctions", "weights must not be negative and not all zero"));
        Share("accountability_cited_share", AccountabilityCitedShare);
        Positive("notify_every_days", NotifyEveryDays);
        Share("exposed_share", ExposedShare);
        Positive("mean_rectification_days", MeanRectificationDays);
        Positive("look_back_after_days", LookBackAfterDays);
        Share("reopen_share", ReopenShare);
        Positive("warning_threshold_scale", WarningThresholdScale);
        if (Replications < 2) problems.Add(("replications", $"{Replications}: a prediction interval needs at least 2 replications"));
        if (Visits is { } v)
        {
            if (v.Groups <= 0) problems.Add(("visits.groups", "at least one group visits"));
            if (v.Units < 0) problems.Add(("visits.units", $"{v.Units} units is not a number of units"));
            if (v.FirstDay is < 0 or >= 365) problems.Add(("visits.first_day", $"day {v.FirstDay} is not a day of the year (0–364)"));
            if (v.Days <= 0) problems.Add(("visits.days", "the visits take at least a day"));
            if (!(v.ProblemsPerUnit >= 0)) problems.Add(("visits.problems_per_unit", $"{v.ProblemsPerUnit} cannot be negative"));
        }
        return problems;
    }
}
