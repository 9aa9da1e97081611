using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Charts.Tests;

/// <summary>
/// One small real run of the seed scenario, shared by the chart tests: every phase, 2 replications of
/// 60 s after 10 s of warm-up. Charts take these results; the engine is only used here, to make them.
/// </summary>
public sealed class StackRunFixture
{
    public StackRunFixture()
    {
        string root = RepoRoot();
        ScenarioLoadResult loaded = ScenarioLoader.LoadFile(Path.Combine(root, "scenarios", "seed-stack.json"),
            ["run.replications=2", "run.duration=60s", "run.warmup=10s"]);
        if (!loaded.Succeeded) throw new InvalidOperationException(string.Join("; ", loaded.Errors));
        var phases = new List<(string, StackReplicationResult[])>();
        foreach (ScenarioPhase phase in loaded.Phases) phases.Add((phase.Name, StackExperiment.Run(phase.Scenario)));
        Runs = phases;
        Summaries = phases.Select(p => (p.Item1, StackSummary.From(p.Item2))).ToArray();
        Scenarios = loaded.Phases.Select(p => p.Scenario).ToArray();
        // The scaling study on the last phase, tiny: 3 server counts and 3 worker counts, 2 replications each.
        StackScenario last = loaded.Phases[^1].Scenario;
        double users = ScalingStudy.SaturatingLoadPerServer(last);
        Scaling = [ScalingStudy.Servers(last, [1, 2, 3], users), ScalingStudy.Workers(last, [1, 2, 4], users)];
        SaturatingUsers = users;
        // A small sensitivity study of the baseline: three parameters, 2 replications of 30 s each side.
        Sensitivity = Sim.Experiments.SensitivityStudy.Run(Sim.Experiments.SensitivityStudy.Plan(File.ReadAllText(Path.Combine(root, "scenarios", "seed-stack.json")),
            "seed-stack.json", new Sim.Experiments.SensitivityOptions
            {
                Overrides = ["run.warmup=10s"],
                Parameters = ["workers.count", "dbConnections.connectTime", "cache.hitRatio", "proxy.gzip.cpuPerMB"],
                Replications = 2,
                DurationSeconds = 30,
            }));
        OutputFolder = Path.Combine(AppContext.BaseDirectory, "charts");
    }

    /// <summary>Each phase's replications, baseline first.</summary>
    public IReadOnlyList<(string Phase, StackReplicationResult[] Runs)> Runs { get; }

    /// <summary>Each phase's summary, baseline first.</summary>
    public IReadOnlyList<(string Phase, StackSummary Summary)> Summaries { get; }

    /// <summary>Users per server in the scaling study (enough to saturate one server).</summary>
    public double SaturatingUsers { get; }

    /// <summary>Each phase's configuration, baseline first.</summary>
    public IReadOnlyList<StackScenario> Scenarios { get; }

    /// <summary>The last phase scaled by servers, then by workers.</summary>
    public IReadOnlyList<ScalingSeries> Scaling { get; }

    /// <summary>A sensitivity study of the baseline (four parameters, one of them without effect).</summary>
    public Sim.Experiments.SensitivityResult Sensitivity { get; }

    /// <summary>Where the tests leave the rendered charts for people to look at.</summary>
    public string OutputFolder { get; }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Sim.sln"))) return dir.FullName;
        throw new InvalidOperationException("Sim.sln not found above " + AppContext.BaseDirectory);
    }
}
