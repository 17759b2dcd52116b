using System.Diagnostics.Metrics;

namespace MonitorSim.Telemetry.Tests;

/// <summary>Reads every instrument of one meter on demand, as an exporter's collection would.</summary>
internal sealed class Readings : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Instrument> _instruments = [];
    private Dictionary<(string Name, string? Operation), double> _values = [];

    public Readings(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!ReferenceEquals(instrument.Meter, meter)) return;
            lock (_lock) _instruments[instrument.Name] = instrument;
            listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    public IReadOnlyDictionary<string, Instrument> Instruments
    {
        get { lock (_lock) return new Dictionary<string, Instrument>(_instruments); }
    }

    /// <summary>One collection: every observed value by instrument name and <c>operation</c> tag (null when untagged).</summary>
    public IReadOnlyDictionary<(string Name, string? Operation), double> Collect()
    {
        lock (_lock) _values = [];
        _listener.RecordObservableInstruments();
        lock (_lock) return _values;
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? operation = null;
        foreach (var tag in tags)
            if (tag.Key == LiveMetrics.OperationTag) operation = (string?)tag.Value;
        lock (_lock)
        {
            Assert.False(_values.ContainsKey((instrument.Name, operation)), $"{instrument.Name} reported {operation ?? "(untagged)"} twice in one collection");
            _values[(instrument.Name, operation)] = value;
        }
    }
}
