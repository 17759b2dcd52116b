namespace MonitorSim.Sizing.Usl;

/// <summary>Why a USL could not be fitted, in the words a report prints: the fitter's message without .NET's
/// "(Parameter 'points')" suffix.</summary>
public static class UslFitProblem
{
    public static string Of(Exception e) =>
        e is ArgumentException { ParamName: { } name } a ? a.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
}
