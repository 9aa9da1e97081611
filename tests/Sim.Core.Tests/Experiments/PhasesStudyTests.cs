using Sim.Core.Tests.Readme;
using Sim.Experiments;
using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Core.Tests.Experiments;

public sealed class PhasesStudyTests
{
    private static IReadOnlyList<ScenarioPhase> SeedPhases(params string[] only)
    {
        ScenarioLoadResult loaded = ScenarioLoader.LoadFile(Path.Combine(ReadmeExampleTests.RepoRoot(), "scenarios", "seed-stack.json"),
            ["run.duration=20s", "run.warmup=5s", "run.replications=2"]);
        Assert.True(loaded.Succeeded);
        return [.. loaded.Phases.Where(p => only.Contains(p.Name))];
    }

    [Fact]
    public void Run_PairsEachPhaseWithThePreviousOne_AsPhaseDifferenceDoes()
    {
        IReadOnlyList<ScenarioPhase> phases = SeedPhases("baseline", "gunicorn-workers");
        var reports = new List<StudyProgress>();
        var progress = new SyncProgress(reports);
        PhasesResult result = PhasesStudy.Run(phases, progress: progress);

        Assert.False(result.Partial);
        Assert.Equal(["baseline", "gunicorn-workers"], result.Phases.Select(p => p.Name));
        Assert.Empty(result.Phases[0].Differences);
        StackMetric p95 = StackMetrics.Get("latencyMs.p95");
        PhaseDifference expected = PhaseDifference.Compare(result.Phases[0].Replications, result.Phases[1].Replications, p95);
        Assert.Equal(expected, result["gunicorn-workers"].Difference("latencyMs.p95"));
        Assert.Equal(StackMetrics.Compared.Select(m => m.Name), result.Phases[1].ComparedDifferences.Select(d => d.Metric));
        // The same replications as a plain run of each phase: the study adds no randomness of its own.
        Assert.Equal(StackSummary.From(StackExperiment.Run(phases[1].Scenario))["throughputPerSecond"], result.Phases[1].Summary["throughputPerSecond"]);
        lock (reports)
        {
            Assert.Equal(2, reports.Count(r => r.Stage == StudyStage.PhaseFinished));
            Assert.Equal(4, reports.Count(r => r.Stage == StudyStage.ReplicationFinished));
        }
        Assert.Contains("\"changeFromPrevious\"", result.ToJson(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"partial\"", result.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_CancelledBeforeAnyPhaseFinished_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => PhasesStudy.Run(SeedPhases("baseline"), cancellationToken: cts.Token));
    }

    [Fact]
    public void Run_CancelledAfterTheFirstPhase_ReturnsItMarkedPartial()
    {
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress([], r => { if (r.Stage == StudyStage.PhaseFinished) cts.Cancel(); });
        PhasesResult result = PhasesStudy.Run(SeedPhases("baseline", "gunicorn-workers"), progress: progress, cancellationToken: cts.Token);
        Assert.True(result.Partial);
        Assert.Single(result.Phases);
        Assert.StartsWith("{\n  \"partial\": true", result.ToJson().Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void SweepPoint_Metric_ReadsTheSummaryItWasMadeFrom()
    {
        IReadOnlyList<ScenarioPhase> phases = SeedPhases("baseline");
        Assert.True(SweepParameter.TryParse("workers.count=3", out SweepParameter? p, out _));
        Assert.True(SweepGrid.TryCreate([p!], out SweepGrid? grid, out _));
        SweepPoint point = Assert.Single(Sweep.Run(grid!, [(0, phases[0].Scenario)]).Points);
        StackSummary direct = StackSummary.From(StackExperiment.Run(phases[0].Scenario));
        Assert.Equal(direct["latencyMs.p95"], point.Metric("latencyMs.p95"));
        Assert.Throws<KeyNotFoundException>(() => point.Metric("p95"));
    }

    [Fact]
    public void Run_NoPhases_Throws() => Assert.Throws<ArgumentException>(() => PhasesStudy.Run([]));

    private sealed class SyncProgress(List<StudyProgress> reports, Action<StudyProgress>? also = null) : IProgress<StudyProgress>
    {
        public void Report(StudyProgress value)
        {
            lock (reports) reports.Add(value);
            also?.Invoke(value);
        }
    }
}
