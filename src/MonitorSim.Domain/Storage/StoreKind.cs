namespace MonitorSim.Domain.Storage;

/// <summary>What holds a run's journal.</summary>
public enum StoreKind
{
    /// <summary>An embedded SQLite file (the default): one writer, for one node or several on one host.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database: for several nodes or hosts.</summary>
    Postgres,

    /// <summary>Akka's in-memory journal: nothing survives the process (benchmarks, tests that measure the tree alone).</summary>
    Memory,
}
