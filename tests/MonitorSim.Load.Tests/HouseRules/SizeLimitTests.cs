using System.Reflection;
using System.Runtime.CompilerServices;
using MonitorSim.TestSupport;

namespace MonitorSim.Load.Tests.HouseRules;

/// <summary>
/// The house rules on size: no file in src/ over 400 lines unless the README of its folder names it (and so says why), and
/// no type with more than 15 instance fields (record parameters and auto-properties count: each has a backing field)
/// unless the README of its folder names it. The types are those of the assemblies this project loads (Load, Domain,
/// Sizing, Sip); a type's folder is its namespace under src/.
/// </summary>
public sealed class SizeLimitTests
{
    private const int MaxLines = 400;
    private const int MaxFields = 15;

    /// <summary>Types over the limit that are still to be split, with the count they have now: this list may only shrink,
    /// and none of them may grow.</summary>
    private static readonly Dictionary<string, int> StillToSplit = new(StringComparer.Ordinal)
    {
    };

    [Fact]
    public void No_source_file_is_over_400_lines_unless_the_README_of_its_folder_names_it()
    {
        var src = Path.Combine(RepoPaths.Root(), "src");
        var offenders = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (File: f, Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > MaxLines && !ReadmeNames(Path.GetDirectoryName(f.File)!, Path.GetFileName(f.File)))
            .Select(f => $"{Path.GetRelativePath(src, f.File)}: {f.Lines} lines")
            .ToList();
        Assert.True(offenders.Count == 0, "over 400 lines, and no README.md beside them says why: " + string.Join("; ", offenders));
    }

    [Fact]
    public void No_type_has_more_than_15_fields_unless_the_README_of_its_folder_names_it()
    {
        var offenders = Types()
            .Select(t => (Type: t, Fields: InstanceFields(t)))
            .Where(t => t.Fields > MaxFields)
            .Where(t => !(StillToSplit.TryGetValue(Name(t.Type), out var known) && t.Fields <= known))
            .Where(t => !ReadmeNames(FolderOf(t.Type), Name(t.Type)[(Name(t.Type).LastIndexOf('.') + 1)..]))
            .Select(t => $"{Name(t.Type)}: {t.Fields} fields")
            .ToList();
        Assert.True(offenders.Count == 0, "more than 15 fields, and no README.md beside them says why: " + string.Join("; ", offenders));
    }

    [Fact]
    public void The_types_still_to_split_are_still_over_the_limit()
    {
        // A type split below the limit leaves the list, so that it cannot grow back unnoticed.
        var counts = Types().ToDictionary(Name, InstanceFields, StringComparer.Ordinal);
        foreach (var (name, known) in StillToSplit)
        {
            Assert.True(counts.TryGetValue(name, out var now), $"{name} is gone: take it off the list");
            Assert.True(now > MaxFields, $"{name} has {now} fields now: take it off the list");
        }
    }

    [Fact]
    public void Fields_are_counted_with_record_parameters_and_auto_properties()
    {
        Assert.Equal(3, InstanceFields(typeof(Probe)));
    }

    private sealed record Probe(int A, string B)
    {
        public double C { get; init; }

        public static int Shared { get; set; }
    }

    private static IEnumerable<Type> Types() =>
        new[]
        {
            typeof(global::MonitorSim.Load.Engine.LoadEngine), typeof(global::MonitorSim.Domain.Topology.CityTopology),
            typeof(global::MonitorSim.Sizing.Queueing.ErlangC), typeof(global::MonitorSim.Sip.Auth.Digest),
        }
            .Select(t => t.Assembly)
            .SelectMany(a => a.GetTypes())
            .Where(t => !t.IsEnum && !t.IsDefined(typeof(CompilerGeneratedAttribute), false) && !t.FullName!.Contains('<', StringComparison.Ordinal));

    private static int InstanceFields(Type type) =>
        type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly).Length;

    private static string Name(Type type) => type.FullName!.Replace('+', '.');

    /// <summary>src/PROJECT/FOLDER for namespace PROJECT.FOLDER (MonitorSim.Load.Results → src/MonitorSim.Load/Results).</summary>
    private static string FolderOf(Type type)
    {
        var parts = type.Namespace!.Split('.');
        return Path.Combine([RepoPaths.Root(), "src", $"{parts[0]}.{parts[1]}", .. parts[2..]]);
    }

    private static bool ReadmeNames(string folder, string name)
    {
        var readme = Path.Combine(folder, "README.md");
        return File.Exists(readme) && File.ReadAllText(readme).Contains($"`{name}`", StringComparison.Ordinal);
    }
}
