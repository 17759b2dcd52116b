using System.Buffers;

namespace MonitorSim.Sip.Transport;

/// <summary>
/// Buffers for requests a UDP transaction keeps until it ends (for retransmission). Tens of thousands can be in
/// flight, more than the shared array pool keeps per size, so the common size is pooled here; larger ones (catalog
/// pages over TCP) come from the shared pool.
/// </summary>
public sealed class BufferPool
{
    /// <summary>Size of the pooled buffers: every GB/T 28181 request but a large catalog page fits.</summary>
    public const int Size = 2048;

    private readonly Lock _gate = new();
    private readonly Stack<byte[]> _free = new();

    public byte[] Rent(int minimum = Size)
    {
        if (minimum > Size) return ArrayPool<byte>.Shared.Rent(minimum);
        lock (_gate)
        {
            if (_free.TryPop(out var buffer)) return buffer;
        }
        return new byte[Size];
    }

    public void Return(byte[] buffer)
    {
        if (buffer.Length != Size)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return;
        }
        lock (_gate) _free.Push(buffer);
    }
}
