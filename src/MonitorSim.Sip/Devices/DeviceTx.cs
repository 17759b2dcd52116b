using MonitorSim.Domain.Operations;

namespace MonitorSim.Sip.Devices;

/// <summary>What a camera's client transaction remembers: whose it is, what for, the engine's ticket.</summary>
/// <param name="Retransmits">Re-sends of the operation's earlier transactions (the first REGISTER of a registration).</param>
/// <param name="Attempt">Authorised REGISTERs sent so far (a stale nonce earns one more).</param>
public readonly record struct DeviceTx(int Device, DeviceOp Op, OpTicket Ticket, int Retransmits = 0, int Attempt = 0);
