using System.Globalization;
using MonitorSim.Domain.Supervision;
using YamlDotNet.RepresentationModel;

namespace MonitorSim.Load.Scenarios;

/// <summary>The <c>supervision:</c> section: the simulated year of supervision workflows
/// (docs/scenarios.md#supervision).</summary>
internal sealed partial class ScenarioReader
{
    private static readonly Dictionary<string, ClueChannel> IntakeChannels = new()
    {
        ["petition"] = ClueChannel.Petition,
        ["conduct_hotline"] = ClueChannel.ConductHotline,
        ["media"] = ClueChannel.Media,
        ["four_season_inspection"] = ClueChannel.FourSeasonInspection,
        ["joint_meeting_transfer"] = ClueChannel.JointMeetingTransfer,
        ["data_analysis"] = ClueChannel.DataAnalysis,
        ["monitoring_detection"] = ClueChannel.MonitoringDetection,
        ["inspection_tour"] = ClueChannel.InspectionTour,
        ["co_handling_deadline"] = ClueChannel.CoHandlingDeadline,
    };

    private static readonly string[] SupervisionKeys =
    [
        "year_start", "lead_in", "intake", "visits", "duplicate_share", "invalid_share", "mean_days_to_screen", "deadline_days",
        "mean_days_to_assign", "mean_days_to_start", "mean_investigation_days", "investigation_shape", "supervision_batches",
        "substantiated_share", "extra_persons_mean", "exempt_share", "sanctions", "accountability_cited_share", "notify_every_days",
        "exposed_share", "mean_rectification_days", "look_back_after_days", "reopen_share", "warning_threshold_scale", "replications",
    ];

    private SupervisionSpec? ReadSupervision(YamlNode node)
    {
        const string path = "supervision";
        if (IsNull(node) || Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, SupervisionKeys);
        var d = new SupervisionSpec();
        var errorsBefore = _errors.Count;

        double Real(string key, double fallback, double min = 0, bool exclusive = false) =>
            keys.TryGetValue(key, out var n) ? ReadDouble(n, $"{path}.{key}", min, exclusive) ?? fallback : fallback;
        int Whole(string key, int fallback, int min = 1) =>
            keys.TryGetValue(key, out var n) ? ReadInt(n, $"{path}.{key}", min) ?? fallback : fallback;

        var yearStart = d.YearStart;
        if (keys.TryGetValue("year_start", out var ys) && ReadString(ys, $"{path}.year_start") is { } text)
        {
            if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                yearStart = DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
            else Error(ys, $"{path}.year_start", $"expected a date like 2015-01-01, got '{text}'");
        }
        var spec = d with
        {
            YearStart = yearStart,
            LeadIn = keys.TryGetValue("lead_in", out var li) ? ReadDuration(li, $"{path}.lead_in", positive: false) ?? d.LeadIn : d.LeadIn,
            Channels = keys.TryGetValue("intake", out var intake) ? ReadIntake(intake, $"{path}.intake") : [],
            Visits = keys.TryGetValue("visits", out var visits) ? ReadVisits(visits, $"{path}.visits") : null,
            DuplicateShare = Real("duplicate_share", d.DuplicateShare),
            InvalidShare = Real("invalid_share", d.InvalidShare),
            MeanDaysToScreen = Real("mean_days_to_screen", d.MeanDaysToScreen, exclusive: true),
            DeadlineDays = Whole("deadline_days", d.DeadlineDays),
            MeanDaysToAssign = Real("mean_days_to_assign", d.MeanDaysToAssign, exclusive: true),
            MeanDaysToStart = Real("mean_days_to_start", d.MeanDaysToStart, exclusive: true),
            MeanInvestigationDays = Real("mean_investigation_days", d.MeanInvestigationDays, exclusive: true),
            InvestigationShape = Real("investigation_shape", d.InvestigationShape, exclusive: true),
            SupervisionBatches = keys.TryGetValue("supervision_batches", out var sb) ? ReadSupervisionBatches(sb, $"{path}.supervision_batches") : [],
            SubstantiatedShare = Real("substantiated_share", d.SubstantiatedShare),
            ExtraPersonsMean = Real("extra_persons_mean", d.ExtraPersonsMean),
            ExemptShare = Real("exempt_share", d.ExemptShare),
            Sanctions = keys.TryGetValue("sanctions", out var sn) ? ReadSanctions(sn, $"{path}.sanctions", d.Sanctions) : d.Sanctions,
            AccountabilityCitedShare = Real("accountability_cited_share", d.AccountabilityCitedShare),
            NotifyEveryDays = Whole("notify_every_days", d.NotifyEveryDays),
            ExposedShare = Real("exposed_share", d.ExposedShare),
            MeanRectificationDays = Real("mean_rectification_days", d.MeanRectificationDays, exclusive: true),
            LookBackAfterDays = Whole("look_back_after_days", d.LookBackAfterDays),
            ReopenShare = Real("reopen_share", d.ReopenShare),
            WarningThresholdScale = Real("warning_threshold_scale", d.WarningThresholdScale, exclusive: true),
            Replications = Whole("replications", d.Replications, min: 2),
        };
        // What each value cannot say alone (a share above 1, batches out of order, …), reported at the field if it was
        // written, else at the section; a field already reported (or one inside it) is not reported again.
        var reported = _errors.Skip(errorsBefore).Select(e => e.Field).ToList();
        foreach (var (field, message) in spec.Problems())
        {
            var key = field.Split('.', '[')[0];
            if (reported.Any(r => r.StartsWith($"{path}.{key}", StringComparison.Ordinal))) continue;
            Error(keys.TryGetValue(key, out var at) ? at : map, $"{path}.{field}", message);
        }
        return spec;
    }

