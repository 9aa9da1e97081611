using System.Globalization;
using System.Text.Json.Nodes;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Units;

namespace Sim.Experiments;

/// <summary>
/// One-at-a-time sensitivity of a configuration: each numeric parameter (or the ones named) at base × (1 − delta) and
/// base × (1 + delta), every run with the scenario's seed, so replication r of the base, the low and the high run sees the
/// same random numbers (common random numbers) and each change from the base gets a narrow paired interval
/// (<see cref="PhaseDifference"/>). Shows which numbers drive a conclusion — the tornado chart of <c>sim sensitivity</c>.
/// What the CLI and the notebooks call. Stateless and thread safe.
/// </summary>
/// <remarks>
/// Parameters are the fields the configuration's document sets (after <c>--set</c> and the phases up to it), reached by the
/// same dotted paths as <c>--set</c>: whole numbers (rounded), numbers, ratios (clamped to [0, 1]), durations, sizes, rates and
/// distributions (every value with a unit scaled, so the mean moves by the delta and the coefficient of variation stays),
/// and the weights of a mixture's parts. Never varied: the fields under <c>run</c> (run control), the SLO (the objective, not
/// the system), the times of a load profile, a field that is 0, and a count that rounds to itself on both sides. Fields left at
/// their default can be named in <see cref="SensitivityOptions.Parameters"/>.
/// </remarks>
public static class SensitivityStudy
{
    /// <summary>Checks the options and the scenario and works out every parameter's low and high configuration; runs nothing.</summary>
    /// <param name="scenarioJson">The scenario document.</param>
    /// <param name="sourceName">Where it came from (a file name), for messages and as the default scenario name.</param>
    /// <param name="options">Which configuration and parameters; null for the defaults of <see cref="SensitivityOptions"/>.</param>
    /// <returns>The plan, for <see cref="Run"/>.</returns>
    /// <exception cref="ScenarioValidationException">The scenario (with the overrides) does not load; every problem is listed.</exception>
    /// <exception cref="ArgumentException">
    /// An option is out of range, the phase does not exist, or a named parameter is unknown, not numeric, not varied or makes
    /// an invalid configuration; the one-line message names the option or field, the value and what is allowed.
    /// </exception>
    public static SensitivityPlan Plan(string scenarioJson, string sourceName, SensitivityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scenarioJson);
        ArgumentNullException.ThrowIfNull(sourceName);
        options ??= new SensitivityOptions();
        string pct = (options.Delta * 100).ToString("0.###", CultureInfo.InvariantCulture);
        if (!(options.Delta > 0 && options.Delta < 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.Delta, $"delta: {pct} % is not allowed; allowed: a relative change in (0 %, 100 %), e.g. 20 %.");
        if (options.Replications is < 2)
            throw new ArgumentOutOfRangeException(nameof(options), options.Replications, $"replications: {options.Replications} is not allowed; allowed: a whole number ≥ 2 (a paired interval needs two replications).");
        if (options.DurationSeconds is { } dur && !(dur > 0 && dur <= ScenarioSchema.MaxDurationSeconds))
            throw new ArgumentOutOfRangeException(nameof(options), dur, $"duration: {dur.ToString(CultureInfo.InvariantCulture)} s is not allowed; allowed: a duration in (0, 1e7] s.");

        ScenarioLoadResult loaded = ScenarioLoader.Load(scenarioJson, sourceName, options.Overrides);
        if (!loaded.Succeeded) throw new ScenarioValidationException(sourceName, loaded.Errors, nameof(scenarioJson));
        ScenarioPhase phase = loaded.Phases.FirstOrDefault(p => p.Name == options.Phase)
            ?? throw new ArgumentException($"phase: '{options.Phase}' is not a phase of {sourceName}; phases: {string.Join(", ", loaded.Phases.Select(p => p.Name))}.", nameof(options));
        JsonObject doc = ScenarioLoader.Resolve(scenarioJson, options.Overrides, phase.Name)
            ?? throw new InvalidOperationException("A scenario that loads did not resolve."); // the loader accepted it
        if (!doc.ContainsKey("name")) doc["name"] = phase.Scenario.Name;
        RunSettings run = phase.Scenario.Run;
        int replications = options.Replications ?? Math.Max(2, Math.Min(run.Replications, SensitivityOptions.DefaultReplications));
        double duration = options.DurationSeconds ?? Math.Min(run.DurationSeconds, SensitivityOptions.DefaultDurationSeconds);
        if (doc["run"] is not JsonObject runNode) doc["run"] = runNode = [];
        runNode["replications"] = replications;
        runNode["duration"] = Quantity.FormatDuration(duration);
        string baseText = doc.ToJsonString();
        StackScenario scenario = Load(baseText, sourceName, null) ?? throw new InvalidOperationException("The resolved configuration did not load.");

        var parameters = new List<SensitivityParameter>();
        var skipped = new List<SkippedParameter>();
        var low = new List<StackScenario>();
        var high = new List<StackScenario>();
        void Add(SensitivityParameter p, StackScenario lo, StackScenario hi)
        {
            parameters.Add(p);
            low.Add(lo);
            high.Add(hi);
        }
        if (options.Parameters.Count == 0)
        {
            foreach (SensitivityFields.Field field in SensitivityFields.Numeric(doc))
            {
                var (p, why) = SensitivityFields.Vary(field, options.Delta);
                if (p is null)
                {
                    skipped.Add(new SkippedParameter(field.Path, why!));
                    continue;
                }
                StackScenario? lo = Load(baseText, sourceName, p.LowOverride), hi = Load(baseText, sourceName, p.HighOverride);
                if (lo is null || hi is null) skipped.Add(new SkippedParameter(field.Path, $"±{pct} % makes an invalid configuration ({(lo is null ? p.LowOverride : p.HighOverride)})"));
                else Add(p, lo, hi);
            }
        }
        else
        {
            var defaulted = (JsonObject)doc.DeepClone();
            ScenarioReader.FillDefaults(defaulted, ScenarioSchema.Root);
            var fields = SensitivityFields.Numeric(defaulted).Select(f => (Field: f, JsonPath: JsonPath(defaulted, f.Path))).ToList();
            foreach (string path in options.Parameters)
            {
                string wanted = path.Trim();
                if (ScenarioPaths.Apply((JsonObject)defaulted.DeepClone(), wanted, null, out string jsonPath) is { } problem)
                    throw new ArgumentException($"parameter '{wanted}': {problem}.", nameof(options));
                var match = fields.FirstOrDefault(f => f.JsonPath == jsonPath);
                if (match.Field is null)
                    throw new ArgumentException($"parameter '{wanted}': not a numeric field of the {phase.Name} configuration; allowed: a whole number, number, ratio, duration, size, rate or distribution that it sets or defaults ('sim sensitivity --list' shows them).", nameof(options));
                if (parameters.Any(p => JsonPath(defaulted, p.Path) == jsonPath))
                    throw new ArgumentException($"parameter '{wanted}': named twice; give each parameter once.", nameof(options));
                var (p, why) = SensitivityFields.Vary(match.Field, options.Delta);
                if (p is null) throw new ArgumentException($"parameter '{wanted}': not varied — {why}.", nameof(options));
                var errors = new List<string>();
                StackScenario? lo = Load(baseText, sourceName, p.LowOverride, errors), hi = Load(baseText, sourceName, p.HighOverride, errors);
                if (lo is null || hi is null)
                    throw new ArgumentException($"parameter '{wanted}': ±{pct} % makes an invalid configuration: {errors[0]}.", nameof(options));
                Add(p, lo, hi);
            }
        }
        return new SensitivityPlan(scenario, phase.Name, options, parameters, skipped, [.. low], [.. high]);
    }

