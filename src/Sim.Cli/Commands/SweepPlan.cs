using System.Text.Json;
using System.Text.Json.Nodes;
using Sim.Experiments;
using Sim.Io;
using Sim.Scenarios;
using Sim.Validation;

namespace Sim.Cli.Commands;

/// <summary>
/// What a <c>sim sweep</c> will do: the grid, the slice, the points already done in <c>--out</c> (checked against
/// the sweep's fingerprint) and the configuration of every point still to run — all bad input found before anything runs.
/// </summary>
internal sealed class SweepPlan
{
    private readonly string _scenarioName;
    private readonly string _fingerprint;

    private SweepPlan(string scenarioName, string phase, string fingerprint, SweepGrid grid, SweepShard shard, DirectoryInfo? output,
        IReadOnlyList<int> indices, Dictionary<int, SweepPoint> done, List<(int, StackScenario)> toRun)
    {
        _scenarioName = scenarioName;
        Phase = phase;
        _fingerprint = fingerprint;
        Grid = grid;
        Shard = shard;
        Output = output;
        Indices = indices;
        Done = done;
        ToRun = toRun;
    }

    public string Phase { get; }
    public SweepGrid Grid { get; }
    public SweepShard Shard { get; }
    public DirectoryInfo? Output { get; }

    /// <summary>The points of this shard, ascending.</summary>
    public IReadOnlyList<int> Indices { get; }

    /// <summary>Points of this shard found finished in <see cref="Output"/>.</summary>
    public IReadOnlyDictionary<int, SweepPoint> Done { get; }

    /// <summary>The other points of this shard with their configurations, ascending.</summary>
    public IReadOnlyList<(int Index, StackScenario Scenario)> ToRun { get; }

    /// <summary>The --set overrides the chosen phase (or an earlier one) patches over; see <see cref="ScenarioPhase.ReplacedOverrides"/>.</summary>
    public IReadOnlyList<string> ReplacedOverrides { get; private init; } = [];

    public static SweepPlan Prepare(FileInfo? file, List<string> settings, string phase, SweepGrid grid, SweepShard shard, DirectoryInfo? output)
    {
        string source = file?.FullName ?? BuiltInScenarios.SeedStackName + " (built-in)";
        string text = BuiltInScenarios.SeedStack();
        if (file is not null && RegularFile.Problem(file.FullName) is { } special) throw Problems(source, [special]);
        if (file is not null && !ScenarioLoader.TryReadFile(file.FullName, out text, out ValidationError? error)) throw Problems(source, [error!]);
        ScenarioLoadResult loaded = ScenarioLoader.Load(text, file?.FullName ?? BuiltInScenarios.SeedStackName, settings);
        if (!loaded.Succeeded) throw Problems(source, loaded.Errors);
        int chosen = loaded.Phases.ToList().FindIndex(p => p.Name == phase);
        if (chosen < 0) throw new UserInputException($"--phase: '{phase}' is not a phase of {source}; phases: {string.Join(", ", loaded.Phases.Select(p => p.Name))}.");
        if (Sweep.FindParameterConflict(text, settings, loaded.Phases, chosen, grid) is { } conflict) throw new UserInputException(conflict);
        string name = loaded.Phases[0].Scenario.Name;
        string fingerprint = Sweep.Fingerprint(name, text, settings, phase, grid);
        IReadOnlyList<int> indices = grid.Indices(shard);

        var done = new Dictionary<int, SweepPoint>();
        if (output is not null)
        {
            OutputFolder.Prepare(output, "points");
            ReadDone(output, fingerprint, shard, grid, done);
        }

        // Load every remaining point, so all bad input is found before anything runs; report the first bad one. A load
        // resolves every phase, so drop the phases after the chosen one (the baseline and earlier phases do not depend
        // on them) and load in parallel: 10,000 points of the seed stack then take seconds, not a minute.
        string pointText = KeepPhases(text, chosen);
        int[] pending = [.. indices.Where(i => !done.ContainsKey(i))];
        var results = new ScenarioLoadResult[pending.Length];
        Parallel.For(0, pending.Length, k => results[k] = ScenarioLoader.Load(pointText, file?.FullName ?? BuiltInScenarios.SeedStackName, [.. settings, .. grid.Overrides(pending[k])]));
        var toRun = new List<(int, StackScenario)>(pending.Length);
        for (int k = 0; k < pending.Length; k++)
        {
            if (!results[k].Succeeded)
            {
                var errors = results[k].Errors.Select(e => AsParam(e, grid)).ToList();
                // An unknown or misspelt --param path fails at every point: say it once, on one line.
                if (errors.FirstOrDefault(e => e.Path.StartsWith("--param ", StringComparison.Ordinal)) is { } bad) throw new UserInputException(bad.ToString());
                string values = string.Join(", ", grid.Point(pending[k]).Select(kv => $"{kv.Key}={kv.Value}"));
                throw Problems($"{source}, sweep point {pending[k]} ({values})", errors);
            }
            toRun.Add((pending[k], results[k].Phases[chosen].Scenario));
        }
        return new SweepPlan(name, phase, fingerprint, grid, shard, output, indices, done, toRun) { ReplacedOverrides = loaded.Phases[chosen].ReplacedOverrides };
    }

