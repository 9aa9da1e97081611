using FsCheck;
using FsCheck.Xunit;
using Sim.Distributions;
using Sim.Randomness;
using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Core.Tests.Stack;

/// <summary>Invariants of the stack model on random scenarios drawn from the whole parameter space.</summary>
public class StackProperties
{
    /// <summary>A random but valid scenario (<see cref="StackScenario.Validate"/> finds nothing): every component may be on or off, loads may exceed capacity.</summary>
    internal static StackScenario RandomScenario(ulong seed)
    {
        var r = new RandomStream(seed);
        double U(double lo, double hi) => lo + (hi - lo) * r.NextDouble();
        bool Coin() => r.NextInt(2) == 0;
        Distribution Time(double mean) => r.NextInt(3) switch
        {
            0 => Exponential.FromMean(mean),
            1 => Deterministic.Of(mean),
            _ => LogNormal.FromMeanAndStdDev(mean, mean),
        };
        // A bandwidth must never draw 0 bit/s (an exponential can: its uniform rounds to 1), so no exponential here.
        Distribution Bandwidth(double mean) => Coin() ? Deterministic.Of(mean) : LogNormal.FromMeanAndStdDev(mean, mean);
                Step RandomStep() => r.NextInt(7) switch
        {
            0 => new CpuStep(Time(U(0.001, 0.05))),
            1 => new CacheGetStep(r.NextInt(2)),
            2 => new CacheSetStep(),
            3 => new DbStep(1 + r.NextInt(5), Time(U(0.0005, 0.01)), Coin()),
            4 => new ExternalCallStep(Time(U(0.001, 0.1))),
            5 => new EnqueueStep(r.NextDouble()),
            _ => new RespondStep(Time(U(1_000, 600_000))),
        };
        RequestClass RandomClass(int i)
        {
            var steps = new List<Step>();
            int n = 1 + r.NextInt(5);
            for (int k = 0; k < n; k++) steps.Add(RandomStep());
            // A response ends the request's work: at most one, as the last step.
            if (steps.Find(x => x is RespondStep) is { } respond)
            {
                steps.RemoveAll(x => x is RespondStep);
                steps.Add(respond);
            }
            // A GET may not guard steps past the end.
            for (int k = 0; k < steps.Count; k++)
                if (steps[k] is CacheGetStep g && k + g.Guards >= steps.Count) steps[k] = new CacheGetStep(steps.Count - 1 - k);
            return new RequestClass($"c{i}", U(0.1, 1), steps, StaticAtProxy: r.NextInt(5) == 0);
        }

        int workers = 1 + r.NextInt(8);
        int servers = 1 + r.NextInt(3);
        bool closed = Coin();
        int classCount = 1 + r.NextInt(3);
        var classes = new RequestClass[classCount];
        for (int i = 0; i < classCount; i++) classes[i] = RandomClass(i);
        double poolOrAge = r.NextDouble();
        return new StackScenario(
            "random", "",
            new RunSettings(Duration: 60, Warmup: 5, Replications: 1, Seed: seed, MaxInFlight: 3000),
            closed ? new LoadSpec(null, new ClosedLoad(1 + r.NextInt(200), Time(U(0.2, 3))))
                   : new LoadSpec(new OpenLoad(U(1, 300), Array.Empty<RatePoint>()), null),
            new LoadBalancerSpec(servers, (BalancingPolicy)r.NextInt(4), U(0, 0.002)),
            new ProxySpec(5 + r.NextInt(500), Coin(), Time(0.01), U(0, 0.002), Coin(), Time(0.0005),
                new GzipSpec(Coin(), U(0.1, 1), U(0.001, 0.02)), Coin(), U(0, 0.5), Time(0.0005)),
            new WorkerPoolSpec(workers, r.NextInt(50), U(0.2, 30), U(0, 2), 150e6),
            new HostSpec(1 + r.NextInt(4), 300e6, 4e9),
            new CacheSpec(Coin(), 1 + r.NextInt(20), Coin() ? ConnectionExhaustion.Wait : ConnectionExhaustion.Error, Time(0.0005), r.NextDouble(),
                Coin() ? null : new KeySpaceSpec(100 + r.NextInt(5000), U(0, 1.2), Time(U(1_000, 50_000)), Coin() ? 0 : U(50_000, 5_000_000), Coin() ? 0 : U(1, 60))),
            new DbConnectionsSpec(poolOrAge < 0.4 ? 0 : U(1, 600), Time(0.007), U(0, 0.002), poolOrAge > 0.7 ? new DbPoolSpec(1 + r.NextInt(10), U(0.05, 2)) : null),
            new DatabaseSpec(1 + r.NextInt(30), 1 + r.NextInt(4), U(0, 0.003), 10e6, r.NextInt(3), r.NextDouble()),
            Coin() ? new TaskQueueSpec(Time(0.002), 1 + r.NextInt(4), 1 + r.NextInt(2), new Step[] { new CpuStep(Time(0.01)), new DbStep(2, Time(0.003), true) }) : null,
            new NetworkSpec(Bandwidth(U(5e6, 100e6)), U(0, 0.05)),
            new WebSocketSpec(r.NextInt(10), 400e3),
            classes,
            new SloSpec(0.95, 0.5, 0.001));
    }

