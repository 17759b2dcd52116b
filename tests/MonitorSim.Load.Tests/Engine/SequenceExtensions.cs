namespace MonitorSim.Load.Tests.Engine;

/// <summary>Small LINQ helpers for arrival lists.</summary>
internal static class SequenceExtensions
{
    /// <summary>f applied to each pair of adjacent elements.</summary>
    public static IEnumerable<TResult> Pairwise<T, TResult>(this IEnumerable<T> source, Func<T, T, TResult> f) =>
        source.Zip(source.Skip(1), f);
}