    /// <summary>
    /// Writes a finished point to <c>points/&lt;index&gt;.json</c> (atomically), so a re-run skips it. A write that fails (a full
    /// disk) does not stop the sweep: the point is still in the result, and the first failure is kept in <see cref="WriteFailure"/>
    /// to be reported after the result is printed. Thread safe.
    /// </summary>
    public void Keep(SweepPoint point)
    {
        if (Output is null) return;
        try
        {
            AtomicFile.WriteAllText(PointPath(Output, point.Index), point.ToFileJson(_fingerprint));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Interlocked.CompareExchange(ref _writeFailure, ex, null);
        }
    }

    private Exception? _writeFailure;

    /// <summary>The first point file that could not be written, or null.</summary>
    public Exception? WriteFailure => Volatile.Read(ref _writeFailure);

    /// <summary>The document for this shard: the points found done plus those just run.</summary>
    public SweepResult Result(SweepOutcome outcome)
    {
        var all = new Dictionary<int, SweepPoint>(Done);
        foreach (SweepPoint p in outcome.Points) all[p.Index] = p;
        return new SweepResult(_scenarioName, Phase, _fingerprint, Grid.Parameters, Grid.Count, Shard == SweepShard.All ? null : Shard,
            outcome.Cancelled, [.. all.Values.OrderBy(p => p.Index)]);
    }

    private static string PointPath(DirectoryInfo output, int index) => Path.Combine(output.FullName, "points", $"{index}.json");

    private static void ReadDone(DirectoryInfo output, string fingerprint, SweepShard shard, SweepGrid grid, Dictionary<int, SweepPoint> done)
    {
        const string Advice = "use another --out folder, or delete it to start afresh";
        string summary = Path.Combine(output.FullName, "sweep.json");
        if (File.Exists(summary))
        {
            SweepResult previous;
            try
            {
                previous = SweepResult.Parse(File.ReadAllText(summary));
            }
            catch (FormatException ex)
            {
                throw new UserInputException($"--out {output.FullName}: sweep.json is {ex.Message}; {Advice}.");
            }
            if (previous.Fingerprint != fingerprint)
                throw new UserInputException($"--out {output.FullName}: holds a different sweep (fingerprint {previous.Fingerprint}, this one {fingerprint}: another scenario, options or --param values, or another Sim build); {Advice}.");
        }
        string folder = Path.Combine(output.FullName, "points");
        if (!Directory.Exists(folder)) return;
        foreach (string path in Directory.EnumerateFiles(folder, "*.json"))
        {
            SweepPoint point;
            string found;
            try
            {
                point = SweepPoint.ParseFile(File.ReadAllText(path), out found);
            }
            catch (FormatException ex)
            {
                throw new UserInputException($"--out {output.FullName}: {Path.GetFileName(path)} is {ex.Message}; {Advice}.");
            }
            if (found != fingerprint)
                throw new UserInputException($"--out {output.FullName}: points/{Path.GetFileName(path)} belongs to a different sweep (fingerprint {found}, this one {fingerprint}: another scenario, options or --param values, or another Sim build); {Advice}.");
            if (point.Index < grid.Count && shard.Contains(point.Index)) done[point.Index] = point;
        }
    }

    /// <summary>The scenario text with only its first <paramref name="count"/> phases (the text already loaded once, so it parses).</summary>
    private static string KeepPhases(string text, int count)
    {
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 };
        if (JsonNode.Parse(text, documentOptions: options) is not JsonObject root || root["phases"] is not JsonArray phases) return text;
        while (phases.Count > count) phases.RemoveAt(phases.Count - 1);
        if (count == 0) root.Remove("phases");
        return root.ToJsonString();
    }

    private static ValidationError AsParam(ValidationError e, SweepGrid grid) =>
        grid.Parameters.FirstOrDefault(p => e.Path == "--set " + p.Path) is { } p ? e with { Path = "--param " + p.Path } : e;

    private static UserInputException Problems(string source, IReadOnlyList<ValidationError> errors) => errors.Count == 1
        ? new(errors[0].Path == source ? errors[0].ToString() : $"{source}: {errors[0]}")
        : new($"{source}: {errors.Count} problem(s):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors));
}
