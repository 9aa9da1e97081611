using Sim.Analytic;
using Sim.Core.Tests.Validation;
using Sim.Distributions;
using Sim.Scenarios;
using Sim.Stack;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// Celery as a queue: with Poisson publishing and exponential task work the broker + workers are an M/M/c queue (c =
/// concurrency), checked against Erlang C; an overloaded queue is flagged unstable with its growth rate, and a heavily
/// loaded stable one is not.
/// </summary>
/// <remarks>
/// Every web request publishes one task and leaves at once (no work, no bytes), so tasks are published at the open
/// load's Poisson instants; the broker's constant latency shifts them without changing the process. The Celery host has
/// as many cores as the concurrency, so a running task is never slowed by processor sharing: service is Exp(μ).
/// </remarks>
public sealed class TaskQueueTests(ITestOutputHelper output)
{
    private static StackScenario Celery(double publishRate, double taskMean, int concurrency, double duration, double warmup, int replications, ulong seed = 7) =>
        Scenarios.Bare(workers: 1000, holding: Deterministic.Of(0), rate: publishRate, duration: duration, warmup: warmup, replications: replications, seed: seed)
            .WithSteps(new EnqueueStep { Probability = 1 })
        with
        {
            TaskQueue = new TaskQueueSpec
            {
                BrokerLatencySeconds = Deterministic.Of(0.002),
                Concurrency = concurrency,
                Cores = concurrency,
                Steps = [new CpuStep { WorkSeconds = Exponential.FromMean(taskMean) }],
            },
        };

