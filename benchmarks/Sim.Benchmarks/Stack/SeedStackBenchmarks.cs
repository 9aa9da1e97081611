using BenchmarkDotNet.Attributes;
using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Benchmarks.Stack;

/// <summary>
/// The seed stack (scenarios/seed-stack.json) simulated for about 1,000,000 requests in one
/// replication: the baseline (3 workers, no keepalive, a DB connection per request) and the
/// document's Phase 1 configuration (phase "nginx"). Simulated requests per second = requests /
/// mean time; allocation per request = Allocated / requests — both computed in the table's own
/// columns (<see cref="StackColumnsConfig"/>). Targets (issue 8): ≥ 1 M requests/s per core, a few
/// bytes per request.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(StackColumnsConfig))]
public class SeedStackBenchmarks
{
    private StackScenario _scenario = null!;

    /// <summary>Which phase of the seed stack.</summary>
    [Params("baseline", "nginx")]
    public string Phase { get; set; } = "baseline";

    /// <summary>Loads the scenario: 10,000 simulated seconds (≈ 1.0–1.1 M requests), no warm-up, one replication.</summary>
    [GlobalSetup]
    public void Setup() => _scenario = Scenario(Phase);

    /// <summary>A phase of the embedded seed stack for 10,000 simulated seconds, no warm-up, one replication.</summary>
    internal static StackScenario Scenario(string phase) => StackRuns.Load(phase, 10_000);

    /// <summary>One replication; returns the requests simulated (completed + failed).</summary>
    [Benchmark]
    public long Simulate()
    {
        StackReplicationResult r = StackExperiment.RunOne(_scenario, 0);
        return r.Completed + r.Failed;
    }
}
