using System.Diagnostics;
using Akka.Actor;
using MonitorSim.Cluster.Actors;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Harness.Session;
using MonitorSim.Load.Measurement;
using MonitorSim.Load.Results;

namespace MonitorSim.Harness.Runs;

/// <summary>
/// What a province run adds to its report: the alarm audit over the province hop (every alarm acknowledged to its camera
/// is recorded at the province), the city → province hop's latency beside the alarm's other hops, and each city's link.
/// </summary>
public static class ProvinceReport
{
    /// <summary>The hop's key among the alarm's hops (<c>alarm.platform_to_city</c> …).</summary>
    public const string HopKey = "alarm.city_to_province";

    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(30);

    /// <summary>Waits (at most 30 s) until no city holds an alarm the province has not acknowledged, so that the audit
    /// does not count alarms still climbing as lost.</summary>
    public static async Task DrainAsync(ProvinceCascade province, List<string> events)
    {
        var began = Stopwatch.GetTimestamp();
        while (true)
        {
            var pending = 0;
            for (var k = 0; k < province.Cities.Count; k++)
            {
                try
                {
                    var link = await province.Cities[k].ProvinceLinkStatusAsync();
                    // Alarms only: the link's items also hold catalog changes, which the audit does not count.
                    pending += (int)(link.AlarmsForwarded - link.AlarmsAcknowledged);
                }
                catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
                {
                    // A city still down (a crash late in the run) holds nothing now; what its platforms hold comes again
                    // when it is back, after the report: the audit below counts it, and this says why.
                    events.Add($"province: city {province.Topology.Names[k]} did not answer after the load (down, or too busy); " +
                               "what it had not passed up was not waited for");
                    return;
                }
            }
            if (pending == 0) return;
            if (Stopwatch.GetElapsedTime(began) > DrainLimit)
            {
                events.Add($"province: {pending:N0} alarms still not acknowledged by the province {DrainLimit.TotalSeconds:0} s after the load ended");
                return;
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Every alarm acknowledged to its camera must be recorded at the province, under its city, platform and id.</summary>
    /// <param name="acknowledged">Camera (province-wide) and alarm id of each alarm the cameras were told was recorded.</param>
    /// <param name="wait">How long the province may take to answer; 30 s by default.</param>
    public static async Task<AlarmAudit?> AuditAsync(ProvinceCascade province, IReadOnlyCollection<(int Camera, long AlarmId)> acknowledged, List<string> events,
        TimeSpan? wait = null)
    {
        if (acknowledged.Count == 0) return null;
        ProvinceStatus status;
        try
        {
            status = await province.Province.StatusAsync(wait ?? TimeSpan.FromSeconds(30));
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            // Without the province's record nothing can be said of any alarm: the audit is not done, and says why.
            return AlarmAuditor.NotDone(acknowledged.Count, $"the province platform did not answer within {(wait ?? TimeSpan.FromSeconds(30)).TotalSeconds:0.#} s after the load", events);
        }
        var recorded = province.Topology.Names.Select(n => status.Cities.TryGetValue(n, out var c) ? c.AlarmIds.ToHashSet() : []).ToArray();
        long found = 0;
        foreach (var (camera, id) in acknowledged)
        {
            var (k, local) = province.Topology.CameraIn(new Domain.Topology.CameraId(camera));
            if (recorded[k].Contains((province.Topology.Cities[k].PlatformOf(local).Value, id))) found++;
        }
        var missing = acknowledged.Count - found;
        events.Add(missing == 0
            ? $"alarm audit: all {acknowledged.Count:N0} acknowledged alarms are recorded at the province"
            : $"alarm audit: {missing:N0} of {acknowledged.Count:N0} acknowledged alarms are NOT recorded at the province");
        return new AlarmAudit(acknowledged.Count, found, missing);
    }

    /// <summary>The city → province hop of every alarm the province acknowledged, all cities together: from the city
    /// recording the alarm to the province's acknowledgment arriving back. Alarms recorded before
    /// <paramref name="measuredFrom"/> (a Stopwatch timestamp: the warm-up's end) count as warm-up. Whatever is not in the
    /// figures is said in <paramref name="events"/>, city by city: a city that does not answer after the load, hops past a
    /// city's cap (acknowledged, not kept), alarms passed up and never acknowledged, and the hops a city platform measured
    /// on a node it left (its log on the node it moved to began late). A city platform's restart loses nothing: its hops
    /// are kept by its node (<see cref="ProvinceHopLog"/>), and the line says how many restarts they span.</summary>
    public static async Task<LatencyStats> HopAsync(ProvinceCascade province, long measuredFrom, IReadOnlyList<double> percentiles, List<string> events)
    {
        var recorder = new LatencyRecorder();
        foreach (var (city, k) in province.Cities.Select((c, k) => (c, k)))
        {
            var name = province.Topology.Names[k];
            ProvinceHops hops;
            try
            {
                hops = await city.ProvinceHopsAsync();
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                events.Add($"province: the city → province hop leaves out city {name}: its city platform did not answer after the load");
                continue;
            }
            for (var i = 0; i < hops.HopTicks.Length; i++) recorder.Record(hops.HopTicks[i], warmUp: hops.RecordedAt[i] < measuredFrom);
            events.AddRange(HopGaps(name, hops, measuredFrom));
        }
        recorder.TakeInterval(); // folds the measured samples into the total
        return recorder.Total(percentiles);
    }

    /// <summary>What one city's hop figures leave out or span, one line each (none when they hold every hop).</summary>
    public static IEnumerable<string> HopGaps(string city, ProvinceHops hops, long measuredFrom)
    {
        if (hops.Clipped > 0)
            yield return $"province: the city → province hop of city {city}: {hops.Clipped:N0} of {hops.Clipped + hops.HopTicks.Length:N0} " +
                         $"acknowledged alarms past the {hops.HopTicks.Length:N0} samples a city keeps are NOT in the percentiles (counted, not measured)";
        if (hops.Unacknowledged > 0)
            yield return $"province: city {city} passed up {hops.Unacknowledged:N0} alarms the province had not acknowledged when the report was made: " +
                         "no hop for them in the figures";
        if (hops.CityStarts > 1)
            yield return $"province: city {city}'s city platform restarted {hops.CityStarts - 1} time(s): its hops are kept by its node and survive; " +
                         "an alarm in flight across a restart is measured from when the city first recorded it";
        if (hops.Since > measuredFrom && measuredFrom > 0)
            yield return $"province: city {city}'s city platform moved to another node during the run: the hops it measured on the node it left " +
                         "are lost with that node and NOT in the figures";
    }

    /// <summary>One line per city: its link to the province as the run leaves it, and what the province holds of it.</summary>
    public static async Task<IEnumerable<string>> CitiesAsync(ProvinceCascade province)
    {
        ProvinceStatus? status = null;
        var lines = new List<string>();
        try
        {
            status = await province.Province.StatusAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            lines.Add("province: the province platform did not answer after the load: what it holds of each city is unknown");
        }
        foreach (var (name, k) in province.Topology.Names.Select((n, k) => (n, k)))
        {
            ProvinceLinkStatus link;
            try
            {
                link = await province.Cities[k].ProvinceLinkStatusAsync();
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                lines.Add($"province: city {name}: its city platform did not answer after the load (down, or too busy)");
                continue;
            }
            var at = status?.Cities.GetValueOrDefault(name);
            lines.Add($"province: city {name}: {link.AlarmsForwarded:N0} alarms passed up, {link.AlarmsAcknowledged:N0} acknowledged by the province " +
                      $"(hop p50 {link.HopMsP50 ?? 0:0.##} ms, p99 {link.HopMsP99 ?? 0:0.##} ms over the last 10,000); at the province: " +
                      $"{at?.AlarmIds.Count ?? 0:N0} alarms, {at?.Registrations ?? 0} registration(s), {at?.RollUp.Online ?? 0:N0} cameras online, " +
                      $"{at?.ReportsRepeated ?? 0:N0} reports received twice");
            lines.Add(await CatalogLineAsync(province, name, k, link));
        }
        return lines;
    }

    /// <summary>
    /// One city's catalog as the run leaves it: the changes it passed up and the province acknowledged, and whether the
    /// province's copy equals the city's own item by item. Read after the load has drained, but two looks at two actors
    /// are never at one instant: a camera changing between them (a keepalive sweep marking it offline) can set them an
    /// item apart, so the line says how many and never calls that a loss by itself.
    /// </summary>
    private static async Task<string> CatalogLineAsync(ProvinceCascade province, string name, int k, ProvinceLinkStatus link)
    {
        var changes = $"province: city {name}'s catalog: {link.ChangesForwarded:N0} changes passed up, {link.ChangesAcknowledged:N0} acknowledged, " +
                      $"{link.CatalogPagesSent:N0} pages sent to the province's pulls; ";
        try
        {
            var atCity = await province.Cities[k].CityCatalogAsync(TimeSpan.FromSeconds(10));
            var atProvince = await province.Province.CatalogAsync(name, TimeSpan.FromSeconds(10));
            var differing = atCity.ItemsDifferingFrom(atProvince);
            return changes + (differing == 0
                ? $"the province's copy equals the city's item by item ({atProvince.Online:N0} of {atProvince.Cameras:N0} cameras online)"
                : $"the province's copy is {differing:N0} of {atCity.Cameras:N0} items apart from the city's (changes still climbing when it was read, or lost)");
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            return changes + "the catalogs could not be compared: the city or the province did not answer";
        }
    }
}
