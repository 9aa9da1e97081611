using Sim.Distributions;
using Sim.Kernel;
using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// Common random numbers across phases: a decision made for a request draws from a substream of that request, so a
/// phase that changes the order in which decisions are made (here: more workers, so requests finish and come back in
/// another order) gives every request the same load-balancer pick and every task the same work.
/// </summary>
public class CommonRandomNumbersTests
{
    private static readonly Distribution Zero = Deterministic.Of(0);

    /// <summary>A closed load (its request order depends on response times) with 3 servers and Celery tasks on every request.</summary>
    private static StackScenario Scenario(int workers, BalancingPolicy policy) =>
        Scenarios.Bare(workers, Exponential.FromMean(0.05), closed: new ClosedLoad { Users = 60, ThinkTimeSeconds = Exponential.FromMean(0.5) }, duration: 200, warmup: 0)
            .WithSteps(new ExternalCallStep { LatencySeconds = Exponential.FromMean(0.05) }, new EnqueueStep { Probability = 1.0 }) with
        {
            LoadBalancer = new LoadBalancerSpec { Servers = 3, Policy = policy, LatencySeconds = 0 },
            TaskQueue = new TaskQueueSpec { BrokerLatencySeconds = Exponential.FromMean(0.01), Concurrency = 4, Cores = 4, Steps = [new CpuStep { WorkSeconds = Exponential.FromMean(0.02) }] },
        };

    private static (Dictionary<ulong, int> Servers, Dictionary<ulong, double> TaskWork) Observe(StackScenario s)
    {
        var sim = new Simulation();
        var model = new StackModel(sim, s, replication: 0);
        var servers = new Dictionary<ulong, int>();
        var work = new Dictionary<ulong, double>();
        model.Routed = (key, server) => servers.Add(key, server);
        model.TaskWorkDrawn = (key, w) => work.Add(key, w);
        sim.Run(s.Run.DurationSeconds);
        return (servers, work);
    }

    [Theory]
    [InlineData(BalancingPolicy.Random)]
    [InlineData(BalancingPolicy.PowerOfTwoChoices)]
    public void LoadBalancerPicks_AndTaskWork_FollowTheRequest_NotTheOrderOfDecisions(BalancingPolicy policy)
    {
        var a = Observe(Scenario(workers: 1, policy));
        var b = Observe(Scenario(workers: 8, policy));
        // The two phases serve the same users at different speeds: many requests are common to both, in another order.
        ulong[] common = a.Servers.Keys.Where(b.Servers.ContainsKey).ToArray();
        Assert.True(common.Length > 1000, $"only {common.Length} requests in common");
        if (policy == BalancingPolicy.Random)
            Assert.All(common, k => Assert.Equal(a.Servers[k], b.Servers[k]));
        ulong[] tasks = a.TaskWork.Keys.Where(b.TaskWork.ContainsKey).ToArray();
        Assert.True(tasks.Length > 1000, $"only {tasks.Length} tasks in common");
        Assert.All(tasks, k => Assert.Equal(a.TaskWork[k], b.TaskWork[k]));
    }
}
