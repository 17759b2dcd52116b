using MonitorSim.TestSupport;

namespace MonitorSim.Reports.Tests.Documentation;

/// <summary>The repository documents itself: links and citations point to files and headings that are in it.</summary>
public sealed class DocumentationLinkTests
{
    [Fact]
    public void Every_link_and_markdown_citation_in_the_repository_resolves_to_a_file_and_heading_in_it()
    {
        var problems = DocumentationLinks.Problems(RepoPaths.Root());

        Assert.True(problems.Count == 0, "broken documentation links:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void The_docs_the_readme_links_to_are_all_there()
    {
        var root = RepoPaths.Root();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));

        foreach (var doc in new[] { "architecture", "domain", "scenarios", "measurement", "results", "running", "sizing", "replay" })
        {
            Assert.Contains($"(docs/{doc}.md)", readme);
            Assert.True(File.Exists(Path.Combine(root, "docs", doc + ".md")), $"docs/{doc}.md is missing");
        }
    }

    [Fact]
    public void The_readme_keeps_the_two_commands_exactly()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root(), "README.md"));

        Assert.Contains("dotnet run --project src/MonitorSim.Cli -- run\n", readme);
        Assert.Contains("dotnet test MonitorSim.sln\n", readme);
    }

    [Theory]
    [InlineData("The seam: `IMonitoringTree`", "the-seam-imonitoringtree")]
    [InlineData("The seed's figures", "the-seeds-figures")]
    [InlineData("Where a run is started, measured and reported", "where-a-run-is-started-measured-and-reported")]
    [InlineData("Sizing: past the latency knee", "sizing-past-the-latency-knee")]
    [InlineData("See [the guide](guide.md) now", "see-the-guide-now")]
    [InlineData("max_in_flight and Ü", "max_in_flight-and-ü")]
    public void A_heading_gets_the_anchor_GitHub_gives_it(string heading, string anchor) =>
        Assert.Equal(anchor, DocumentationLinks.Slug(heading));

    [Fact]
    public void A_repeated_heading_gets_a_numbered_anchor_and_headings_in_code_blocks_get_none()
    {
        var anchors = DocumentationLinks.Anchors(["# Run", "## Options", "```sh", "# not a heading", "```", "## Options"]);

        Assert.Equal(new HashSet<string> { "run", "options", "options-1" }, anchors);
    }

    [Fact]
    public void A_link_to_a_missing_file_or_heading_is_reported_with_its_line()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("target.md"), "# Target\n\n## Real heading\n");
        File.WriteAllText(dir.File("page.md"), string.Join("\n",
            "# Page",
            "[good](target.md#real-heading) and [self](#page) and [web](https://example.org/x.md)",
            "[gone](missing.md)",
            "[no heading](target.md#imagined)",
            "`[in code](missing-too.md)`",
            "```",
            "[in a block](missing-three.md)",
            "```"));

        var problems = DocumentationLinks.BrokenLinks(dir.Path, dir.File("page.md")).ToList();

        Assert.Equal(2, problems.Count);
        Assert.StartsWith("page.md:3: link to 'missing.md': no such file", problems[0]);
        Assert.StartsWith("page.md:4: link to 'target.md#imagined': target.md has no heading '#imagined'", problems[1]);
    }

    [Fact]
    public void Code_citing_a_markdown_file_outside_the_repository_or_a_missing_heading_is_reported()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "docs"));
        File.WriteAllText(Path.Combine(dir.Path, "docs", "domain.md"), "# Domain\n\n## Alarms\n");
        File.WriteAllText(dir.File("README.md"), "# Readme\n");
        // Written in pieces, so that the repository's own check does not read them as citations of this file.
        var design = "DESIGN" + ".md";
        var missingHeading = "docs/domain.md" + "#catalog";
        var nowhere = "docs/nowhere" + ".md";
        File.WriteAllText(dir.File("Code.cs"), string.Join("\n",
            "/// <summary>Per hop (docs/domain.md#alarms), see README.md.</summary>",
            $"// One writer ({design}).",
            "// Writes report.md and sizing.md into the run's folder.",
            $"// See {missingHeading}.",
            $"// See {nowhere}."));

        var problems = DocumentationLinks.MissingCitations(dir.Path, dir.File("Code.cs")).ToList();

        Assert.Equal(
        [
            $"Code.cs:2: cites {design}, which is not in the repository",
            $"Code.cs:4: cites {missingHeading}, and docs/domain.md has no such heading",
            $"Code.cs:5: cites {nowhere}, which is not in the repository",
        ], problems);
    }
}
