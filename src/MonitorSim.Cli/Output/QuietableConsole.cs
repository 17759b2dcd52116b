using Spectre.Console;
using Spectre.Console.Rendering;

namespace MonitorSim.Cli.Output;

/// <summary>
/// The console every command writes to. With <c>--quiet</c> it drops what commands print, except what goes through
/// <see cref="ConsoleLines"/>: errors (a pipeline must still say why it stopped) and the verdict line.
/// </summary>
internal sealed class QuietableConsole(IAnsiConsole real) : IAnsiConsole
{
    /// <summary>The console underneath, written to whether quiet or not.</summary>
    public IAnsiConsole Real { get; } = real;

    public bool Quiet { get; set; }

    public Profile Profile => Real.Profile;
    public IAnsiConsoleCursor Cursor => Real.Cursor;
    public IAnsiConsoleInput Input => Real.Input;
    public IExclusivityMode ExclusivityMode => Real.ExclusivityMode;
    public RenderPipeline Pipeline => Real.Pipeline;

    public void Clear(bool home)
    {
        if (!Quiet) Real.Clear(home);
    }

    public void Write(IRenderable renderable)
    {
        if (!Quiet) Real.Write(renderable);
    }

    public void WriteAnsi(Action<AnsiWriter> action)
    {
        if (!Quiet) Real.WriteAnsi(action);
    }
}

/// <summary>The lines every command prints the same way: errors, the verdict, and the files it wrote (last).</summary>
internal static class ConsoleLines
{
    private static IAnsiConsole Always(IAnsiConsole console) => console is QuietableConsole q ? q.Real : console;

    /// <summary><c>error: …</c>, shown even with --quiet.</summary>
    public static void Error(this IAnsiConsole console, FormattableString message)
    {
        var real = Always(console);
        real.Markup("[red]error:[/] ");
        real.MarkupLineInterpolated(System.Globalization.CultureInfo.InvariantCulture, message);
    }

    /// <summary>The command's one-line verdict (<c>PASS: …</c>, <c>FAIL: …</c>), the only line --quiet keeps.</summary>
    public static void Verdict(this IAnsiConsole console, string verdict, string detail, bool good)
    {
        var colour = good ? "green" : "red";
        Always(console).MarkupLine($"[bold {colour}]{Markup.Escape(verdict)}[/]: {Markup.Escape(detail)}");
    }

    /// <summary>The files a command wrote, printed last so a script can take them from the end of the output.</summary>
    public static void Files(this IAnsiConsole console, IEnumerable<string?> paths)
    {
        foreach (var path in paths.OfType<string>().Where(p => File.Exists(p) || Directory.Exists(p)))
            console.MarkupLineInterpolated($"wrote {Path.GetFullPath(path)}");
    }
}
