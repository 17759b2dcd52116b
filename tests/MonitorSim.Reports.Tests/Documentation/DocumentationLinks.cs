using System.Text;
using System.Text.RegularExpressions;

namespace MonitorSim.Reports.Tests.Documentation;

/// <summary>
/// Checks that the repository's documentation stands on its own: every relative link in a Markdown file points to a file
/// (and, with <c>#anchor</c>, a heading) that exists, and every Markdown file that code, comments, scenarios or docs cite
/// is in the repository. Written here rather than taken from a Markdown linter because the second check is about our
/// own citation habits (<c>docs/domain.md#alarms</c> in a comment), which no linter knows.
/// </summary>
internal static partial class DocumentationLinks
{
    private static readonly string[] SkippedFolders = ["bin", "obj", ".git", "TestResults", "reports", "data", "node_modules"];

    private static readonly string[] CitingExtensions = [".cs", ".md", ".yaml", ".yml", ".csv", ".csproj", ".props", ".targets"];

    // [text](target) and ![alt](target), with an optional "title"; the target has no spaces.
    [GeneratedRegex("""!?\[(?<text>[^\]]*)\]\((?<target>[^)\s]+)(?:\s+"[^"]*")?\)""", RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();

    // A Markdown file named in text: a path or name ending in .md, and perhaps an anchor.
    [GeneratedRegex(@"(?<![\w./-])(?<path>[\w./-]*[\w-]\.md)(?![\w])(?<anchor>#[\w-]+)?", RegexOptions.CultureInvariant)]
    private static partial Regex CitationPattern();

    [GeneratedRegex(@"^(?<hashes>#{1,6})\s+(?<text>.+?)\s*#*\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"`[^`]*`", RegexOptions.CultureInvariant)]
    private static partial Regex InlineCode();

    /// <summary>Every problem in the repository at <paramref name="root"/>, as <c>file:line: what</c>.</summary>
    public static List<string> Problems(string root)
    {
        var problems = new List<string>();
        foreach (var file in Files(root, [".md"]))
            problems.AddRange(BrokenLinks(root, file));
        foreach (var file in Files(root, CitingExtensions))
            problems.AddRange(MissingCitations(root, file));
        return problems;
    }

    /// <summary>The relative links of Markdown file <paramref name="file"/> whose file or heading does not exist.</summary>
    public static IEnumerable<string> BrokenLinks(string root, string file)
    {
        var lines = File.ReadAllLines(file);
        foreach (var (line, number) in OutsideCodeBlocks(lines))
        {
            foreach (Match m in LinkPattern().Matches(InlineCode().Replace(line, "")))
            {
                var target = m.Groups["target"].Value;
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
                var hash = target.IndexOf('#', StringComparison.Ordinal);
                var pathPart = hash < 0 ? target : target[..hash];
                var anchor = hash < 0 ? null : target[(hash + 1)..];
                var resolved = pathPart.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, pathPart));
                var where = $"{Relative(root, file)}:{number}";
                if (!File.Exists(resolved) && !Directory.Exists(resolved))
                {
                    yield return $"{where}: link to '{target}': no such file";
                    continue;
                }
                if (anchor is not null && !HasAnchor(resolved, anchor))
                    yield return $"{where}: link to '{target}': {Relative(root, resolved)} has no heading '#{anchor}'";
            }
        }
    }

    /// <summary>The Markdown files <paramref name="file"/> cites that are not in the repository (or lack the heading cited).
    /// A citation is a path (<c>docs/domain.md</c>) or a capitalised name (<c>README.md</c>); a bare lower-case name
    /// (<c>report.md</c>) or a path into the output folder <c>reports/</c> is a file a command writes, not a document.</summary>
    public static IEnumerable<string> MissingCitations(string root, string file)
    {
        var lines = File.ReadAllLines(file);
        var allMarkdown = new Lazy<HashSet<string>>(() =>
            Files(root, [".md"]).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal));
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (Match m in CitationPattern().Matches(lines[i]))
            {
                var cited = m.Groups["path"].Value;
                if (cited.StartsWith("//", StringComparison.Ordinal)) continue; // the rest of a URL
                if (cited.StartsWith("reports/", StringComparison.Ordinal)) continue; // a file a command writes, in its output folder
                var isPath = cited.Contains('/', StringComparison.Ordinal);
                if (!isPath && !char.IsAsciiLetterUpper(cited[0])) continue;
                var where = $"{Relative(root, file)}:{i + 1}";
                string? resolved;
                if (isPath)
                {
                    resolved = new[] { Path.Combine(root, cited), Path.Combine(Path.GetDirectoryName(file)!, cited) }
                        .Select(Path.GetFullPath).FirstOrDefault(File.Exists);
                }
                else if (File.Exists(Path.Combine(root, cited)))
                {
                    resolved = Path.Combine(root, cited);
                }
                else
                {
                    // A name found only in a subfolder (a README.md beside its files) exists; which one is meant is not
                    // known, so its anchors are not checked.
                    if (allMarkdown.Value.Contains(cited)) continue;
                    resolved = null;
                }
                if (resolved is null)
                {
                    yield return $"{where}: cites {cited}, which is not in the repository";
                    continue;
                }
                var anchor = m.Groups["anchor"].Value;
                if (anchor.Length > 0 && !HasAnchor(resolved, anchor[1..]))
                    yield return $"{where}: cites {cited}{anchor}, and {Relative(root, resolved)} has no such heading";
            }
        }
    }

    /// <summary>Whether Markdown file <paramref name="file"/> has a heading whose anchor is <paramref name="anchor"/>.</summary>
    public static bool HasAnchor(string file, string anchor) =>
        Path.GetExtension(file) == ".md" && Anchors(File.ReadAllLines(file)).Contains(anchor);

    /// <summary>The anchors GitHub gives a document's headings: the heading's text lower-cased, without punctuation,
    /// spaces turned into hyphens, and "-1", "-2" … added to repeats.</summary>
    public static HashSet<string> Anchors(IReadOnlyList<string> lines)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, _) in OutsideCodeBlocks(lines))
        {
            var m = HeadingPattern().Match(line);
            if (!m.Success) continue;
            var slug = Slug(m.Groups["text"].Value);
            if (seen.TryGetValue(slug, out var n))
            {
                seen[slug] = n + 1;
                anchors.Add($"{slug}-{n + 1}");
            }
            else
            {
                seen[slug] = 0;
                anchors.Add(slug);
            }
        }
        return anchors;
    }

    /// <summary>A heading's anchor as GitHub makes it.</summary>
    public static string Slug(string heading)
    {
        // Links and code keep their text only.
        var text = LinkPattern().Replace(heading, m => m.Groups["text"].Value);
        var slug = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_') slug.Append(c);
            else if (c == ' ') slug.Append('-');
        }
        return slug.ToString();
    }

    /// <summary>The lines that are not inside fenced code blocks, with their 1-based numbers.</summary>
    private static IEnumerable<(string Line, int Number)> OutsideCodeBlocks(IReadOnlyList<string> lines)
    {
        string? fence = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (fence is null && (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal)))
            {
                fence = trimmed[..3];
                continue;
            }
            if (fence is not null)
            {
                if (trimmed.StartsWith(fence, StringComparison.Ordinal)) fence = null;
                continue;
            }
            yield return (lines[i], i + 1);
        }
    }

    private static IEnumerable<string> Files(string root, string[] extensions)
    {
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(dir))
                if (!SkippedFolders.Contains(Path.GetFileName(sub))) pending.Push(sub);
            foreach (var file in Directory.EnumerateFiles(dir))
                if (extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase)) yield return file;
        }
    }

    private static string Relative(string root, string file) => Path.GetRelativePath(root, file).Replace('\\', '/');
}
