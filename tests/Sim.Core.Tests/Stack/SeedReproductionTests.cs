using Sim.Core.Tests.Readme;
using Sim.Scenarios;
using Sim.Stack;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// The seed document's BEFORE and AFTER panels against scenarios/seed-stack.json, with the project's
/// tolerances (±20 % baseline, ±25 % Phase 1 "after") — the same settings and commands as the tables
/// in docs/seed-reproduction.md (5 replications × 600 s after 120 s, seed 2026).
/// </summary>
public class SeedReproductionTests(ITestOutputHelper output)
{
    private static StackSummary Run(string phase, int? users)
    {
        string path = Path.Combine(ReadmeExampleTests.RepoRoot(), "scenarios", "seed-stack.json");
        string[] overrides = users is { } n ? [$"load.closed.users={n}"] : [];
        ScenarioLoadResult loaded = ScenarioLoader.LoadFile(path, overrides);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        return StackSummary.From(StackExperiment.Run(loaded.Phases.Single(p => p.Name == phase).Scenario));
    }

    private void Check(StackSummary summary, string metric, double document, double tolerance, List<string> misses)
    {
        double simulated = summary[metric].Mean;
        double gap = (simulated - document) / document;
        bool ok = Math.Abs(gap) <= tolerance;
        output.WriteLine($"{metric}: document {document:G4}, simulated {simulated:G4} ± {summary[metric].Ci95:G3} ({gap:+0%;-0%}) {(ok ? "ok" : "MISS")}");
        if (!ok) misses.Add($"{metric} {simulated:G4} vs {document:G4} ({gap:+0%;-0%}, allowed ±{tolerance:0%})");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Baseline_At500Users_MatchesTheDocumentsBeforePanel_Within20Percent()
    {
        StackSummary s = Run("baseline", null);
        var misses = new List<string>();
        Check(s, "throughputPerSecond", 100, 0.20, misses);
        Check(s, "latencyMs.p50", 400, 0.20, misses);
        Check(s, "latencyMs.p95", 1200, 0.20, misses);
        Check(s, "latencyMs.p99", 1800, 0.20, misses);
        Check(s, "latencyMs.mean", 650, 0.20, misses);
        Assert.True(s["workerUtilization"].Mean > 0.95, $"workers {s["workerUtilization"].Mean:P1}, the document: 100 % busy");
        Assert.True(s["queueLengthMean"].Mean > 10, $"backlog {s["queueLengthMean"].Mean:G3}, the document: a queue");
        Assert.InRange(s["cacheHitRatio"].Mean, 0.30, 0.40);
        Assert.Equal(0, s["dbConnectionReusePercent"].Mean, 6);
        Assert.Empty(misses);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Phase1_NginxAt842Users_MatchesTheDocumentsAfterPanel_Within25Percent()
    {
        StackSummary s = Run("nginx", 842);
        var misses = new List<string>();
        Check(s, "throughputPerSecond", 185, 0.25, misses);
        Check(s, "latencyMs.p50", 60, 0.25, misses);
        Check(s, "latencyMs.p95", 120, 0.25, misses);
        Check(s, "latencyMs.p99", 180, 0.25, misses);
        Check(s, "latencyMs.mean", 90, 0.25, misses);
        Assert.InRange(s["workerUtilization"].Mean, 0.10, 0.35);
        Assert.True(s["queueLengthMean"].Mean < 0.1, $"backlog {s["queueLengthMean"].Mean:G3}, the document: no queue");
        Assert.InRange(s["cacheHitRatio"].Mean, 0.70, 0.80);
        Assert.True(s["dbConnectionReusePercent"].Mean >= 98, $"reuse {s["dbConnectionReusePercent"].Mean:G3} %, the document: ~98 %");
        Assert.Empty(misses);
    }
}
