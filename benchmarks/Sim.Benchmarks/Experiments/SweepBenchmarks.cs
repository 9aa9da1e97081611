using BenchmarkDotNet.Attributes;
using Sim.Experiments;
using Sim.Statistics;
using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Benchmarks.Experiments;

/// <summary>
/// Parallel efficiency of a sweep (issue 8: ≥ 85 % on 2 cores): 16 points (the seed baseline with
/// 200, 220, …, 500 users) × 4 replications of 60 simulated seconds (≈ 5,000 requests each), run
/// on one core (the baseline) and on all cores. Efficiency = T(1 core) / (cores × T(all cores)).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="OneCore"/>: point after point, replications serial (<c>maxDegreeOfParallelism: 1</c>).</item>
/// <item><see cref="AllCoresPerPoint"/>: point after point, each point's 4 replications in parallel
/// (<see cref="StackExperiment.Run"/> with −1): a barrier after every point.</item>
/// <item><see cref="AllCoresFlat"/>: the 64 (point, replication) runs as one parallel loop
/// (<see cref="Replications.Run{T}"/> with −1): no barrier but the last.</item>
/// <item><see cref="AllCoresSweep"/>: <see cref="Sweep.Run"/>, the engine of <c>sim sweep</c> — the same 64
/// runs from a shared queue taken one at a time, and each point summarised as it completes.</item>
/// </list>
/// </remarks>
[MemoryDiagnoser]
public class SweepBenchmarks
{
    private const int Points = 16, ReplicationsPerPoint = 4;
    private StackScenario[] _points = null!;
    private SweepGrid _grid = null!;

    /// <summary>Loads the seed stack and builds the 16 points.</summary>
    [GlobalSetup]
    public void Setup()
    {
        StackScenario baseline = Stack.StackRuns.Load("baseline", 60, ReplicationsPerPoint);
        _points = new StackScenario[Points];
        for (int i = 0; i < Points; i++)
        {
            ClosedLoad closed = baseline.Load.Closed!;
            _points[i] = baseline with { Load = baseline.Load with { Closed = closed with { Users = 200 + 20 * i } } };
        }
        if (!SweepParameter.TryParse($"load.closed.users=200..{200 + 20 * (Points - 1)}:20", out SweepParameter? users, out string error)
            || !SweepGrid.TryCreate([users], out SweepGrid? grid, out error))
            throw new InvalidOperationException(error);
        _grid = grid;
    }

    /// <summary>One core: every run in sequence. Returns the requests simulated.</summary>
    [Benchmark(Baseline = true)]
    public long OneCore()
    {
        long requests = 0;
        foreach (StackScenario p in _points)
            foreach (StackReplicationResult r in StackExperiment.Run(p, maxDegreeOfParallelism: 1)) requests += r.Completed + r.Failed;
        return requests;
    }

    /// <summary>All cores, one point at a time (its replications in parallel).</summary>
    [Benchmark]
    public long AllCoresPerPoint()
    {
        long requests = 0;
        foreach (StackScenario p in _points)
            foreach (StackReplicationResult r in StackExperiment.Run(p, maxDegreeOfParallelism: -1)) requests += r.Completed + r.Failed;
        return requests;
    }

    /// <summary>All cores, the 64 runs in one parallel loop.</summary>
    [Benchmark]
    public long AllCoresFlat()
    {
        StackReplicationResult[] runs = Replications.Run(Points * ReplicationsPerPoint,
            i => StackExperiment.RunOne(_points[i / ReplicationsPerPoint], i % ReplicationsPerPoint), maxDegreeOfParallelism: -1);
        long requests = 0;
        foreach (StackReplicationResult r in runs) requests += r.Completed + r.Failed;
        return requests;
    }

    /// <summary>All cores, through <see cref="Sweep.Run"/> as <c>sim sweep</c> runs them.</summary>
    [Benchmark]
    public long AllCoresSweep()
    {
        SweepOutcome outcome = Sweep.Run(_grid, _points.Select((p, i) => (i, p)).ToArray(), maxDegreeOfParallelism: -1);
        return outcome.Points.Count;
    }
}