    private static string JsonPath(JsonObject doc, string path) =>
        ScenarioPaths.Apply((JsonObject)doc.DeepClone(), path, null, out string jsonPath) is null ? jsonPath : path;

    private static StackScenario? Load(string text, string source, string? change, List<string>? errors = null)
    {
        ScenarioLoadResult r = ScenarioLoader.Load(text, source, change is null ? null : [change]);
        if (r.Succeeded) return r.Phases[0].Scenario;
        errors?.AddRange(r.Errors.Select(e => e.ToString()));
        return null;
    }

    /// <summary>Runs a plan: the base configuration, then each parameter's low and high, each with the plan's replications in parallel.</summary>
    /// <param name="plan">From <see cref="Plan"/>.</param>
    /// <param name="progress">Receives a <see cref="SensitivityProgress"/> per configuration (and capacity search) finished, synchronously; null for none.</param>
    /// <param name="cancellationToken">Stops the study; throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The base summary and one entry per parameter, the largest p95 swing first.</returns>
    public static SensitivityResult Run(SensitivityPlan plan, IProgress<SensitivityProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        bool capacity = plan.Options.SearchCapacity;
        int dop = plan.Options.MaxDegreeOfParallelism;
        int total = plan.Runs * (capacity ? 2 : 1), done = 0;
        StackReplicationResult[] baseRuns = StackExperiment.RunValidated(plan.Scenario, dop, cancellationToken);
        progress?.Report(new SensitivityProgress(++done, total, "", "base", false, double.NaN));
        CapacityResult? baseCapacity = null;
        if (capacity)
        {
            baseCapacity = CapacitySearch.Find(CapacityStudy.Quick(plan.Scenario), cancellationToken: cancellationToken);
            progress?.Report(new SensitivityProgress(++done, total, "", "base", true, double.NaN));
        }
        PhaseDifference P95(StackReplicationResult[] runs) => PhaseDifference.Compare(baseRuns, runs, StackMetrics.Get("latencyMs.p95"));

        SensitivitySide Side(SensitivityParameter p, string name, double value, StackScenario scenario)
        {
            StackReplicationResult[] runs = baseRuns;
            CapacityResult? found = baseCapacity;
            if (value != p.BaseValue)
            {
                runs = StackExperiment.RunValidated(scenario, dop, cancellationToken);
                progress?.Report(new SensitivityProgress(++done, total, p.Path, name, false, P95(runs).Difference));
                if (capacity)
                {
                    found = CapacitySearch.Find(CapacityStudy.Quick(scenario), cancellationToken: cancellationToken);
                    progress?.Report(new SensitivityProgress(++done, total, p.Path, name, true, double.NaN));
                }
            }
            bool identical = ReferenceEquals(runs, baseRuns) || (runs.Length == baseRuns.Length
                && StackMetrics.All.All(m => runs.Zip(baseRuns).All(x => m.Value(x.First).Equals(m.Value(x.Second)))));
            return new SensitivitySide(value, StackSummary.From(runs), [.. StackMetrics.All.Select(m => PhaseDifference.Compare(baseRuns, runs, m))], found, identical);
        }

        var entries = new List<SensitivityEntry>(plan.Parameters.Count);
        for (int i = 0; i < plan.Parameters.Count; i++)
        {
            SensitivityParameter p = plan.Parameters[i];
            SensitivitySide lo = Side(p, "low", p.LowValue, plan.LowScenarios[i]);
            SensitivitySide hi = Side(p, "high", p.HighValue, plan.HighScenarios[i]);
            entries.Add(new SensitivityEntry(p, lo, hi));
        }
        // Largest swing first; NaN (no finite p95) last; ties keep the plan's order (OrderBy is stable).
        List<SensitivityEntry> sorted = [.. entries.OrderBy(e => double.IsNaN(e.Swing()) ? 1 : 0).ThenByDescending(e => double.IsNaN(e.Swing()) ? 0 : e.Swing())];
        return new SensitivityResult(plan, StackSummary.From(baseRuns), baseCapacity, sorted);
    }
}
