using Sim.Distributions;
using Sim.Experiments;
using Sim.Kernel;
using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// Every public entry point that runs (or estimates) a scenario validates it first: an invalid scenario built in code is
/// an <see cref="ArgumentException"/> listing every problem, never an IndexOutOfRangeException deep in the model nor
/// numbers from a stack of zero workers.
/// </summary>
public class EntryPointValidationTests
{
    private static StackScenario Valid() => Scenarios.Bare(2, Deterministic.Of(0.01), rate: 10, duration: 10, warmup: 1, replications: 2);

    private static SweepGrid Grid()
    {
        Assert.True(SweepParameter.TryParse("workers.count=2", out SweepParameter? p, out string error), error);
        Assert.True(SweepGrid.TryCreate([p], out SweepGrid? grid, out error), error);
        return grid;
    }

    private static readonly Dictionary<string, Action<StackScenario>> EntryPoints = new()
    {
        ["new StackModel"] = s => _ = new StackModel(new Simulation(), s, 0),
        ["StackExperiment.RunOne"] = s => StackExperiment.RunOne(s, 0),
        ["StackExperiment.DetectWarmup"] = s => StackExperiment.DetectWarmup(s),
        ["StackExperiment.Run"] = s => StackExperiment.Run(s),
        ["StackExperiment.RunKeepingFinished"] = s => StackExperiment.RunKeepingFinished(s),
        ["StackExperiment.RunToPrecision"] = s => StackExperiment.RunToPrecision(s, [StackMetrics.Get("throughputPerSecond")], 0.1, 4),
        ["CapacitySearch.Find"] = s => CapacitySearch.Find(s),
        ["ScalingStudy.Servers"] = s => ScalingStudy.Servers(s, [1, 2]),
        ["ScalingStudy.Workers"] = s => ScalingStudy.Workers(s, [1, 2]),
        ["ScalingStudy.SaturatingLoadPerServer"] = s => ScalingStudy.SaturatingLoadPerServer(s),
        ["Sweep.Run"] = s => Sweep.Run(Grid(), [(0, s)]),
        ["StackAnalytic.Demands"] = s => StackAnalytic.Demands(s),
        ["StackAnalytic.Estimate"] = s => StackAnalytic.Estimate(s),
    };

    public static TheoryData<string> Names() => [.. EntryPoints.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void NoClasses_IsAnArgumentException_ListingEveryProblem(string entryPoint)
    {
        // Before: IndexOutOfRangeException from new StackModel(…) (the cumulative class weights of no classes).
        StackScenario bad = Valid() with { Classes = [], Workers = Valid().Workers with { Count = 0 } };
        var e = Assert.Throws<ScenarioValidationException>(() => EntryPoints[entryPoint](bad));
        Assert.IsAssignableFrom<ArgumentException>(e);
        Assert.Equal(bad.Validate(), e.Errors);
        Assert.Equal(["$.workers.count", "$.classes"], e.Errors.Select(x => x.Path));
        Assert.Contains("$.workers.count: 0 — too small; allowed: a whole number in [1, 1000]", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.classes: [] — a non-empty list", e.Message, StringComparison.Ordinal);
        Assert.Equal(entryPoint == "Sweep.Run" ? "points" : "scenario", e.ParamName);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ZeroWorkers_OrAllZeroWeights_AreRefused_NotSimulated(string entryPoint)
    {
        // Before: both ran and returned numbers (a stack that serves nothing; class weights 0 / 0).
        StackScenario s = Valid();
        Assert.Throws<ScenarioValidationException>(() => EntryPoints[entryPoint](s with { Workers = s.Workers with { Count = 0 } }));
        Assert.Throws<ScenarioValidationException>(() => EntryPoints[entryPoint](s with { Classes = [s.Classes[0] with { Weight = 0 }] }));
    }

    [Fact]
    public void ASweepPoint_IsNamedByItsIndex()
    {
        StackScenario bad = Valid() with { Classes = [] };
        var e = Assert.Throws<ScenarioValidationException>(() => Sweep.Run(Grid(), [(0, bad)]));
        Assert.StartsWith("Sweep point 0 (scenario 'bare') is invalid (1 problem):", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AValidScenario_StillRuns()
    {
        StackReplicationResult r = StackExperiment.RunOne(Valid(), 0);
        Assert.True(r.Completed > 0);
    }
}
