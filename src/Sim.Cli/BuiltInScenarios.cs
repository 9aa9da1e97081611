namespace Sim.Cli;

/// <summary>Scenarios shipped inside the tool, so the first command needs no files and 'sim init' has something to write.</summary>
internal static class BuiltInScenarios
{
    public const string SeedStackName = "seed-stack.json";

    /// <summary>The seed document's stack (scenarios/seed-stack.json at build time).</summary>
    public static string SeedStack() => Read(SeedStackName);

    /// <summary>Every shipped file as (path relative to the scenarios folder, text), the seed stack first.</summary>
    public static IEnumerable<(string Path, string Text)> All()
    {
        yield return (SeedStackName, SeedStack());
        foreach (string name in typeof(BuiltInScenarios).Assembly.GetManifestResourceNames().Where(n => n.StartsWith("scenarios/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            yield return (name["scenarios/".Length..].Replace('\\', '/'), Read(name));
    }

    private static string Read(string name)
    {
        using Stream stream = typeof(BuiltInScenarios).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The built-in scenario '{name}' is missing from the tool.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
