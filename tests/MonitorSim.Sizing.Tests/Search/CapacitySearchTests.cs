using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using MonitorSim.Sizing.Search;

namespace MonitorSim.Sizing.Tests.Search;

/// <summary>The binary search for capacity, against systems whose capacity the test knows (a trial passes when its load is
/// at most the capacity), some of them failing now and then as a noisy measurement does.</summary>
public sealed class CapacitySearchTests
{
    private static Func<TrialRequest, CancellationToken, Task<TrialVerdict>> Capacity(double capacity, List<TrialRequest>? asked = null) =>
        (r, _) =>
        {
            asked?.Add(r);
            return Task.FromResult(r.Load <= capacity ? TrialVerdict.Pass : TrialVerdict.Fail($"p99 broke at {r.Load}"));
        };

    private static string Show(double load) => load.ToString("0.####", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(1, 37.3)]
    [InlineData(10, 11.2)]
    [InlineData(100, 2.5)]
    [InlineData(0.5, 600)]
    public async Task The_interval_holds_the_true_capacity_and_is_no_wider_than_the_resolution(double start, double capacity)
    {
        var result = await new CapacitySearch(new SearchSettings(start, Resolution: 0.05)).RunAsync(Capacity(capacity), CancellationToken.None);

        Assert.True(result.Converged, result.StopReason);
        Assert.InRange(capacity, result.PassedLoad!.Value, result.FailedLoad!.Value);
        Assert.True(result.Width <= 0.05, $"width {result.Width}");
    }

    [Fact]
    public async Task The_search_doubles_until_a_trial_fails_then_bisects_at_the_geometric_middle()
    {
        var asked = new List<TrialRequest>();

        await new CapacitySearch(new SearchSettings(1, Resolution: 0.05, BoundaryRepeats: 1, FailuresToFail: 1)).RunAsync(Capacity(5, asked), CancellationToken.None);

        Assert.Equal([1, 2, 4, 8], asked.Take(4).Select(a => a.Load));
        Assert.All(asked.Take(4), a => Assert.Equal(SearchPhase.Bracket, a.Phase));
        Assert.Equal(Math.Sqrt(32), asked[4].Load, 12);
        Assert.Equal(SearchPhase.Bisect, asked[4].Phase);
        Assert.Equal(4, asked[4].PassedBelow);
        Assert.Equal(8, asked[4].FailedAbove);
    }

    [Fact]
    public async Task An_eightfold_bracket_reaches_a_high_capacity_in_fewer_trials_and_still_ends_within_the_resolution()
    {
        var doubling = await new CapacitySearch(new SearchSettings(1, Resolution: 0.10, BoundaryRepeats: 2)).RunAsync(Capacity(1_500), CancellationToken.None);
        var asked = new List<TrialRequest>();

        var eightfold = await new CapacitySearch(new SearchSettings(1, Resolution: 0.10, BoundaryRepeats: 2, BracketFactor: 8))
            .RunAsync(Capacity(1_500, asked), CancellationToken.None);

        Assert.Equal([1, 8, 64, 512, 4096], asked.Take(5).Select(a => a.Load));
        Assert.Equal(SearchPhase.Bisect, asked[5].Phase);
        Assert.True(eightfold.Converged, eightfold.StopReason);
        Assert.InRange(1_500, eightfold.PassedLoad!.Value, eightfold.FailedLoad!.Value);
        Assert.True(eightfold.Width <= 0.10, $"width {eightfold.Width}");
        Assert.True(eightfold.Trail.Count < doubling.Trail.Count, $"eightfold {eightfold.Trail.Count} trials, doubling {doubling.Trail.Count}");
    }

    [Fact]
    public async Task A_first_trial_that_fails_steps_down_by_the_bracket_factor()
    {
        var asked = new List<TrialRequest>();

        var result = await new CapacitySearch(new SearchSettings(1_000, BracketFactor: 4, FailuresToFail: 1)).RunAsync(Capacity(20, asked), CancellationToken.None);

        Assert.Equal([1_000, 250, 62.5, 15.625], asked.Take(4).Select(a => a.Load));
        Assert.InRange(20, result.PassedLoad!.Value, result.FailedLoad!.Value);
    }

