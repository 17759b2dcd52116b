namespace MonitorSim.Reports;

/// <summary>A table cell; identifiers are marked as code so Markdown needs no escaping inside them, hops are indented.</summary>
internal sealed record Cell(string Text, bool Code = false, bool Hop = false, bool Numeric = false)
{
    public static implicit operator Cell(string text) => new(text);

    public static Cell Num(string text) => new(text, Numeric: true);

    public static Cell Id(string text) => new(text, Code: true);
}

/// <summary>One block of report content, rendered the same way in Markdown and HTML.</summary>
internal abstract record ReportBlock;

/// <summary>A table with a header row.</summary>
internal sealed record TableBlock(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<Cell>> Rows) : ReportBlock;

/// <summary>Plain prose.</summary>
internal sealed record ParagraphBlock(string Text) : ReportBlock;

/// <summary>A bulleted list; each item is plain prose.</summary>
internal sealed record ListBlock(IReadOnlyList<string> Items) : ReportBlock;

/// <summary>A chart; only the HTML report draws it.</summary>
/// <param name="Group">Which series the chart draws where it can draw several kinds (null: per operation; "streams": per stream).</param>
internal sealed record ChartBlock(ChartKind Kind, string Caption, string? Group = null) : ReportBlock;

/// <summary>A titled section of the report.</summary>
internal sealed record ReportSection(string Title, IReadOnlyList<ReportBlock> Blocks);

/// <summary>The charts the HTML report embeds.</summary>
internal enum ChartKind
{
    Throughput,
    LatencyP99,
    LatencyDistribution,
    GeneratorLag,
    Tree,
}
