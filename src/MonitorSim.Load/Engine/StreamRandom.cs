namespace MonitorSim.Load.Engine;

/// <summary>
/// The streams' random source: Math.NET's <see cref="MathNet.Numerics.Random.Xorshift"/>, drawing the same numbers, but
/// whose bounded integer draws (<c>Next(n)</c>: a random camera, a service-flow step) allocate nothing. Math.NET's
/// <c>RandomSource</c> takes an N-bit sample through a new 4-byte array on every call, 32 bytes of garbage per drawn
/// operation on the generator's thread; here the four bytes are this source's own, filled by the same
/// <c>DoSampleBytes</c> and read the same way, so every draw is what the plain source would give (a test holds them
/// equal). Not thread-safe, like the sources it replaces (each belongs to one stream on the generator thread).
/// </summary>
internal sealed class StreamRandom(int seed) : MathNet.Numerics.Random.Xorshift(seed, threadSafe: false)
{
    private readonly byte[] _sample = new byte[4];

    /// <summary>An integer of <paramref name="bitCount"/> uniform random bits, as Math.NET's base class computes it: the
    /// top bits of a little-endian 32-bit word of sampled bytes (none drawn for 0 bits).</summary>
    protected override int DoSampleInt32WithNBits(int bitCount)
    {
        if (bitCount == 0) return 0;
        DoSampleBytes(_sample);
        return (int)(BitConverter.ToUInt32(_sample, 0) >> (32 - bitCount));
    }
}