    [Fact]
    public async Task A_first_trial_that_fails_halves_the_load_until_one_passes()
    {
        var asked = new List<TrialRequest>();

        var result = await new CapacitySearch(new SearchSettings(100, FailuresToFail: 1)).RunAsync(Capacity(20, asked), CancellationToken.None);

        Assert.Equal([100, 50, 25, 12.5], asked.Take(4).Select(a => a.Load));
        Assert.InRange(20, result.PassedLoad!.Value, result.FailedLoad!.Value);
    }

    [Fact]
    public async Task The_highest_passing_load_is_run_again_until_it_passed_every_repeat()
    {
        var asked = new List<TrialRequest>();

        var result = await new CapacitySearch(new SearchSettings(1, BoundaryRepeats: 3)).RunAsync(Capacity(5, asked), CancellationToken.None);

        var lower = result.PassedLoad!.Value;
        Assert.Equal(3, result.Trail.Count(t => t.Load == lower && t.Passed));
        Assert.Equal(2, asked.Count(a => a.Load == lower && a.Phase == SearchPhase.Repeat));
        Assert.Equal(SearchPhase.Repeat, result.Trail[^1].Phase);
    }

    [Fact]
    public async Task Under_rfc_2544s_rule_a_repeat_that_fails_makes_its_load_the_upper_end_and_the_search_goes_on_below_it()
    {
        // A noisy system: the load the bisection settles on passes once, then fails every later trial.
        var noisy = new NoisyBoundary(failsOnRun: run => run > 1);

        var result = await new CapacitySearch(new SearchSettings(1, FailuresToFail: 1)).RunAsync(noisy.Run, CancellationToken.None);
        var unlucky = noisy.Unlucky;

        Assert.NotNull(unlucky);
        Assert.Equal(unlucky, result.FailedLoad);
        Assert.True(result.PassedLoad < unlucky);
        Assert.True(result.Converged, result.StopReason);
        Assert.Equal(3, result.Trail.Count(t => t.Load == result.PassedLoad && t.Passed));
        var failed = result.Trail.Single(t => t.Load == unlucky && !t.Passed);
        Assert.Equal(["queue.p99 < 20ms: 24 ms"], failed.Broken);
        Assert.Equal(unlucky, failed.FailedAbove);
    }

    [Fact]
    public async Task A_load_that_fails_once_bounds_the_bracket_at_once_and_only_the_failure_the_answer_rests_on_is_run_again()
    {
        var asked = new List<TrialRequest>();
        var heard = new List<SearchTrial>();

        var result = await new CapacitySearch(new SearchSettings(1)).RunAsync(Capacity(5, asked), CancellationToken.None, heard.Add);

        // The first failure (8) moved the bracket's upper end at once, before any recheck.
        var first = asked.First(a => a.Load > 5);
        Assert.Equal((8.0, SearchPhase.Bracket), (first.Load, first.Phase));
        Assert.Equal(8, heard[first.Number - 1].FailedAbove);
        Assert.Equal(SearchPhase.Bisect, asked[first.Number].Phase);
        // Lower failures replaced it, and only the last, the answer's upper end, was run again: failed twice, so failed.
        var rechecked = Assert.Single(asked, a => a.Phase == SearchPhase.Recheck);
        Assert.Equal(result.FailedLoad, rechecked.Load);
        Assert.Equal(2, asked.Count(a => a.Load == rechecked.Load));
        Assert.All(asked.Where(a => a.Load > 5 && a.Load != rechecked.Load), a => Assert.Equal(1, asked.Count(b => b.Load == a.Load)));
        Assert.InRange(5, result.PassedLoad!.Value, result.FailedLoad!.Value);
        Assert.True(result.Converged, result.StopReason);
        Assert.Contains($"and {Show(result.FailedLoad.Value)} (failed 2 of 2)", result.StopReason);
    }

