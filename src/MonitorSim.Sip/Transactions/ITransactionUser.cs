namespace MonitorSim.Sip.Transactions;

/// <summary>Hears of client transactions that timed out (timer F): no final response within 64·T1.</summary>
public interface ITransactionUser<TState>
    where TState : struct
{
    void OnTimeout(in TState state, int retransmits);
}