    private List<ChannelIntake> ReadIntake(YamlNode node, string path)
    {
        var channels = new List<ChannelIntake>();
        if (Mapping(node, path) is not { } map) return channels;
        var keys = Keys(map, path, IntakeChannels.Keys);
        foreach (var (name, value) in keys)
        {
            var field = $"{path}.{name}";
            if (Mapping(value, field) is not { } process) continue;
            var kinds = Keys(process, field, ["poisson", "batch", "seasonal"]);
            if (kinds.Count != 1)
            {
                Error(process, field, "give one arrival process: poisson (clues a year), batch or seasonal");
                continue;
            }
            var (kind, spec) = kinds.First();
            IntakeProcess? p = kind switch
            {
                "poisson" => ReadDouble(spec, $"{field}.poisson", 0, false) is { } perYear ? new PoissonIntake(perYear) : null,
                "batch" => ReadBatchIntake(spec, $"{field}.batch"),
                _ => ReadSeasonal(spec, $"{field}.seasonal"),
            };
            if (p is not null) channels.Add(new ChannelIntake(IntakeChannels[name], p));
        }
        return channels;
    }

    private BatchIntake? ReadBatchIntake(YamlNode node, string path)
    {
        if (Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, ["every", "mean", "first_after"]);
        var every = Required(map, keys, path, "every") is { } e ? ReadDuration(e, $"{path}.every", positive: true) : null;
        var mean = Required(map, keys, path, "mean") is { } m ? ReadDouble(m, $"{path}.mean", 0, false) : null;
        var first = keys.TryGetValue("first_after", out var f) ? ReadDuration(f, $"{path}.first_after", positive: false) : TimeSpan.Zero;
        return every is { } ev && mean is { } mv && first is { } fv ? new BatchIntake(ev, mv, fv) : null;
    }

    private SeasonalIntake? ReadSeasonal(YamlNode node, string path)
    {
        if (Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, ["per_year", "months"]);
        var perYear = Required(map, keys, path, "per_year") is { } py ? ReadDouble(py, $"{path}.per_year", 0, false) : null;
        if (Required(map, keys, path, "months") is not { } monthsNode || Sequence(monthsNode, $"{path}.months") is not { } seq) return null;
        var weights = seq.Children.Select((w, i) => ReadDouble(w, $"{path}.months[{i}]", 0, false)).ToList();
        if (weights.Count != 12) Error(seq, $"{path}.months", $"one weight per month, January first: {weights.Count} given, 12 needed");
        if (perYear is null || weights.Any(w => w is null) || weights.Count != 12) return null;
        if (weights.Sum() <= 0) Error(seq, $"{path}.months", "at least one month needs a weight above 0");
        return new SeasonalIntake(perYear.Value, weights.Select(w => w!.Value).ToList());
    }

    private List<SupervisionBatchPlan> ReadSupervisionBatches(YamlNode node, string path)
    {
        var batches = new List<SupervisionBatchPlan>();
        if (Sequence(node, path) is not { } seq) return batches;
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var field = $"{path}[{i}]";
            if (Mapping(seq.Children[i], field) is not { } map) continue;
            var keys = Keys(map, field, ["day", "size"]);
            var day = Required(map, keys, field, "day") is { } dn ? ReadInt(dn, $"{field}.day", 0) : null;
            var size = Required(map, keys, field, "size") is { } sn ? ReadInt(sn, $"{field}.size", 0) : null;
            if (day is >= 365) Error(keys["day"], $"{field}.day", $"day {day} is not a day of the year (0–364)");
            else if (day is { } dv && size is { } sv)
            {
                if (batches.Count > 0 && dv <= batches[^1].Day) Error(keys["day"], $"{field}.day", $"batches come in day order: day {dv} follows day {batches[^1].Day}");
                batches.Add(new SupervisionBatchPlan(dv, sv));
            }
        }
        return batches;
    }

    /// <summary>Weights of the sanction forms; a form not written has no weight.</summary>
    private SanctionShares ReadSanctions(YamlNode node, string path, SanctionShares d)
    {
        if (Mapping(node, path) is not { } map) return d;
        var keys = Keys(map, path, ["discipline", "organisational_handling", "admonishment_talk", "criticism", "accountability"]);
        double W(string key) => keys.TryGetValue(key, out var n) ? ReadDouble(n, $"{path}.{key}", 0, false) ?? 0 : 0;
        return new SanctionShares(W("discipline"), W("organisational_handling"), W("admonishment_talk"), W("criticism"), W("accountability"));
    }

    private VisitCampaign? ReadVisits(YamlNode node, string path)
    {
        if (Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, ["groups", "units", "first_day", "days", "problems_per_unit"]);
        var groups = Required(map, keys, path, "groups") is { } g ? ReadInt(g, $"{path}.groups", 1) : null;
        var units = Required(map, keys, path, "units") is { } u ? ReadInt(u, $"{path}.units", 0) : null;
        var first = Required(map, keys, path, "first_day") is { } f ? ReadInt(f, $"{path}.first_day", 0) : null;
        var days = Required(map, keys, path, "days") is { } dn ? ReadInt(dn, $"{path}.days", 1) : null;
        var problems = Required(map, keys, path, "problems_per_unit") is { } p ? ReadDouble(p, $"{path}.problems_per_unit", 0, false) : null;
        return groups is { } gv && units is { } uv && first is { } fv && days is { } dv && problems is { } pv ? new VisitCampaign(gv, uv, fv, dv, pv) : null;
    }
}
