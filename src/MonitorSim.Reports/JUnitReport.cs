using System.Globalization;
using System.Xml.Linq;
using MonitorSim.Load.Results;

namespace MonitorSim.Reports;

/// <summary>One verdict as a JUnit test case: a threshold, a <c>compare --fail-on</c> rule on one run, a sizing check.</summary>
/// <param name="Value">The measured figure; a failure carries it in its message, so a CI server shows it.</param>
/// <param name="Error">The case could not be judged (the run itself failed, a metric is missing): written as an error.</param>
/// <param name="Skipped">Not judged, and why (e.g. no held-out step to predict).</param>
public sealed record JUnitCase(string Name, bool Passed, double? Value, string Message, string? Error = null, string? Skipped = null);

/// <summary>
/// Writes the JUnit XML that CI servers read (Jenkins, GitLab, GitHub and Azure test reporters): one
/// <c>&lt;testsuite&gt;</c> per command, one <c>&lt;testcase&gt;</c> per verdict, <c>&lt;failure&gt;</c> with the measured
/// value where a verdict failed. Built with System.Xml.Linq, so names and messages are escaped as XML requires.
/// </summary>
public static class JUnitReport
{
    /// <summary>A run's (or a replay's) thresholds, one case each; a run that was stopped or failed in itself adds a case
    /// <c>run ended</c> that says so, so a partial run never reads as a clean pass.</summary>
    public static IReadOnlyList<JUnitCase> Cases(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var cases = result.Thresholds.Select(t => new JUnitCase(t.Expr, t.Passed, t.Value,
            $"measured {(t.Value is { } v ? Number(v) : "nothing (the metric was not measured)")}{(t.Error is { } why ? $" ({why})" : "")}")).ToList();
        var end = result.Run.End;
        if (end.Kind != RunEnding.Completed)
            cases.Add(new JUnitCase("run ended", false, null, end.Reason ?? end.Name, Error: end.Reason ?? end.Name));
        return cases;
    }

    /// <summary>Writes <paramref name="cases"/> as one suite named <paramref name="suite"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, string suite, string className, IReadOnlyList<JUnitCase> cases, double timeS)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
        Render(suite, className, cases, timeS).Save(path);
    }

    public static XDocument Render(string suite, string className, IReadOnlyList<JUnitCase> cases, double timeS)
    {
        var failures = cases.Count(c => !c.Passed && c.Error is null && c.Skipped is null);
        var errors = cases.Count(c => c.Error is not null);
        var skipped = cases.Count(c => c.Skipped is not null);
        var time = Number(timeS);
        var suiteElement = new XElement("testsuite",
            new XAttribute("name", suite), new XAttribute("tests", cases.Count), new XAttribute("failures", failures),
            new XAttribute("errors", errors), new XAttribute("skipped", skipped), new XAttribute("time", time),
            new XAttribute("timestamp", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            cases.Select(c => Case(className, c)));
        return new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites", new XAttribute("name", "monitorsim"), new XAttribute("tests", cases.Count),
                new XAttribute("failures", failures), new XAttribute("errors", errors), new XAttribute("time", time), suiteElement));
    }

    private static XElement Case(string className, JUnitCase c)
    {
        var element = new XElement("testcase", new XAttribute("classname", className), new XAttribute("name", c.Name), new XAttribute("time", "0"));
        if (c.Skipped is { } why) element.Add(new XElement("skipped", new XAttribute("message", why)));
        else if (c.Error is { } error) element.Add(new XElement("error", new XAttribute("message", error), error));
        else if (!c.Passed) element.Add(new XElement("failure", new XAttribute("message", c.Message), new XAttribute("type", "threshold"), c.Message));
        // The measured figure of a passed case too (the surefire schema has no value attribute; system-out is shown by every reader).
        element.Add(new XElement("system-out", c.Message));
        return element;
    }

    private static string Number(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
