using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MonitorSim.Sip.Transport;

/// <summary>
/// Numbers the far addresses a UDP transport meets, so a route is two ints and a registration keeps no address
/// object: a loopback load of a million devices has a handful of addresses, real devices one each. A known address
/// is found without allocating (the receive loop's reused <see cref="SocketAddress"/> is only copied when new).
/// </summary>
internal sealed class PeerBook
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SocketAddress, int> _ids = [];
    private Peer[] _peers = new Peer[16];
    private int _count;

    public int Intern(SocketAddress address)
    {
        lock (_gate)
        {
            if (_ids.TryGetValue(address, out var id)) return id;
            var copy = new SocketAddress(address.Family, address.Size);
            address.Buffer.CopyTo(copy.Buffer);
            var endpoint = (IPEndPoint)new IPEndPoint(address.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0).Create(copy);
            if (_count == _peers.Length) Array.Resize(ref _peers, _count * 2);
            id = _count++;
            _peers[id] = new Peer(copy, Encoding.ASCII.GetBytes(endpoint.Address.ToString()), endpoint.Port);
            _ids[copy] = id;
            return id;
        }
    }

    public SocketAddress Address(int id) => Volatile.Read(ref _peers)[id].Address;

    public byte[] Host(int id) => Volatile.Read(ref _peers)[id].Host;

    public int Port(int id) => Volatile.Read(ref _peers)[id].Port;

    private readonly record struct Peer(SocketAddress Address, byte[] Host, int Port);
}
