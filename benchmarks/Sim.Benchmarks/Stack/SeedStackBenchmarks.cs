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

    private long _events;
    private int _pending;

    private const double Seconds = 10_000;

    /// <summary>Loads the scenario: 10,000 simulated seconds (≈ 1.0–1.1 M requests), no warm-up, one replication.</summary>
    [GlobalSetup(Target = nameof(Simulate))]
    public void Setup() => _scenario = Scenario(Phase);

    /// <summary>Counts the phase's events and mean heap depth, in one traced replication, for <see cref="KernelFloor"/> alone.</summary>
    [GlobalSetup(Target = nameof(KernelFloor))]
    public void SetupFloor()
    {
        (_events, double heap) = EventCensus.Measure(Scenario(Phase), Seconds);
        _pending = Math.Max(1, (int)Math.Round(heap));
    }

    /// <summary>A phase of the embedded seed stack for 10,000 simulated seconds, no warm-up, one replication.</summary>
    internal static StackScenario Scenario(string phase) => StackRuns.Load(phase, Seconds);

    /// <summary>
    /// The in-run baseline: the kernel alone — the same number of events as the phase's replication,
    /// through the same calendar and dispatch, with the heap held at the phase's mean depth (a
    /// "hold" model: each event schedules the next at a uniform delay) and no model work. The ratio
    /// Simulate / KernelFloor is what the model's own work costs on top of its events.
    /// </summary>
    [Benchmark(Baseline = true)]
    public long KernelFloor() => HoldModel.Run(_events, _pending);

    /// <summary>One replication; returns the requests simulated (completed + failed).</summary>
    [Benchmark]
    public long Simulate()
    {
        StackReplicationResult r = StackExperiment.RunOne(_scenario, 0);
        return r.Completed + r.Failed;
    }
}

/// <summary>The classic hold model on the low-level mechanism: <c>pending</c> events in the calendar, each event replaced by one more until <c>events</c> have run.</summary>
internal sealed class HoldModel : Sim.Kernel.IEventTarget
{
    private readonly Sim.Randomness.RandomStream _random = new(2026);
    private long _toSchedule;

    public static long Run(long events, int pending)
    {
        var sim = new Sim.Kernel.Simulation();
        var model = new HoldModel { _toSchedule = events };
        for (int i = 0; i < pending && model._toSchedule > 0; i++, model._toSchedule--) sim.Schedule(model._random.NextDouble() * 2, model);
        sim.Run();
        return sim.EventsProcessed;
    }

    public void Handle(Sim.Kernel.Simulation simulation, int kind, long data)
    {
        if (_toSchedule <= 0) return;
        _toSchedule--;
        simulation.Schedule(_random.NextDouble() * 2, this);
    }
}
