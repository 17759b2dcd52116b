namespace MonitorSim.Sip.Transactions;

/// <summary>A client transaction's place in its table: slot and generation (a reused slot gets a new generation).</summary>
public readonly record struct TxHandle(int Slot, int Generation);