    [Fact]
    public async Task A_failure_that_its_recheck_does_not_confirm_moves_the_bracket_back_above_it()
    {
        // Capacity 5, but the first trial at 4.5 is disturbed from outside and fails.
        var asked = new List<TrialRequest>();
        Task<TrialVerdict> Disturbed(TrialRequest r, CancellationToken _)
        {
            asked.Add(r);
            var firstAt = asked.Count(a => a.Load == r.Load) == 1;
            return Task.FromResult(r.Load > 5 || (r.Load == 4.5 && firstAt) ? TrialVerdict.Fail("p99 broke") : TrialVerdict.Pass);
        }

        var result = await new CapacitySearch(new SearchSettings(4.5, Resolution: 0.05)).RunAsync(Disturbed, CancellationToken.None);

        var recheck = Assert.Single(asked, a => a.Load == 4.5 && a.Phase == SearchPhase.Recheck);
        Assert.True(asked.Skip(recheck.Number).Any(a => a.Load > 4.5), "the search did not go on above the load its recheck passed");
        Assert.True(result.Converged, result.StopReason);
        Assert.InRange(5, result.PassedLoad!.Value, result.FailedLoad!.Value);
        Assert.True(result.PassedLoad >= 4.5);
    }

    [Fact]
    public async Task The_time_budget_starts_no_trial_that_would_end_past_it_and_the_search_says_so()
    {
        var time = new FakeTimeProvider();
        var started = time.GetUtcNow();
        // Every trial takes 20 s on the fake clock; a budget of 70 s holds three and not a fourth.
        var result = await new CapacitySearch(new SearchSettings(1, MaxDuration: TimeSpan.FromSeconds(70))).RunAsync((r, _) =>
        {
            time.Advance(TimeSpan.FromSeconds(20));
            return Task.FromResult(r.Load <= 5 ? TrialVerdict.Pass : TrialVerdict.Fail("p99 broke"));
        }, CancellationToken.None, time: time);

        Assert.Equal(3, result.Trail.Count);
        Assert.Equal(TimeSpan.FromSeconds(60), time.GetUtcNow() - started);
        Assert.False(result.Converged);
        Assert.Equal("the time budget of 70 s ran out: 60 s spent, and the next trial (the longest so far took 20 s) would have ended past it " +
                     "(bracket: passed 4, failed none)", result.StopReason);
    }

    [Fact]
    public async Task Without_a_time_budget_the_clock_does_not_end_the_search()
    {
        var time = new FakeTimeProvider();
        var result = await new CapacitySearch(new SearchSettings(1)).RunAsync((r, _) =>
        {
            time.Advance(TimeSpan.FromHours(1));
            return Task.FromResult(r.Load <= 5 ? TrialVerdict.Pass : TrialVerdict.Fail("p99 broke"));
        }, CancellationToken.None, time: time);

        Assert.True(result.Converged, result.StopReason);
    }

    [Theory]
    [InlineData(2, true)]
    [InlineData(1, false)]
    public async Task A_first_trial_disturbed_once_sets_the_capacity_only_under_rfc_2544s_rule(int failuresToFail, bool found)
    {
        // The self-test queue of the harness test: capacity 9.69 × the base rate, first trial at 8 on a process still cold.
        const double capacity = 9.69;
        Task<TrialVerdict> ColdFirst(TrialRequest r, CancellationToken _) =>
            Task.FromResult(r.Number == 1 || r.Load > capacity ? TrialVerdict.Fail("queue.p99 < 200ms: 249") : TrialVerdict.Pass);

        var result = await new CapacitySearch(new SearchSettings(8, FailuresToFail: failuresToFail)).RunAsync(ColdFirst, CancellationToken.None);

        Assert.True(result.Converged, result.StopReason);
        Assert.Equal(found, capacity >= result.PassedLoad && capacity <= result.FailedLoad);
        // The disturbed first load was run again once it bounded the answer, and only where a second failure fails a load.
        Assert.Equal(found, result.Trail.Any(t => t.Load == 8 && t.Phase == SearchPhase.Recheck));
    }

    [Fact]
    public async Task A_boundary_load_that_fails_one_repeat_and_passes_the_rest_stays_the_lower_end_and_the_reason_counts_its_failure()
    {
        // The load the bisection settles on fails its second trial only: one disturbed window among four.
        var noisy = new NoisyBoundary(failsOnRun: run => run == 2);

        var result = await new CapacitySearch(new SearchSettings(1)).RunAsync(noisy.Run, CancellationToken.None);
        var unlucky = noisy.Unlucky;

        Assert.True(result.Converged, result.StopReason);
        Assert.Equal(unlucky, result.PassedLoad);
        Assert.Equal((3, 1), (result.Trail.Count(t => t.Load == unlucky && t.Passed), result.Trail.Count(t => t.Load == unlucky && !t.Passed)));
        Assert.Contains($"{Show(unlucky!.Value)} (passed 3 of its 4 trials)", result.StopReason);
    }