    [Property(MaxTest = 60)]
    public bool Invariants_HoldOnRandomScenarios(ulong seed)
    {
        StackScenario s = RandomScenario(seed);
        StackReplicationResult r = StackExperiment.RunOne(s, 0);
        bool conservation = r.Unstable || r.Arrivals == r.Completed + r.Failed + r.InFlightAtEnd;
        bool utilizations = r.WorkerUtilization is >= 0 and <= 1 + 1e-9
                            && r.PerWorkerUtilization.All(u => u is >= 0 and <= 1 + 1e-9)
                            && r.CpuUtilization is >= 0 and <= 1 + 1e-9
                            && r.DbCpuUtilization is >= 0 and <= 1 + 1e-9
                            && r.CacheHitRatio is >= 0 and <= 1
                            && r.ErrorRate is >= 0 and <= 1;
        bool capacity = r.DbConnectionsOpenMax <= s.Database.MaxConnections
                        && r.QueueLengthMax <= s.Workers.Backlog
                        && (s.Cache.KeySpace is not { MaxMemory: > 0 } ks || !(r.CacheMemoryBytes > ks.MaxMemory));
        bool monotone = r.Completed == 0 || (r.LatencyP50 <= r.LatencyP90 && r.LatencyP90 <= r.LatencyP95 && r.LatencyP95 <= r.LatencyP99
                                            && r.LatencyP99 <= r.LatencyP999 && r.LatencyP999 <= r.LatencyMax && r.LatencyMean <= r.LatencyMax);
        bool errorsAddUp = r.ErrorsByKind.Sum() - r.ErrorsByKind[(int)ErrorKind.CacheConnections] == r.Failed;
        if (!(conservation && utilizations && capacity && monotone && errorsAddUp))
            throw new Xunit.Sdk.XunitException($"seed {seed}: conservation {conservation}, utilizations {utilizations}, capacity {capacity}, monotone {monotone}, errors {errorsAddUp}; {r.Arrivals} = {r.Completed} + {r.Failed} + {r.InFlightAtEnd}?");
        return true;
    }

    [Property(MaxTest = 20)]
    public bool SameSeed_GivesIdenticalResults(ulong seed)
    {
        StackScenario s = RandomScenario(seed);
        StackReplicationResult a = StackExperiment.RunOne(s, 0);
        StackReplicationResult b = StackExperiment.RunOne(s, 0);
        return a.Arrivals == b.Arrivals && a.Completed == b.Completed && a.Failed == b.Failed
               && a.LatencyMean.Equals(b.LatencyMean) && a.LatencyP99.Equals(b.LatencyP99)
               && a.PerWorkerUtilization.SequenceEqual(b.PerWorkerUtilization)
               && a.DbConnectionsCreatedPerSecond.Equals(b.DbConnectionsCreatedPerSecond)
               && a.CacheHitRatio.Equals(b.CacheHitRatio);
    }
}
