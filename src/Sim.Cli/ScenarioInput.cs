using System.Globalization;
using System.Text.Json;
using Sim.Scenarios;
using Sim.Validation;

namespace Sim.Cli;

/// <summary>Loads the scenario a command names (or the built-in seed stack), with overrides and a phase filter; bad input becomes a <see cref="UserInputException"/>.</summary>
internal static class ScenarioInput
{
    /// <summary>The phases to run, in scenario order.</summary>
    /// <param name="file">The scenario file, or null for the built-in seed stack.</param>
    /// <param name="overrides">path=value overrides, applied before the phases.</param>
    /// <param name="wanted">Phase names to keep; empty for all.</param>
    /// <param name="notes">Where to say which overrides a chosen phase patches over (one line each); null: nowhere.</param>
    public static List<ScenarioPhase> Load(FileInfo? file, IReadOnlyList<string> overrides, IReadOnlyCollection<string> wanted, TextWriter? notes = null)
        => Load(file, overrides, wanted, out _, notes);

    /// <summary>As <see cref="Load(FileInfo?, IReadOnlyList{string}, IReadOnlyCollection{string}, TextWriter?)"/>, also giving the scenario's text as read (for a fingerprint).</summary>
    public static List<ScenarioPhase> Load(FileInfo? file, IReadOnlyList<string> overrides, IReadOnlyCollection<string> wanted, out string text, TextWriter? notes = null)
    {
        string source = file?.FullName ?? BuiltInScenarios.SeedStackName + " (built-in)";
        text = file is null ? BuiltInScenarios.SeedStack() : Read(file.FullName);
        ScenarioLoadResult loaded = ScenarioLoader.Load(text, file?.FullName ?? source, overrides);
        if (!loaded.Succeeded) throw Problems(source, loaded.Errors);
        foreach (string name in wanted)
            if (loaded.Phases.All(p => p.Name != name))
                throw new UserInputException($"--phase: '{name}' is not a phase of {source}; phases: {string.Join(", ", loaded.Phases.Select(p => p.Name))}.");
        List<ScenarioPhase> chosen = loaded.Phases.Where(p => wanted.Count == 0 || wanted.Contains(p.Name)).ToList();
        if (notes is not null) WriteReplacedOverrides(chosen.SelectMany(p => p.ReplacedOverrides), notes);
        return chosen;
    }

    /// <summary>
    /// The text of a scenario file: a FIFO, device or socket is refused before it is opened (<see cref="RegularFile"/>), and
    /// a missing, unreadable or oversized file is refused as <see cref="ScenarioLoader.TryReadFile"/> finds it.
    /// </summary>
    /// <exception cref="UserInputException">The file cannot be a scenario.</exception>
    public static string Read(string path)
    {
        if (RegularFile.Problem(path) is { } special) throw Problems(path, [special]);
        if (!ScenarioLoader.TryReadFile(path, out string text, out ValidationError? error)) throw Problems(path, [error!]);
        return text;
    }

    private static UserInputException Problems(string source, IReadOnlyList<ValidationError> errors) =>
        new($"{source}: {errors.Count} problem(s):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors));

    /// <summary>
    /// One line per <c>--set</c> that a phase about to run patches over (the phase's value wins: overrides apply before
    /// the phases), so that a what-if such as <c>run --phase nginx --set workers.count=4</c> does not silently run 8 workers.
    /// </summary>
    public static void WriteReplacedOverrides(IEnumerable<string> replaced, TextWriter notes)
    {
        foreach (string note in replaced.Distinct()) notes.WriteLine($"sim: note: {note}.");
    }

    /// <summary>
    /// Adds the overrides behind <c>--users N</c> and <c>--rate R</c>. On a closed scenario <c>--users</c>
    /// changes only the population (the think time stays); on an open one it is refused, because a closed
    /// load also needs a think time the scenario does not have. <c>--rate</c> changes the rate of an open
    /// load, or replaces a closed load (or a rate profile) with Poisson arrivals at that rate.
    /// </summary>
    /// <param name="file">The scenario file, or null for the built-in seed stack.</param>
    /// <param name="overrides">The --set overrides so far; the load overrides are appended.</param>
    /// <param name="users">--users, if given.</param>
    /// <param name="rate">--rate, if given (a rate with its unit, e.g. "200/s").</param>
    public static void AddLoadOverrides(FileInfo? file, List<string> overrides, int? users, string? rate)
    {
        if (users is null && rate is null) return;
        if (users is { } both && rate is not null)
            throw new UserInputException($"--users {both} and --rate {rate}: give one of them — a closed population or an open rate.");
        if (users is < 1)
            throw new UserInputException($"--users: {users} is not allowed; give a whole number of users ≥ 1.");
        // The load the scenario has after the --set overrides decides which fields to change.
        List<ScenarioPhase> phases = Load(file, overrides, []);
        LoadSpec load = phases[0].Scenario.Load;
        string source = file?.FullName ?? BuiltInScenarios.SeedStackName + " (built-in)";
        if (load.Populations is { } pops)
            throw new UserInputException($"{(users is { } u ? $"--users {u}" : $"--rate {rate}")}: {source} has load.populations ({pops.Count} populations side by side), and one count or rate would replace them all; set a population's load with --set, e.g. --set load.populations.{pops[0].Name}.{(pops[0].Closed is null ? "open.rate=20/s" : "closed.users=100")}.");
        if (users is { } n)
        {
            if (load.Closed is null)
                throw new UserInputException($"--users {n}: {source} has an open load (arrivals at a rate), and a closed load also needs a think time; use --rate, or --set 'load={{\"closed\":{{\"users\":{n},\"thinkTime\":\"5s\"}}}}' with the think time you want.");
            overrides.Add($"load.closed.users={n.ToString(CultureInfo.InvariantCulture)}");
        }
        else if (load.Open is { } open && open.Profile.Count == 0)
            overrides.Add($"load.open.rate={JsonSerializer.Serialize(rate)}");
        else
            overrides.Add($"load={{\"open\":{{\"rate\":{JsonSerializer.Serialize(rate)}}}}}");
    }
}