    [Fact]
    public async Task Every_trial_is_in_the_trail_with_the_threshold_that_broke_and_the_bracket_after_it()
    {
        var heard = new List<SearchTrial>();

        var result = await new CapacitySearch(new SearchSettings(1)).RunAsync(Capacity(5), CancellationToken.None, heard.Add);

        Assert.Equal(result.Trail, heard);
        Assert.Equal(Enumerable.Range(1, heard.Count), heard.Select(t => t.Number));
        Assert.All(heard.Where(t => !t.Passed), t => Assert.Equal([$"p99 broke at {t.Load}"], t.Broken));
        Assert.All(heard.Where(t => t.Passed), t => Assert.Empty(t.Broken));
        Assert.Null(heard[0].FailedAbove);
        Assert.Equal(1, heard[0].PassedBelow);
        Assert.Equal(result.PassedLoad, heard[^1].PassedBelow);
    }

    [Fact]
    public async Task A_system_that_passes_at_the_highest_load_allowed_is_reported_above_it_not_converged()
    {
        var result = await new CapacitySearch(new SearchSettings(1, MaxLoad: 10)).RunAsync(Capacity(1000), CancellationToken.None);

        Assert.False(result.Converged);
        Assert.Equal(10, result.PassedLoad);
        Assert.Null(result.FailedLoad);
        Assert.Null(result.Width);
        Assert.Contains("above", result.StopReason);
        Assert.Equal(3, result.Trail.Count(t => t.Load == 10));
    }

    [Fact]
    public async Task A_system_that_fails_at_the_lowest_load_allowed_has_no_capacity_to_report()
    {
        var result = await new CapacitySearch(new SearchSettings(1, MinLoad: 0.25)).RunAsync(Capacity(0.01), CancellationToken.None);

        Assert.False(result.Converged);
        Assert.Null(result.PassedLoad);
        Assert.Equal(0.25, result.FailedLoad);
        // Each failure stepped down at once; the floor's, which ends the search, was run again to decide it.
        Assert.Equal([1, 0.5, 0.25, 0.25], result.Trail.Select(t => t.Load));
        Assert.Equal(SearchPhase.Recheck, result.Trail[^1].Phase);
        Assert.Contains("below", result.StopReason);
    }

    [Fact]
    public async Task The_trial_budget_ends_the_search_unconverged_and_says_so()
    {
        var result = await new CapacitySearch(new SearchSettings(1, Resolution: 0.01, MaxTrials: 4)).RunAsync(Capacity(5), CancellationToken.None);

        Assert.Equal(4, result.Trail.Count);
        Assert.False(result.Converged);
        Assert.Contains("budget of 4 trials", result.StopReason);
    }

    [Fact]
    public async Task A_converged_search_says_its_passed_load_passed_every_repeat_it_needed()
    {
        var result = await new CapacitySearch(new SearchSettings(1, Resolution: 0.05)).RunAsync(Capacity(5), CancellationToken.None);

        Assert.True(result.Converged, result.StopReason);
        Assert.Equal("passed every repeat it needed", result.PassedRecord);
    }

    [Fact]
    public async Task A_search_cut_short_before_its_repeats_states_the_passed_loads_own_record_not_every_repeat()
    {
        // Loads 1, 2, 4 pass, 8 fails, 5.657 fails and fails its recheck, then 4's first repeat fails; the budget of 7
        // trials ends the search there: 4 is still the bracket's lower end (one failure does not fail a load) with 1 pass
        // in 2 trials.
        var calls = new Dictionary<double, int>();
        var result = await new CapacitySearch(new SearchSettings(1, Resolution: 0.5, MaxTrials: 7)).RunAsync((r, _) =>
        {
            calls[r.Load] = calls.GetValueOrDefault(r.Load) + 1;
            var passes = r.Load <= 4 && !(r.Load == 4 && calls[r.Load] == 2);
            return Task.FromResult(passes ? TrialVerdict.Pass : TrialVerdict.Fail("p99 broke"));
        }, CancellationToken.None);

        Assert.False(result.Converged);
        Assert.Equal(4, result.PassedLoad);
        Assert.Equal("passed 1 of its 2 trials", result.PassedRecord);
    }

