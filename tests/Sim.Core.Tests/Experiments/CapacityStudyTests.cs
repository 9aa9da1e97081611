using Sim.Core.Tests.Readme;
using Sim.Experiments;
using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Core.Tests.Experiments;

public sealed class CapacityStudyTests
{
    /// <summary>Four of the seed stack's phases with short runs (2 × 20 s after 5 s per full-length load), so the searches take seconds.</summary>
    private static IReadOnlyList<ScenarioPhase> ShortSeedPhases()
    {
        ScenarioLoadResult loaded = ScenarioLoader.LoadFile(Path.Combine(ReadmeExampleTests.RepoRoot(), "scenarios", "seed-stack.json"),
            ["run.duration=20s", "run.warmup=5s", "run.replications=2"]);
        Assert.True(loaded.Succeeded);
        return [.. loaded.Phases.Where(p => p.Name is "baseline" or "gunicorn-workers" or "redis" or "caching-layers")];
    }

    [Fact]
    public void SideBySide_GivesExactlyTheSequentialResults_AndReportsInOrder()
    {
        IReadOnlyList<ScenarioPhase> phases = ShortSeedPhases();
        var sideBySideReports = new List<StudyProgress>();
        IReadOnlyList<CapacityResult> sideBySide = CapacityStudy.Run(phases, progress: new Collect(sideBySideReports));
        var sequentialReports = new List<StudyProgress>();
        IReadOnlyList<CapacityResult> sequential = CapacityStudy.Run(phases, quick: false, new Collect(sequentialReports), CancellationToken.None, maxDegreeOfParallelism: 1);

        // One phase after another on one thread: the reference.
        Assert.Equal(phases.Count, sideBySide.Count);
        for (int i = 0; i < phases.Count; i++) Assert.Equal(sequential[i], sideBySide[i]);
        // Progress as a sequential study reports it: start, finish, start, finish, … in the phases' order.
        string[] expected = [.. phases.SelectMany((p, i) => new[] { $"{StudyStage.CapacityStarting} {i} {p.Name} {i}", $"{StudyStage.CapacityFinished} {i} {p.Name} {i + 1}" })];
        lock (sideBySideReports) Assert.Equal(expected, sideBySideReports.Select(r => $"{r.Stage} {r.Index} {r.Phase} {r.Completed}"));
        Assert.Equal(expected, sequentialReports.Select(r => $"{r.Stage} {r.Index} {r.Phase} {r.Completed}"));
        Assert.All(sideBySideReports, r => Assert.Equal(phases.Count, r.Total));
    }

    [Fact]
    public void SideBySide_Cancelled_ThrowsOperationCanceled_NotAnAggregate()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => CapacityStudy.Run(ShortSeedPhases(), cancellationToken: cts.Token));
    }

    private sealed class Collect(List<StudyProgress> reports) : IProgress<StudyProgress>
    {
        public void Report(StudyProgress value)
        {
            lock (reports) reports.Add(value);
        }
    }
}