    [Fact]
    [Trait("Category", "Slow")]
    public void PoissonPublishExponentialWork_IsMMc_WaitQueueAndLatencyMatchErlangC()
    {
        // λ = 32/s, μ = 10/s, c = 4: ρ = 0.8, Erlang C P(wait) = 0.5964, Wq = 0.0746 s, Lq = 2.386, W = 0.1746 s, wait p95 0.310 s.
        // Relaxation time 1/(cμ(1 − √ρ)²) ≈ 2.2 s: a 200 s warm-up is ~90 of them. 12 replications × 20,000 s
        // (640,000 tasks each) gave per-replication relative sds of 1.6 % (Wq), 1.7 % (Lq), 0.8 % (W), 1.8 % (wait p95) and
        // 0.13 % (done/s): half-widths 1.9, 2.0, 0.9, 2.1 and 0.15 % at the per-check level; the limits are about twice those.
        const double lambda = 32, mu = 10;
        const int c = 4;
        StackScenario s = Celery(lambda, 1 / mu, c, duration: 20_000, warmup: 200, replications: 12);
        StackReplicationResult[] runs = StackExperiment.Run(s);
        MMcResult theory = MMc.Compute(lambda, mu, c);
        var check = new ReplicationCheck(output, checks: 5, familyLevel: 0.99);
        // The broker's 2 ms are part of a task's latency (publish → done), not of its wait for a worker.
        check.Interval("task wait mean (Wq)", theory.Wq, runs.Select(r => r.TaskWaitMeanSeconds).ToList(), 0.04);
        check.Interval("task queue length mean (Lq)", theory.Lq, runs.Select(r => r.TaskQueueLengthMean).ToList(), 0.04);
        check.Interval("task latency mean (W + broker)", theory.W + 0.002, runs.Select(r => r.TaskLatencyMeanSeconds).ToList(), 0.018);
        check.Interval("task wait p95", theory.WaitingTimeQuantile(0.95), runs.Select(r => r.TaskWaitP95Seconds).ToList(), 0.04);
        check.Interval("tasks done/s", lambda, runs.Select(r => r.TasksPerSecond).ToList(), 0.005);
        check.AssertAll();
        Assert.All(runs, r => Assert.False(r.Unstable, r.Diagnosis));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Overloaded_BacklogGrowthIsFlaggedUnstable_WithItsRate()
    {
        // λ = 44/s against cμ = 40/s: the backlog grows at 4 tasks/s; every replication must say so.
        StackScenario s = Celery(44, 0.1, 4, duration: 2000, warmup: 100, replications: 10);
        StackReplicationResult[] runs = StackExperiment.Run(s);
        foreach (StackReplicationResult r in runs)
        {
            output.WriteLine($"rep {r.Replication}: {r.Diagnosis}; queue at end {r.TaskQueueLengthAtEnd}");
            Assert.True(r.Unstable);
            Assert.True(r.TaskQueueUnstable);
            Assert.False(r.InFlightCapReached);
            Assert.StartsWith("unstable: taskQueue backlog grows ", r.Diagnosis, StringComparison.Ordinal);
            // Published and done are Poisson-like counts over 2,000 s: each rate has an sd of about 0.15/s.
            Assert.InRange(r.TaskBacklogGrowthPerSecond, 3, 5);
            Assert.InRange(r.TasksPublishedPerSecond - r.TasksPerSecond, r.TaskBacklogGrowthPerSecond - 1e-9, r.TaskBacklogGrowthPerSecond + 1e-9);
            Assert.InRange(r.TasksPerSecond, 39, 40.6); // the workers are saturated: c·μ = 40/s
        }
        var check = new ReplicationCheck(output, checks: 1, familyLevel: 0.99);
        check.Interval("backlog growth (λ − cμ)", 4.0, runs.Select(r => r.TaskBacklogGrowthPerSecond).ToList(), 0.08);
        check.AssertAll();
        StackSummary summary = StackSummary.From(runs);
        Assert.True(summary.Unstable);
        Assert.True(summary.TaskBacklogGrows);
        Assert.Contains("taskQueue backlog grows", summary.Diagnosis, StringComparison.Ordinal);
        Assert.False(SloVerdict.Judge(s.Slo, runs).Met);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void HeavilyLoadedButStable_IsNeverFlagged()
    {
        // ρ = 0.95 (λ = 38/s, cμ = 40/s): Lq ≈ 17 tasks, relaxation time ≈ 39 s — a long, slow queue, but a stable one.
        // The rule flags a growth above 1 % of the publish rate (0.38 tasks/s, i.e. 760 tasks over the window) at
        // 99.9 % one-sided confidence; a stationary queue's batch-mean slope is of the order of Lq / window = 0.01/s.
        // 40 replications: a false-alarm rate of even 5 % would show up with probability 1 − 0.95⁴⁰ = 87 %.
        StackScenario s = Celery(38, 0.1, 4, duration: 2000, warmup: 500, replications: 40, seed: 11);
        StackReplicationResult[] runs = StackExperiment.Run(s);
        int flagged = runs.Count(r => r.Unstable);
        double maxGrowth = runs.Max(r => r.TaskBacklogGrowthPerSecond);
        output.WriteLine($"flagged {flagged} of {runs.Length}; largest (published − done)/window {maxGrowth:G3}/s; mean queue {runs.Average(r => r.TaskQueueLengthMean):G4}");
        Assert.Equal(0, flagged);
    }

    [Fact]
    public void WithoutTaskQueue_TaskMetricsAreNaNAndNothingIsFlagged()
    {
        StackScenario s = Scenarios.Bare(workers: 2, holding: Deterministic.Of(0.01), rate: 10, duration: 100, warmup: 10, replications: 1);
        StackReplicationResult r = StackExperiment.RunOne(s, 0);
        Assert.False(r.Unstable);
        Assert.False(r.TaskQueueUnstable);
        Assert.True(double.IsNaN(r.TasksPublishedPerSecond));
        Assert.True(double.IsNaN(r.TaskQueueLengthMean));
        Assert.True(double.IsNaN(r.TaskWaitMeanSeconds));
        Assert.Equal("", r.Diagnosis);
        Assert.False(StackSummary.From([r]).TaskBacklogGrows);
    }
}
