namespace MonitorSim.Domain.Supervision;

/// <summary>
/// How a co-handled request runs when nobody scripts it: the department steps a request goes through, and how long each
/// step's work takes. The seed names the practice (全程协办: one co-handler walks a citizen's request through every internal
/// step of a department) but not its steps or times, so both are assumptions: three steps — acceptance within 30 minutes,
/// review within 4 hours, conclusion within a day — and each step's work exponentially distributed with a mean of half its
/// limit, so that one step in e² ≈ 7.4 overruns its deadline and becomes a clue against the co-handler.
/// </summary>
public static class CoHandlingPractice
{
    public static IReadOnlyList<CoHandlingStep> StandardSteps { get; } =
    [
        new("acceptance (受理)", TimeSpan.FromMinutes(30)),
        new("review (审核)", TimeSpan.FromHours(4)),
        new("conclusion (办结)", TimeSpan.FromDays(1)),
    ];

    /// <summary>A step's mean work time as a share of its limit.</summary>
    public const double MeanShareOfLimit = 0.5;

    /// <summary>
    /// How long each step of request <paramref name="requestId"/> takes, drawn from the request's id alone: the same on
    /// every node and after every restart, so a request recovered from its journal carries on as it would have.
    /// </summary>
    public static TimeSpan[] WorkTimes(string requestId, IReadOnlyList<CoHandlingStep> steps)
    {
        var rng = new Random(StableSeed(requestId));
        var times = new TimeSpan[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            var mean = steps[i].Limit.TotalSeconds * MeanShareOfLimit;
            times[i] = TimeSpan.FromSeconds(-mean * Math.Log(1 - rng.NextDouble()));
        }
        return times;
    }

    /// <summary>The clue an overdue step becomes (see <see cref="CoHandlingRequest.ClueFor"/>) is filed under this id.</summary>
    public static string ClueIdOf(string requestId, int step) => $"co-{requestId}-{step}";

    // FNV-1a: string.GetHashCode differs from process to process.
    private static int StableSeed(string s)
    {
        var h = 2166136261u;
        foreach (var c in s) { h ^= c; h *= 16777619u; }
        return (int)(h & 0x7fffffff);
    }
}
