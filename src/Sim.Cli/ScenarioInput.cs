using Sim.Scenarios;

namespace Sim.Cli;

/// <summary>Loads the scenario a command names (or the built-in seed stack), with overrides and a phase filter; bad input becomes a <see cref="UserInputException"/>.</summary>
internal static class ScenarioInput
{
    /// <summary>The phases to run, in scenario order.</summary>
    /// <param name="file">The scenario file, or null for the built-in seed stack.</param>
    /// <param name="overrides">path=value overrides, applied before the phases.</param>
    /// <param name="wanted">Phase names to keep; empty for all.</param>
    public static List<ScenarioPhase> Load(FileInfo? file, IReadOnlyList<string> overrides, IReadOnlyCollection<string> wanted)
    {
        string source = file?.FullName ?? BuiltInScenarios.SeedStackName + " (built-in)";
        ScenarioLoadResult loaded = file is null
            ? ScenarioLoader.Load(BuiltInScenarios.SeedStack(), source, overrides)
            : ScenarioLoader.LoadFile(file.FullName, overrides);
        if (!loaded.Succeeded)
            throw new UserInputException($"{source}: {loaded.Errors.Count} problem(s):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", loaded.Errors));
        foreach (string name in wanted)
            if (loaded.Phases.All(p => p.Name != name))
                throw new UserInputException($"--phase: '{name}' is not a phase of {source}; phases: {string.Join(", ", loaded.Phases.Select(p => p.Name))}.");
        return loaded.Phases.Where(p => wanted.Count == 0 || wanted.Contains(p.Name)).ToList();
    }
}
