using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sim.Scenarios;

namespace Sim.Cli;

/// <summary>
/// The options that pick one configuration of a scenario — <c>[SCENARIO] [--phase NAME] [--users N | --rate R]
/// [--set path=value]… [--replications R] [--seed S] [--duration D]</c> — shared by <c>run</c>, <c>analyze</c> and <c>sweep</c>.
/// </summary>
internal sealed class ConfigurationOptions
{
    public Argument<FileInfo?> Scenario { get; } = new("scenario") { Description = "Scenario JSON file; omitted: the built-in seed stack.", Arity = ArgumentArity.ZeroOrOne };
    public Option<string> Phase { get; } = new("--phase", "-p") { Description = "Which configuration: 'baseline' or a phase name.", DefaultValueFactory = _ => "baseline" };
    public Option<int?> Users { get; } = new("--users", "-u") { Description = "Closed load with N users: the scenario's think time stays (a closed scenario only)." };
    public Option<string?> Rate { get; } = new("--rate", "-r") { Description = "Open Poisson load at this rate, e.g. 150/s (replaces a closed load or a rate profile)." };
    public Option<string[]> Set { get; } = new("--set") { Description = "Override a field: path=value. Repeatable." };
    public Option<int?> Replications { get; } = new("--replications", "-n") { Description = "Independent replications." };
    public Option<ulong?> Seed { get; } = new("--seed") { Description = "Scenario seed." };
    public Option<string?> Duration { get; } = new("--duration", "-d") { Description = "Observed simulated time per replication, e.g. 600s." };

    /// <summary>Adds the argument and options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Arguments.Add(Scenario);
        foreach (Option option in new Option[] { Phase, Users, Rate, Set, Replications, Seed, Duration }) command.Options.Add(option);
    }

    /// <summary>The chosen configuration, with every override applied; bad input → <see cref="UserInputException"/>.</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="extra">Further path=value overrides (e.g. from --slo), applied after the options.</param>
    /// <param name="notes">Where to say which overrides the chosen phase patches over; null: nowhere.</param>
    public ScenarioPhase Load(ParseResult parse, IEnumerable<string>? extra = null, TextWriter? notes = null)
    {
        List<string> overrides = Overrides(parse);
        if (extra is not null) overrides.AddRange(extra);
        return ScenarioInput.Load(parse.GetValue(Scenario), overrides, [parse.GetValue(Phase)!], notes)[0];
    }

    /// <summary>The path=value overrides the options stand for: --set, then --users/--rate, --replications, --seed, --duration.</summary>
    /// <param name="parse">The parsed command line.</param>
    public List<string> Overrides(ParseResult parse)
    {
        var overrides = new List<string>(parse.GetValue(Set) ?? []);
        ScenarioInput.AddLoadOverrides(parse.GetValue(Scenario), overrides, parse.GetValue(Users), parse.GetValue(Rate));
        if (parse.GetValue(Replications) is { } reps) overrides.Add($"run.replications={reps.ToString(CultureInfo.InvariantCulture)}");
        if (parse.GetValue(Seed) is { } sd) overrides.Add($"run.seed={sd.ToString(CultureInfo.InvariantCulture)}");
        if (parse.GetValue(Duration) is { } d) overrides.Add($"run.duration={d}");
        return overrides;
    }
}
