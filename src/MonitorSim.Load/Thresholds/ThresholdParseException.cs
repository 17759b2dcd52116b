namespace MonitorSim.Load.Thresholds;

/// <summary>A threshold expression that does not follow <c>&lt;metric&gt; &lt;op&gt; &lt;number&gt;[unit]</c>; <see cref="Column"/> is 1-based within the text.</summary>
public sealed class ThresholdParseException : FormatException
{
    public ThresholdParseException(string text, int column, string reason)
        : base($"column {column}: {reason} in threshold '{text}'")
    {
        Text = text;
        Column = column;
        Reason = reason;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>1-based column of the offending character inside <see cref="Text"/>.</summary>
    public int Column { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }
}
