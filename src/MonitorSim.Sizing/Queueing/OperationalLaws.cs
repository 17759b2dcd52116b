namespace MonitorSim.Sizing.Queueing;

/// <summary>
/// The operational laws (Denning and Buzen): identities between quantities measured over one observation period, true
/// whatever the arrival or service distributions. Throughput X in completions per second, times in seconds, utilisation
/// U as a share of the period (0–1) averaged over a tier's <c>servers</c> (cores, disks, connections).
/// </summary>
public static class OperationalLaws
{
    /// <summary>Service demand D = U·c / X: the busy seconds one completion costs a tier of c servers (the utilisation law,
    /// U = X·D/c, solved for D). For one operation on a tier measured alone, or with its share of the tier's busy time.</summary>
    public static double ServiceDemandSeconds(double utilisation, double throughputPerSecond, int servers = 1)
    {
        CheckUtilisation(utilisation);
        CheckPositive(throughputPerSecond, nameof(throughputPerSecond));
        CheckServers(servers);
        return utilisation * servers / throughputPerSecond;
    }

    /// <summary>Service demand D = B / C from a tier's busy seconds B over C completions in the same period.</summary>
    public static double ServiceDemandFromBusyTime(double busySeconds, long completions)
    {
        if (!double.IsFinite(busySeconds) || busySeconds < 0) throw new ArgumentOutOfRangeException(nameof(busySeconds), busySeconds, "must be a finite time >= 0");
        if (completions <= 0) throw new ArgumentOutOfRangeException(nameof(completions), completions, "needs at least one completion");
        return busySeconds / completions;
    }

    /// <summary>The utilisation law, U = X·D / c: how busy a tier of c servers is at throughput X.</summary>
    public static double Utilisation(double throughputPerSecond, double serviceDemandSeconds, int servers = 1)
    {
        CheckNonNegative(throughputPerSecond, nameof(throughputPerSecond));
        CheckNonNegative(serviceDemandSeconds, nameof(serviceDemandSeconds));
        CheckServers(servers);
        return throughputPerSecond * serviceDemandSeconds / servers;
    }

    /// <summary>Little's law, N = X·R: the mean number in the system (in flight) at throughput X and mean response time R.</summary>
    public static double Concurrency(double throughputPerSecond, double responseTimeSeconds)
    {
        CheckNonNegative(throughputPerSecond, nameof(throughputPerSecond));
        CheckNonNegative(responseTimeSeconds, nameof(responseTimeSeconds));
        return throughputPerSecond * responseTimeSeconds;
    }

    /// <summary>Little's law solved for R = N / X.</summary>
    public static double ResponseTimeSeconds(double concurrency, double throughputPerSecond)
    {
        CheckNonNegative(concurrency, nameof(concurrency));
        CheckPositive(throughputPerSecond, nameof(throughputPerSecond));
        return concurrency / throughputPerSecond;
    }

    /// <summary>The bottleneck bound X ≤ c / D for each tier: the highest throughput any tier allows, given per tier its
    /// service demand and servers. The tier with the largest D / c saturates first.</summary>
    public static double MaxThroughputPerSecond(IEnumerable<(double ServiceDemandSeconds, int Servers)> tiers)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        var bound = double.PositiveInfinity;
        foreach (var (demand, servers) in tiers)
        {
            CheckPositive(demand, nameof(tiers));
            CheckServers(servers);
            bound = Math.Min(bound, servers / demand);
        }
        if (double.IsPositiveInfinity(bound)) throw new ArgumentException("needs at least one tier", nameof(tiers));
        return bound;
    }

    private static void CheckUtilisation(double u)
    {
        if (!double.IsFinite(u) || u < 0 || u > 1) throw new ArgumentOutOfRangeException(nameof(u), u, "utilisation is a share from 0 to 1");
    }

    private static void CheckPositive(double v, string name)
    {
        if (!double.IsFinite(v) || v <= 0) throw new ArgumentOutOfRangeException(name, v, "must be a finite number > 0");
    }

    private static void CheckNonNegative(double v, string name)
    {
        if (!double.IsFinite(v) || v < 0) throw new ArgumentOutOfRangeException(name, v, "must be a finite number >= 0");
    }

    private static void CheckServers(int servers)
    {
        if (servers < 1) throw new ArgumentOutOfRangeException(nameof(servers), servers, "needs at least 1 server");
    }
}