    [Fact]
    public async Task A_trial_cut_short_by_cancelling_is_not_counted_and_the_search_ends_with_the_trials_before_it()
    {
        using var cts = new CancellationTokenSource();
        var heard = new List<SearchTrial>();
        var result = await new CapacitySearch(new SearchSettings(1)).RunAsync((r, _) =>
        {
            // Trial 2 is cut short: its window ended early, and a failing verdict from it would move the bracket.
            if (r.Number == 2) { cts.Cancel(); return Task.FromResult(TrialVerdict.Fail("p99 over a cut window")); }
            return Task.FromResult(TrialVerdict.Pass);
        }, cts.Token, heard.Add);

        Assert.Equal([1], result.Trail.Select(t => t.Number));
        Assert.Equal([1], heard.Select(t => t.Number));
        Assert.Equal(1, result.PassedLoad);
        Assert.Null(result.FailedLoad);
        Assert.False(result.Converged);
        Assert.Equal("stopped by the user during trial 2 (load 2), which was cut short and is not counted", result.StopReason);
    }

    [Fact]
    public async Task Cancelled_between_trials_the_search_ends_with_every_trial_it_ran()
    {
        using var cts = new CancellationTokenSource();
        var result = await new CapacitySearch(new SearchSettings(1)).RunAsync(Capacity(100), cts.Token, t => { if (t.Number == 2) cts.Cancel(); });

        Assert.Equal([1, 2], result.Trail.Select(t => t.Number));
        Assert.Equal("stopped by the user", result.StopReason);
    }

    [Theory]
    [InlineData(0, 0.05, 3, "first trial's load must be > 0")]
    [InlineData(1, 0, 3, "resolution must lie in")]
    [InlineData(1, 0.05, 0, "boundary repeats must be 1 to 20")]
    [InlineData(1, 0.05, 3, "bracket's growth factor must be 1.1 to 64", 1.0)]
    [InlineData(1, 0.05, 3, "bracket's growth factor must be 1.1 to 64", 100.0)]
    [InlineData(1, 0.05, 3, "failed trials that fail a load must be 1 to 5", 2.0, 0)]
    [InlineData(1, 0.05, 3, "failed trials that fail a load must be 1 to 5", 2.0, 6)]
    [InlineData(1, 0.05, 3, "time budget must be > 0", 2.0, 2, 0.0)]
    public void Settings_that_cannot_search_are_refused_with_the_reason(double start, double resolution, int repeats, string expected, double bracketFactor = 2,
        int failuresToFail = 2, double? maxSeconds = null)
    {
        var e = Assert.Throws<ArgumentException>(() => new CapacitySearch(new SearchSettings(start, resolution, repeats, BracketFactor: bracketFactor,
            FailuresToFail: failuresToFail, MaxDuration: maxSeconds is { } m ? TimeSpan.FromSeconds(m) : null)));
        Assert.Contains(expected, e.Message);
    }

    /// <summary>A system of capacity 5 whose boundary is noisy: the first load the search repeats (the bisection's
    /// answer, <see cref="Unlucky"/>) fails its trials whose 1-based number at that load <paramref name="failsOnRun"/>
    /// picks, by a hair ("24 ms" against 20); every other load passes at most 5 and fails above it.</summary>
    private sealed class NoisyBoundary(Func<int, bool> failsOnRun)
    {
        private readonly Dictionary<double, int> _runs = [];

        public double? Unlucky { get; private set; }

        public Task<TrialVerdict> Run(TrialRequest r, CancellationToken ct)
        {
            var run = _runs[r.Load] = _runs.GetValueOrDefault(r.Load) + 1;
            if (r.Phase == SearchPhase.Repeat && Unlucky is null) Unlucky = r.Load;
            if (r.Load == Unlucky) return Task.FromResult(failsOnRun(run) ? TrialVerdict.Fail("queue.p99 < 20ms: 24 ms") : TrialVerdict.Pass);
            return Task.FromResult(r.Load <= 5 ? TrialVerdict.Pass : TrialVerdict.Fail("queue.p99 < 20ms: 40 ms"));
        }
    }
}
