using System.Diagnostics;
using Akka.Actor;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Time;
using MonitorSim.Harness.Session;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Harness.Faults;

/// <summary>
/// The faults of a province run (<c>topology.cities</c>), each on the city it names: the city platform crashing and
/// restarting, one of its platforms restarting, its link to the province cut; and the province platform's own crash. The
/// city's two are what a one-city run does to its tree; a city's crash and a cut link are followed until the province has
/// re-synced with the city, the province's crash until every city has (below).
/// </summary>
internal sealed class ProvinceFaults(ProvinceCascade province)
{
    private static readonly TimeSpan FollowLimit = TimeSpan.FromSeconds(120);

    public (string Injected, Task<FaultInjector.Recovery>? FollowUp) Inject(FaultDefinition fault)
    {
        if (fault.Target == FaultTarget.Province) return CrashProvince(fault.DownFor);
        if (fault.City is not { } name || province.Topology.IndexOf(name) < 0)
            return ($"fault skipped: {fault.Action} acts on a one-city cluster; in a province a fault names its city (restart, cut_province_link)", null);
        var city = province.City(name);
        switch (fault.Target)
        {
            case FaultTarget.City:
            {
                // The province's count of the city's registrations tells the restarted city's session from the old one. A
                // province that does not answer now (down, or too busy) leaves nothing to tell them by: the city still
                // crashes, and its re-sync is not followed.
                var before = RegistrationsOrNull(name);
                var began = Stopwatch.GetTimestamp();
                city.CrashCity(fault.DownFor);
                return ($"city platform {name} crashed, down for {Durations.Format(fault.DownFor)}, then restarts (its platforms re-register, it registers " +
                        "with the province again and re-syncs)",
                    before is { } b
                        ? ResyncAfterRestartAsync(name, city, b, began, fault.DownFor)
                        : Task.FromResult(new FaultInjector.Recovery($"city {name}'s re-sync at the province not followed: the province did not answer " +
                                                                     "before the crash, so the city's new session could not be told from its old one", null)));
            }
            case FaultTarget.Platform:
            {
                var topology = city.Options.Topology;
                var platform = fault.Largest ? topology.Platforms.MaxBy(p => p.CameraCount)!.Id.Value : fault.PlatformId ?? 0;
                city.CrashPlatform(platform, fault.DownFor);
                var info = topology.Platforms[platform];
                return ($"platform {name}/{platform} ({info.CameraCount:N0} cameras) crashed, down for {Durations.Format(fault.DownFor)}, then restarts", null);
            }
            case FaultTarget.ProvinceLink:
            {
                var began = Stopwatch.GetTimestamp();
                city.CutProvinceLink(fault.DownFor);
                return ($"link {name} → province cut both ways for {Durations.Format(fault.DownFor)}", CatchUpAfterCutAsync(name, city, began, fault.DownFor));
            }
            default:
                return ($"fault skipped: {fault.Action} acts on a one-city cluster; a province runs each city on a node of its own", null);
        }
    }

    private (string Injected, Task<FaultInjector.Recovery> FollowUp) CrashProvince(TimeSpan downFor)
    {
        var before = AlarmsOrNull();
        var began = Stopwatch.GetTimestamp();
        province.Province.Crash(downFor);
        return ($"province platform crashed, down for {Durations.Format(downFor)}, then restarts (it recovers the alarms it recorded from its journal; " +
                "every city registers again and re-syncs)", ResyncAfterProvinceRestartAsync(before, began, downFor));
    }

