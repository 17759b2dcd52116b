namespace MonitorSim.Domain.Supervision;

/// <summary>An accountability catalogue file could not be read: where (file, 1-based line, field) and why.</summary>
public sealed class AccountabilityCatalogueException(string file, int line, string field, string problem)
    : FormatException($"{file}:{line}: {field}: {problem}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Field { get; } = field;
}
