using Sim.Analytic;
using Sim.Core.Tests.Readme;
using Sim.Core.Tests.Validation;
using Sim.Scenarios;
using Sim.Stack;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// Each shipped textbook scenario, loaded from its JSON file and run as shipped (its own
/// replications, warm-up and duration), agrees with its closed form: Bonferroni t-interval must
/// contain the analytic value and be narrower than the stated precision.
/// </summary>
[Trait("Category", "Slow")]
public class TextbookScenarioTests(ITestOutputHelper output)
{
    private static StackScenario Load(string file)
    {
        string path = Path.Combine(ReadmeExampleTests.RepoRoot(), "scenarios", "textbook", file);
        ScenarioLoadResult result = ScenarioLoader.LoadFile(path);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Baseline;
    }

    private StackReplicationResult[] Run(string file, out StackScenario scenario)
    {
        scenario = Load(file);
        return StackExperiment.Run(scenario);
    }

    [Fact]
    public void MM1Scenario()
    {
        var runs = Run("mm1.json", out var s);
        Assert.Equal(1, s.Workers.Count);
        MMcResult theory = Sim.Analytic.MM1.Compute(8, 10);
        var check = new Agreement(output, checks: 2);
        check.Check("mm1.json W", runs.Select(r => r.LatencyMean).ToArray(), theory.W, 0.05);
        check.Check("mm1.json L", runs.Select(r => r.InSystemMean).ToArray(), theory.L, 0.05);
    }

    [Fact]
    public void MMcScenario()
    {
        var runs = Run("mmc.json", out var s);
        Assert.Equal(8, s.Workers.Count);
        MMcResult theory = Sim.Analytic.MMc.Compute(72, 10, 8);
        var check = new Agreement(output, checks: 3);
        check.Check("mmc.json W", runs.Select(r => r.LatencyMean).ToArray(), theory.W, 0.03);
        check.Check("mmc.json Wq", runs.Select(r => r.Breakdown[(int)BreakdownCategory.WorkerQueue].Total).ToArray(), theory.Wq, 0.06);
        check.Check("mmc.json utilization", runs.Select(r => r.WorkerUtilization).ToArray(), theory.Utilization, 0.01);
    }

    [Fact]
    public void MD1Scenario()
    {
        var runs = Run("md1.json", out _);
        MG1Result theory = Sim.Analytic.MD1.Compute(8, 0.1);
        var check = new Agreement(output, checks: 1);
        check.Check("md1.json W", runs.Select(r => r.LatencyMean).ToArray(), theory.W, 0.03);
    }

    [Fact]
    public void MG1LogNormal()
    {
        var runs = Run("mg1-lognormal.json", out _);
        MG1Result theory = MG1.Compute(8, 0.1, 0.2 * 0.2);
        var check = new Agreement(output, checks: 1);
        check.Check("mg1-lognormal.json W", runs.Select(r => r.LatencyMean).ToArray(), theory.W, 0.08);
    }

    [Fact]
    public void ErlangBLoss()
    {
        var runs = Run("mmcc-erlang-b.json", out var s);
        Assert.Equal(0, s.Workers.Backlog);
        double theory = ErlangB.Blocking(6, 8);
        var check = new Agreement(output, checks: 1);
        check.Check("mmcc-erlang-b.json blocking", runs.Select(r => r.ErrorRate).ToArray(), theory, 0.02);
        Assert.All(runs, r => Assert.Equal(r.Failed, r.ErrorsByKind[(int)ErrorKind.BacklogFull]));
    }

    [Fact]
    public void ClosedInteractive()
    {
        var runs = Run("closed-interactive.json", out var s);
        Assert.Equal(20, s.Load.Closed!.Users);
        MvaResult mva = Mva.Compute(20, 1.0, new[] { new MvaStation(0.1, 1) });
        var check = new Agreement(output, checks: 2);
        check.Check("closed-interactive.json X", runs.Select(r => r.ThroughputPerSecond).ToArray(), mva.Throughput(20), 0.01);
        check.Check("closed-interactive.json R", runs.Select(r => r.LatencyMean).ToArray(), mva.ResponseTime(20), 0.03);
    }
}
