namespace MonitorSim.Sip.Platform;

/// <summary>What the platform keeps with a request it sent: what for, to which device, under which SN.</summary>
public readonly record struct PlatformTx(PlatformOp Op, UInt128 Device, int Sn);
