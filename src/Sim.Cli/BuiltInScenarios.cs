namespace Sim.Cli;

/// <summary>Scenarios shipped inside the tool, so the first command needs no files.</summary>
internal static class BuiltInScenarios
{
    public const string SeedStackName = "seed-stack.json";

    /// <summary>The seed document's stack (scenarios/seed-stack.json at build time).</summary>
    public static string SeedStack()
    {
        using Stream stream = typeof(BuiltInScenarios).Assembly.GetManifestResourceStream(SeedStackName)
            ?? throw new InvalidOperationException("The built-in seed scenario is missing from the tool.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
