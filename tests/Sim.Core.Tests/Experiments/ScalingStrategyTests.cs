using Sim.Distributions;
using Sim.Experiments;
using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Core.Tests.Experiments;

public class ScalingStrategyTests
{
    [Fact]
    public void Study_SimulatesOneServerAtTheScenariosWorkerCountOnce_AndEqualsTheTwoSeriesRunApart()
    {
        // 4 workers: one server at 4 workers is the servers series' first point and the workers series' third.
        StackScenario s = Sim.Core.Tests.Stack.Scenarios.Bare(4, Exponential.FromMean(0.05), closed: new ClosedLoad { Users = 40, ThinkTimeSeconds = Exponential.FromMean(1) },
            duration: 100, warmup: 10, replications: 2);
        ScalingStrategy study = ScalingStrategy.Study(s)!;

        StackScenario quick = s with { Run = ScalingStrategy.ShortRun(s) };
        double users = ScalingStudy.SaturatingLoadPerServer(quick);
        ScalingSeries servers = ScalingStudy.Servers(quick, ScalingStrategy.ServerCounts, users);
        ScalingSeries workers = ScalingStudy.Workers(quick, ScalingStrategy.WorkerCounts, users);
        foreach (var (apart, together) in new[] { (servers, study.Servers), (workers, study.Workers) })
        {
            Assert.Equal(apart.Points.Select(p => (p.N, p.Load)), together.Points.Select(p => (p.N, p.Load)));
            Assert.Equal(apart.Points.Select(p => p.Throughputs), together.Points.Select(p => p.Throughputs));
            Assert.Equal(apart.Points.Select(p => p.Summary["latencyMs.p95"].Mean), together.Points.Select(p => p.Summary["latencyMs.p95"].Mean));
            Assert.Equal(apart.FitNote, together.FitNote);
        }
        Assert.Equal(study.Servers.Points[0].Throughputs, study.Workers.Points.Single(p => p.N == 4).Throughputs);

        var simulated = new Dictionary<StackScenario, StackReplicationResult[]>();
        ScalingStudy.Servers(quick, ScalingStrategy.ServerCounts, users, simulated, default);
        ScalingStudy.Workers(quick, ScalingStrategy.WorkerCounts, users, simulated, default);
        Assert.Equal(7, simulated.Count); // 4 + 4 configurations, one of them in both
    }
}