    /// <summary>The alarms the province holds, by city; null when it does not answer.</summary>
    private Dictionary<string, HashSet<(int Platform, long AlarmId)>>? AlarmsOrNull()
    {
        try
        {
            return province.Province.StatusAsync().GetAwaiter().GetResult().Cities.ToDictionary(c => c.Key, c => c.Value.AlarmIds.ToHashSet());
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// After the province platform restarts, each city re-synced: registered with the restarted province, the province
    /// recorded a report of it, and the roll-up the province holds for it counts the cameras online the city counts now.
    /// Time per city from the restart (the end of the down time); a crashed province answers nothing, so whatever answers
    /// after the down time is the restarted one. Then: does the province still hold every alarm it held before the crash?
    /// </summary>
    private async Task<FaultInjector.Recovery> ResyncAfterProvinceRestartAsync(Dictionary<string, HashSet<(int, long)>>? before, long began, TimeSpan downFor)
    {
        await Task.Delay(downFor);
        var names = province.Topology.Names;
        var resynced = new Dictionary<string, (double AfterRestartS, double? FirstReportMs)>();
        while (resynced.Count < names.Count && Stopwatch.GetElapsedTime(began) < FollowLimit + downFor)
        {
            try
            {
                var status = await province.Province.StatusAsync(TimeSpan.FromSeconds(1));
                foreach (var name in names.Where(n => !resynced.ContainsKey(n)))
                {
                    if (status.Cities.GetValueOrDefault(name) is not { Registered: true, ReportsRecorded: > 0 } c) continue;
                    var online = (await province.City(name).CityStatusAsync(TimeSpan.FromSeconds(2))).CamerasOnline;
                    if (c.RollUp.Online == online) resynced[name] = ((Stopwatch.GetElapsedTime(began) - downFor).TotalSeconds, c.ResyncMs);
                }
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException) { }
            if (resynced.Count < names.Count) await Task.Delay(100);
        }
        var cities = string.Join(", ", names.Where(resynced.ContainsKey).Select(n =>
            $"{n} {resynced[n].AfterRestartS:0.0} s (first report {resynced[n].FirstReportMs ?? 0:0} ms after it registered)"));
        var behind = names.Where(n => !resynced.ContainsKey(n)).ToList();
        var text = behind.Count == 0
            ? $"province platform restarted; every city re-synced at it, after the restart: {cities}"
            : $"province platform restarted; {behind.Count} of {names.Count} cities had NOT re-synced {FollowLimit.TotalSeconds:0} s after the restart " +
              $"({string.Join(", ", behind)}){(resynced.Count > 0 ? $"; re-synced: {cities}" : "")}";
        text += "; " + await AlarmsKeptAsync(before);
        double? after = behind.Count == 0 ? downFor.TotalSeconds + resynced.Values.Max(r => r.AfterRestartS) : null;
        return new FaultInjector.Recovery(text, after);
    }

    /// <summary>Whether the restarted province still holds every alarm it held before its crash (acknowledged, so the
    /// cities' platforms let go of them: nothing below would send them again).</summary>
    private async Task<string> AlarmsKeptAsync(Dictionary<string, HashSet<(int, long)>>? before)
    {
        if (before is null) return "the province did not answer before the crash: whether it kept its alarms is not known";
        ProvinceStatus now;
        try
        {
            now = await province.Province.StatusAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            return "the province did not answer after its restart: whether it kept its alarms is not known";
        }
        var held = before.Values.Sum(a => a.Count);
        var lost = before.Sum(c => c.Value.Except(now.Cities.TryGetValue(c.Key, out var n) ? n.AlarmIds : []).Count());
        return lost == 0
            ? $"all {held:N0} alarms it held before the crash are still recorded there (recovered from its journal)"
            : $"{lost:N0} of the {held:N0} alarms it held before the crash are NOT recorded there after its restart";
    }

    /// <summary>How often the province has seen <paramref name="city"/> register; null when it does not answer.</summary>
    private int? RegistrationsOrNull(string city)
    {
        try
        {
            return province.Province.StatusAsync().GetAwaiter().GetResult().Cities.GetValueOrDefault(city)?.Registrations ?? 0;
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// Re-synced: the city registered with the province again, the province recorded a report of the restarted city, and
    /// the roll-up it holds for the city counts the same cameras online as the city's platforms do (each platform asked
    /// for its own count). Time from the crash.
    /// </summary>
    private async Task<FaultInjector.Recovery> ResyncAfterRestartAsync(string name, TreeNode city, int registrationsBefore, long began, TimeSpan downFor)
    {
        // Halfway through the down time the city sends nothing: every report the province records after this is the
        // restarted city's. The province keeps the old session's roll-up until then, so a match needs one of those.
        await Task.Delay(downFor / 2);
        long reportsWhileDown;
        try
        {
            reportsWhileDown = (await province.Province.StatusAsync(TimeSpan.FromSeconds(5))).Cities.GetValueOrDefault(name)?.ReportsRecorded ?? 0;
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            return new FaultInjector.Recovery($"city {name}'s re-sync at the province not followed: the province did not answer while the city was down, " +
                                              "so the restarted city's reports could not be told from the old session's", null);
        }
        await Task.Delay(downFor / 2);
        while (Stopwatch.GetElapsedTime(began) < FollowLimit + downFor)
        {
            try
            {
                var atProvince = (await province.Province.StatusAsync(TimeSpan.FromSeconds(2))).Cities.GetValueOrDefault(name);
                if (atProvince is { Registered: true } c && c.Registrations > registrationsBefore && c.ReportsRecorded > reportsWhileDown)
                {
                    var online = 0;
                    foreach (var p in city.Options.Topology.Platforms)
                        online += (await city.PlatformStatusAsync(p.Id.Value, TimeSpan.FromSeconds(2))).Total.Online;
                    if (c.RollUp.Online == online)
                    {
                        var after = Stopwatch.GetElapsedTime(began).TotalSeconds;
                        return new FaultInjector.Recovery(
                            $"city {name} re-synced at the province {after:0.0} s after its crash ({after - downFor.TotalSeconds:0.0} s after its restart): " +
                            $"registered again, the province's roll-up ({online:N0} cameras online) matches its platforms'; first report " +
                            $"{c.ResyncMs ?? 0:0} ms after the new registration; " + await CatalogResyncAsync(name, city, began), after);
                    }
                }
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException) { }
            await Task.Delay(100);
        }
        return new FaultInjector.Recovery($"city {name} had not re-synced at the province {(FollowLimit + downFor).TotalSeconds:0} s after its crash", null);
    }

    /// <summary>
    /// After the roll-up matched: whether the province's copy of the city's catalog (pulled at the new registration,
    /// changed by the reports since) is the city's own, item by item; looked at for at most 10 s. The re-sync time stays
    /// the roll-up's: two looks at two actors are never at the same instant, so under load a change still climbing can
    /// keep them a few items apart, and this says what it saw.
    /// </summary>
    private async Task<string> CatalogResyncAsync(string name, TreeNode city, long began)
    {
        var lookUntil = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        var differing = -1;
        while (true)
        {
            try
            {
                if ((await province.Province.StatusAsync(TimeSpan.FromSeconds(2))).Cities.GetValueOrDefault(name)?.Catalog is { Synced: true } pulled)
                {
                    var atProvince = await province.Province.CatalogAsync(name, TimeSpan.FromSeconds(2));
                    differing = (await city.CityCatalogAsync(TimeSpan.FromSeconds(2))).ItemsDifferingFrom(atProvince);
                    if (differing == 0)
                        return $"its catalog at the province equal to the city's item by item ({atProvince.Online:N0} of {atProvince.Cameras:N0} cameras online) " +
                               $"{Stopwatch.GetElapsedTime(began).TotalSeconds:0.0} s after its crash, the province's pull of it {pulled.PullMs ?? 0:0} ms";
                }
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException) { }
            if (Stopwatch.GetTimestamp() > lookUntil) break;
            await Task.Delay(100);
        }
        return differing < 0
            ? "its catalog at the province NOT pulled 10 s after the roll-up matched"
            : $"its catalog at the province still {differing:N0} item(s) apart from the city's 10 s after the roll-up matched (changes climbing, or lost)";
    }

    /// <summary>Caught up: every alarm the city had passed to its link by the time the link came back is acknowledged by
    /// the province, and the session is open. Time from the cut.</summary>
    private static async Task<FaultInjector.Recovery> CatchUpAfterCutAsync(string name, TreeNode city, long began, TimeSpan downFor)
    {
        await Task.Delay(downFor);
        ProvinceLinkStatus atHeal;
        try
        {
            atHeal = await city.ProvinceLinkStatusAsync();
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            return new FaultInjector.Recovery($"link {name} → province: catching up not followed: the city did not say what its link held when the cut healed", null);
        }
        while (Stopwatch.GetElapsedTime(began) < FollowLimit + downFor)
        {
            try
            {
                var link = await city.ProvinceLinkStatusAsync(TimeSpan.FromSeconds(2));
                if (link.Open && link.AlarmsAcknowledged >= atHeal.AlarmsForwarded)
                {
                    var after = Stopwatch.GetElapsedTime(began).TotalSeconds;
                    var again = link.Registrations > atHeal.Registrations ? "the province had dropped the silent city, which registered again" : "the session survived the cut";
                    return new FaultInjector.Recovery(
                        $"link {name} → province caught up {after:0.0} s after the cut ({after - downFor.TotalSeconds:0.0} s after it healed): " +
                        $"{atHeal.AlarmsForwarded - atHeal.AlarmsAcknowledged:N0} alarms held during the cut acknowledged by the province; {again}", after);
                }
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException) { }
            await Task.Delay(100);
        }
        return new FaultInjector.Recovery($"link {name} → province had not caught up {(FollowLimit + downFor).TotalSeconds:0} s after the cut", null);
    }
}
