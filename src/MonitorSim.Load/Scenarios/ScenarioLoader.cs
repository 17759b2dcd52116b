namespace MonitorSim.Load.Scenarios;

/// <summary>Reads scenario YAML strictly: every problem in a file is reported at once, each with its line, column and field.</summary>
public static class ScenarioLoader
{
    /// <summary>Loads the scenario at <paramref name="path"/>; throws <see cref="ScenarioException"/> listing every problem (a missing file is one).</summary>
    public static ScenarioDefinition Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ScenarioException(new ScenarioError(path, 0, 0, "", $"scenario file not found (looked for {Path.GetFullPath(path)})"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException(new ScenarioError(path, 0, 0, "", $"cannot read the scenario file: {e.Message}"));
        }
        return Parse(text, path);
    }

    /// <summary>Parses scenario YAML; <paramref name="sourceName"/> names it in errors and becomes <see cref="ScenarioDefinition.SourceFile"/>.</summary>
    public static ScenarioDefinition Parse(string yamlText, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(sourceName);
        return new ScenarioReader(sourceName).Read(yamlText);
    }
}
