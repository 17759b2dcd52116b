using System.Globalization;
using System.Text;

namespace MonitorSim.Domain.Supervision;

/// <summary>
/// The situations of the city's "zero-obstacle" accountability rules (《百姓办事"零障碍"工程问责办法》, docs/domain.md#accountability-and-warnings): 4
/// categories, 35 situations, one of which every accountability outcome cites by id. Kept as data in
/// <c>Supervision/accountability-situations.csv</c>, embedded in this assembly and read once (<see cref="Standard"/>). The
/// seed gives the counts but not the list, so the file's wording is an assumption (its header says so).
/// </summary>
public sealed class AccountabilityCatalogue
{
    /// <summary>The seed's "4 major categories": a catalogue with another number of categories is refused.</summary>
    public const int CategoryCount = 4;

    /// <summary>How the standard catalogue is named in its errors: the file to mend.</summary>
    public const string StandardFile = "src/MonitorSim.Domain/Supervision/accountability-situations.csv";

    private const string ResourceName = "MonitorSim.Domain.Supervision.accountability-situations.csv";
    private const string HeaderLine = "id,category,situation";

    private AccountabilityCatalogue(IReadOnlyList<AccountabilitySituation> situations)
    {
        Situations = situations;
        Categories = situations.Select(s => s.Category).Distinct().ToList();
    }

    /// <summary>The rules' catalogue, from the embedded file.</summary>
    public static AccountabilityCatalogue Standard { get; } = LoadStandard();

    /// <summary>The situations by id: situation <c>n</c> is at index <c>n − 1</c>.</summary>
    public IReadOnlyList<AccountabilitySituation> Situations { get; }

    /// <summary>The categories in the file's order.</summary>
    public IReadOnlyList<string> Categories { get; }

    public int Count => Situations.Count;

    /// <summary>Whether <paramref name="id"/> is one of the catalogue's situations.</summary>
    public bool Lists(int id) => id >= 1 && id <= Situations.Count;

    /// <summary>The situation with <paramref name="id"/>.</summary>
    public AccountabilitySituation this[int id] => Lists(id)
        ? Situations[id - 1]
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"the accountability rules list situations 1–{Count}");

    /// <summary>Reads a catalogue named <paramref name="file"/> in its errors: lines starting with <c>#</c> and blank lines
    /// are skipped; the first other line is the header <c>id,category,situation</c>; then one situation a line, ids 1, 2, …
    /// in order, a category's situations together, exactly <see cref="CategoryCount"/> categories. A field holding a
    /// comma is quoted, a quote inside doubled. The first problem throws <see cref="AccountabilityCatalogueException"/>
    /// naming the line and the field.</summary>
    public static AccountabilityCatalogue Read(TextReader reader, string file)
    {
        var situations = new List<AccountabilitySituation>();
        var idLines = new Dictionary<int, int>();
        var categoryLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var headerRead = false;
        var line = 0;
        var lastSituationLine = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            var trimmed = text.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#')) continue;
            var fields = Split(text, file, line);
            if (!headerRead)
            {
                if (string.Join(",", fields) != HeaderLine)
                    throw new AccountabilityCatalogueException(file, line, "header", $"expected the header '{HeaderLine}' before the first situation, found '{trimmed}'");
                headerRead = true;
                continue;
            }
            if (fields.Count < 3)
                throw new AccountabilityCatalogueException(file, line, Column(fields.Count), "missing: a situation has an id, a category and a text");
            if (fields.Count > 3)
                throw new AccountabilityCatalogueException(file, line, Column(3), $"the line has {fields.Count} fields, the header 3 (quote a text that holds a comma)");
            var (idText, category, situation) = (fields[0], fields[1], fields[2]);

            if (!int.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                throw new AccountabilityCatalogueException(file, line, "id", $"'{idText}' is not a whole number");
            if (idLines.TryGetValue(id, out var first))
                throw new AccountabilityCatalogueException(file, line, "id", $"duplicate id {id} (first on line {first})");
            if (id != situations.Count + 1)
                throw new AccountabilityCatalogueException(file, line, "id", situations.Count == 0
                    ? $"the first situation is {id}: ids start at 1"
                    : $"id {id} follows {situations.Count}: ids run 1, 2, … without a gap");
            if (string.IsNullOrWhiteSpace(category))
                throw new AccountabilityCatalogueException(file, line, "category", "empty: every situation belongs to a category");
            if (string.IsNullOrWhiteSpace(situation))
                throw new AccountabilityCatalogueException(file, line, "situation", "empty: every situation says what it is");

            if (categoryLines.TryGetValue(category, out var categoryLine))
            {
                // The rules number their articles category by category, so a category that comes back is a misplaced line.
                if (situations[^1].Category != category)
                    throw new AccountabilityCatalogueException(file, line, "category",
                        $"'{category}' (from line {categoryLine}) comes back after '{situations[^1].Category}': keep a category's situations together");
            }
            else
            {
                if (categoryLines.Count == CategoryCount)
                    throw new AccountabilityCatalogueException(file, line, "category",
                        $"'{category}' would be category {CategoryCount + 1}: the rules have {CategoryCount} categories");
                categoryLines[category] = line;
            }
            idLines[id] = line;
            situations.Add(new AccountabilitySituation(id, category, situation));
            lastSituationLine = line;
        }
        if (!headerRead)
            throw new AccountabilityCatalogueException(file, Math.Max(line, 1), "header", $"no header: the file needs the line '{HeaderLine}' and its situations");
        if (situations.Count == 0)
            throw new AccountabilityCatalogueException(file, line, "situation", "no situations after the header");
        if (categoryLines.Count != CategoryCount)
            throw new AccountabilityCatalogueException(file, lastSituationLine, "category",
                $"the situations fall in {categoryLines.Count} categories: the rules have {CategoryCount}");
        return new AccountabilityCatalogue(situations);
    }

    private static AccountabilityCatalogue LoadStandard()
    {
        var assembly = typeof(AccountabilityCatalogue).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"{StandardFile} is not embedded in {assembly.GetName().Name} as {ResourceName}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Read(reader, StandardFile);
    }

    private static string Column(int index) => index switch
    {
        0 => "id",
        1 => "category",
        2 => "situation",
        _ => $"field {index + 1}",
    };

    /// <summary>The line's fields, trimmed; a quoted field keeps its text as written, with doubled quotes made single.</summary>
    private static List<string> Split(string text, string file, int line)
    {
        var fields = new List<string>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && text[i] is ' ' or '\t') i++;
            if (i < text.Length && text[i] == '"')
            {
                var field = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length)
                        throw new AccountabilityCatalogueException(file, line, Column(fields.Count), "a quoted field has no closing quote");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.Append(text[i++]);
                }
                while (i < text.Length && text[i] is ' ' or '\t') i++;
                if (i < text.Length && text[i] != ',')
                    throw new AccountabilityCatalogueException(file, line, Column(fields.Count), "text after the closing quote");
                fields.Add(field.ToString());
            }
            else
            {
                var comma = text.IndexOf(',', i);
                var end = comma < 0 ? text.Length : comma;
                fields.Add(text[i..end].Trim());
                i = end;
            }
            if (i >= text.Length) return fields;
            i++;
        }
    }
}
