using Sim.Analytic;
using Sim.Distributions;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Statistics;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// <c>clients</c>: abandonment from the listen backlog against Erlang A (M/M/c+M), retry amplification against the
/// truncated geometric law of independent failures, a retry storm's reproducibility, and the validation messages.
/// </summary>
public sealed class ClientTests(ITestOutputHelper output)
{
    private static ConfidenceInterval Ci(StackReplicationResult[] runs, Func<StackReplicationResult, double> metric, int checks) =>
        ConfidenceInterval.FromSamples(runs.Select(metric).ToArray(), Bonferroni.Level(0.99, checks));

    private static StackScenario WithClients(StackScenario s, ClientsSpec clients) => s with { Clients = clients };

    [Fact]
    [Trait("Category", "Slow")]
    public void ExponentialPatience_InTheBacklog_AbandonsAsErlangA()
    {
        // M/M/4+M: λ = 5/s on 4 workers of mean 1 s (ρ = 1.25, stable only because clients abandon), patience exponential
        // with mean 1 s (θ = 1). Erlang A gives P(abandon) and, as abandonments leave at θ per waiting client, the mean
        // backlog E[Q] = λ·P(abandon)/θ — which also checks that an abandoning client is taken out of the queue.
        const double lambda = 5, theta = 1;
        StackScenario s = WithClients(Scenarios.Bare(4, Exponential.FromMean(1.0), rate: lambda, duration: 20_000, warmup: 200, replications: 8),
            new ClientsSpec { PatienceSeconds = Exponential.FromMean(1 / theta) });
        StackReplicationResult[] runs = StackExperiment.Run(s);
        double expected = ErlangA.AbandonmentProbability(lambda, 1, 4, theta);
        var abandoned = Ci(runs, r => r.AbandonmentRatio, 3);
        var queue = Ci(runs, r => r.QueueLengthMean, 3);
        var rate = Ci(runs, r => r.AbandonedPerSecond, 3);
        output.WriteLine($"P(abandon) {abandoned} vs {expected}; E[Q] {queue} vs {lambda * expected / theta}; abandoned/s {rate} vs {lambda * expected}");
        Assert.True(abandoned.Contains(expected), $"P(abandon): {abandoned} vs {expected}");
        Assert.True(queue.Contains(lambda * expected / theta), $"E[Q]: {queue} vs {lambda * expected / theta}");
        Assert.True(rate.Contains(lambda * expected), $"abandoned/s: {rate} vs {lambda * expected}");
        // 8 × 20,000 s: about 100,000 arrivals a run; the 2 % bound fails only if the runs are cut.
        Assert.True(abandoned.RelativeHalfWidth < 0.02, $"too wide {abandoned}");
        Assert.Equal(runs.Sum(r => r.Failed), runs.Sum(r => r.ErrorsByKind[(int)ErrorKind.Abandoned]));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Retries_OfIndependentTimeouts_AmplifyAsTheTruncatedGeometricLaw()
    {
        // 1,000 workers (no queueing) holding each attempt an exponential 1 s; the client gives up after T = ln(1/0.4) s, so
        // each attempt times out with probability B = e^(−T) = 0.4, independently (the server goes on with it). With up to
        // m = 2 retries on timeout, attempts per request = 1 + B + B² = (1 − B^(m+1))/(1 − B) = 1.56 and the request fails
        // only when all three attempts time out: B³ = 0.064.
        const double b = 0.4;
        const int m = 2;
        StackScenario s = WithClients(Scenarios.Bare(1000, Exponential.FromMean(1.0), rate: 10, duration: 4_000, warmup: 100, replications: 6),
            new ClientsSpec { TimeoutSeconds = Math.Log(1 / b), Retries = new RetrySpec { Max = m, On = [RetryTrigger.ClientTimeout] } });
        StackReplicationResult[] runs = StackExperiment.Run(s);
        double attempts = (1 - Math.Pow(b, m + 1)) / (1 - b);
        var amplification = Ci(runs, r => r.AttemptsPerRequest, 3);
        var failed = Ci(runs, r => r.ErrorRate, 3);
        var retries = Ci(runs, r => r.RetriesPerSecond, 3);
        output.WriteLine($"attempts/request {amplification} vs {attempts}; error rate {failed} vs {Math.Pow(b, m + 1)}; retries/s {retries} vs {10 * (attempts - 1)}");
        Assert.True(amplification.Contains(attempts), $"attempts per request: {amplification} vs {attempts}");
        Assert.True(failed.Contains(Math.Pow(b, m + 1)), $"final failures: {failed} vs {Math.Pow(b, m + 1)}");
        Assert.True(retries.Contains(10 * (attempts - 1)), $"retries/s: {retries} vs {10 * (attempts - 1)}");
        // 6 × 4,000 s: 40,000 requests a run, the 1 % bound fails only if the runs are cut.
        Assert.True(amplification.RelativeHalfWidth < 0.01, $"too wide {amplification}");
        Assert.All(runs, r => Assert.Equal(r.Failed, r.ErrorsByKind[(int)ErrorKind.ClientTimeout]));
    }

    [Fact]
    public void Retries_LatencyCountsFromTheFirstAttempt()
    {
        // As above (B = 0.4, T = ln 2.5 s, no queueing), with fixed backoffs of 0.5 s and 1 s (no jitter). A request that
        // succeeds on attempt k (probability B^(k−1)(1 − B), k = 1..3) has waited (k − 1) timeouts and the backoffs before
        // it, then its successful attempt's holding time given that it beat the timeout, E[S | S < T] =
        // (1 − e^(−T)(1 + T)) / (1 − e^(−T)). Its latency counts from the first attempt, so the mean latency of successes is
        // Σ_k P_k·(Σ_(i<k) (T + b_i) + E[S | S < T]) / Σ_k P_k = 1.094 s (it would be E[S | S < T] = 0.389 s counted from
        // the last attempt).
        const double b = 0.4;
        double t = Math.Log(1 / b);
        StackScenario s = WithClients(Scenarios.Bare(1000, Exponential.FromMean(1.0), rate: 10, duration: 3_000, warmup: 50, replications: 6),
            new ClientsSpec { TimeoutSeconds = t, Retries = new RetrySpec { Max = 2, On = [RetryTrigger.ClientTimeout], Backoff = new BackoffSpec { InitialSeconds = 0.5, Multiplier = 2, Jitter = 0 } } });
        double beat = (1 - Math.Exp(-t) * (1 + t)) / (1 - Math.Exp(-t));
        double[] before = [0, t + 0.5, t + 0.5 + t + 1.0];
        double num = 0, den = 0;
        for (int k = 0; k < 3; k++)
        {
            double p = Math.Pow(b, k) * (1 - b);
            num += p * (before[k] + beat);
            den += p;
        }
        double expected = num / den;
        var latency = Ci(StackExperiment.Run(s), r => r.LatencyMeanSeconds, 1);
        output.WriteLine($"mean latency {latency} vs {expected}");
        Assert.True(latency.Contains(expected), $"mean latency {latency} vs {expected}");
        Assert.True(latency.RelativeHalfWidth < 0.02, $"too wide {latency}");
    }

    private static StackScenario Storm(ulong seed) => WithClients(
        Scenarios.Bare(4, Exponential.FromMean(0.1), rate: 50, duration: 300, warmup: 20, replications: 2, seed: seed),
        new ClientsSpec
        {
            TimeoutSeconds = 0.5,
            PatienceSeconds = Exponential.FromMean(2),
            Retries = new RetrySpec { Max = 3, On = [RetryTrigger.ClientTimeout, RetryTrigger.Abandoned], Backoff = new BackoffSpec { InitialSeconds = 0.05, Multiplier = 2, MaxSeconds = 1, Jitter = 1 } },
        });

    private static string Fingerprint(StackReplicationResult r) => string.Join(' ',
        r.Arrivals, r.Completed, r.Failed, string.Join(',', r.ErrorsByKind), r.AttemptsPerRequest, r.AttemptsPerSecond, r.RetriesPerSecond,
        r.ClientTimeoutsPerSecond, r.AbandonedPerSecond, r.AbandonmentRatio, r.WastedWorkFraction, r.LatencyMeanSeconds, r.LatencyP99Seconds,
        r.ThroughputPerSecond, r.QueueLengthMean, r.WorkerUtilization);

    [Fact]
    public void ARetryStorm_RunTwiceWithTheSameSeed_GivesIdenticalResults()
    {
        // 50 req/s offered to a pool that serves 40: timeouts and abandonments retried up to 3 times, with random backoff.
        string[] first = [.. StackExperiment.Run(Storm(7)).Select(Fingerprint)];
        string[] second = [.. StackExperiment.Run(Storm(7)).Select(Fingerprint)];
        Assert.Equal(first, second);
        StackReplicationResult r = StackExperiment.Run(Storm(7))[0];
        Assert.True(r.RetriesPerSecond > 1 && r.ClientTimeoutsPerSecond > 1 && r.AbandonedPerSecond > 0.1 && r.WastedWorkFraction > 0.01, Fingerprint(r));
        Assert.NotEqual(first, [.. StackExperiment.Run(Storm(8)).Select(Fingerprint)]);
    }

    [Fact]
    public void ClosedUsers_WaitForTheFinalOutcome_BeforeThinking()
    {
        // 20 users, think 1 s, one worker of 0.1 s, client timeout 0.05 s with 2 retries: every attempt times out, so each
        // request ends after its third timeout; the user thinks only then. A request therefore lasts 3 × 0.05 s + backoffs
        // (0.1 + 0.2 s, no jitter) = 0.45 s and each user makes one per 1.45 s: 13.8 requests/s, 41.4 attempts/s —
        // whatever the orphaned attempts do at the server.
        StackScenario s = WithClients(
            Scenarios.Bare(1, Deterministic.Of(0.1), closed: new ClosedLoad { Users = 20, ThinkTimeSeconds = Deterministic.Of(1) }, duration: 1_000, warmup: 50, replications: 2),
            new ClientsSpec { TimeoutSeconds = 0.05, Retries = new RetrySpec { Max = 2, On = [RetryTrigger.ClientTimeout], Backoff = new BackoffSpec { InitialSeconds = 0.1, Multiplier = 2, Jitter = 0 } } });
        foreach (StackReplicationResult r in StackExperiment.Run(s))
        {
            Assert.Equal(0, r.Completed);
            Assert.Equal(3.0, r.AttemptsPerRequest, 1e-9);
            Assert.Equal(20 / 1.45 * 3, r.AttemptsPerSecond, 0.5);
            Assert.Equal(1.0, r.WastedWorkFraction, 0.01); // every worker-second went to a client that had gone
        }
    }

    [Fact]
    public void Defaults_AreNoClientBehaviour()
    {
        var c = new ClientsSpec();
        Assert.Null(c.TimeoutSeconds);
        Assert.Null(c.PatienceSeconds);
        Assert.Equal(0, c.Retries.Max);
        Assert.Equal([RetryTrigger.ClientTimeout, RetryTrigger.BacklogFull, RetryTrigger.WorkerTimeout], c.Retries.On);
        Assert.Equal((0.1, 2.0, 10.0, 1.0), (c.Retries.Backoff.InitialSeconds, c.Retries.Backoff.Multiplier, c.Retries.Backoff.MaxSeconds, c.Retries.Backoff.Jitter));
        StackReplicationResult r = StackExperiment.Run(Scenarios.Bare(2, Exponential.FromMean(0.1), rate: 10, duration: 200, warmup: 10, replications: 1))[0];
        Assert.Equal((1.0, 0.0, 0.0, 0.0, 0.0, 0.0), (r.AttemptsPerRequest, r.RetriesPerSecond, r.ClientTimeoutsPerSecond, r.AbandonedPerSecond, r.AbandonmentRatio, r.WastedWorkFraction));
    }
}
