namespace MonitorSim.Domain.Topology;

/// <summary>Largest-remainder (Hamilton) apportionment: splits an integer total by weights so the parts sum exactly.</summary>
internal static class Apportionment
{
    /// <summary>
    /// Gives every slot <paramref name="minimum"/>, then shares the rest in proportion to <paramref name="weights"/>;
    /// leftover units go to the largest fractional parts, ties to the lower index, so the result is reproducible.
    /// </summary>
    public static void LargestRemainder(ReadOnlySpan<double> weights, int total, int minimum, Span<int> result)
    {
        var n = weights.Length;
        if (result.Length != n) throw new ArgumentException("result must be as long as weights", nameof(result));
        if (n == 0)
        {
            if (total != 0) throw new ArgumentException("cannot share a non-zero total among no slots", nameof(total));
            return;
        }

        long rest = total - (long)minimum * n;
        if (rest < 0) throw new ArgumentException($"total {total} is below {n} × minimum {minimum}", nameof(total));

        var sum = 0.0;
        foreach (var w in weights)
        {
            if (!(w >= 0) || double.IsInfinity(w)) throw new ArgumentException("weights must be finite and non-negative", nameof(weights));
            sum += w;
        }

        // All-zero weights would divide by zero; an even split is the only neutral answer.
        var uniform = sum <= 0;
        var fractions = new double[n];
        long given = 0;
        for (var i = 0; i < n; i++)
        {
            var quota = uniform ? (double)rest / n : weights[i] / sum * rest;
            var whole = Math.Floor(quota);
            result[i] = minimum + (int)whole;
            fractions[i] = quota - whole;
            given += (long)whole;
        }

        var leftover = rest - given;
        if (leftover == 0) return;

        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        // A total order (fraction descending, then index) keeps the unstable Array.Sort deterministic.
        Array.Sort(order, (a, b) =>
        {
            var c = fractions[b].CompareTo(fractions[a]);
            return c != 0 ? c : a.CompareTo(b);
        });

        // Rounding error in the quotas can leave the floors a unit or two off in either direction.
        var k = 0;
        while (leftover > 0)
        {
            result[order[k % n]]++;
            leftover--;
            k++;
        }

        k = n - 1;
        while (leftover < 0)
        {
            var i = order[((k % n) + n) % n];
            if (result[i] > minimum)
            {
                result[i]--;
                leftover++;
            }

            k--;
        }
    }
}
