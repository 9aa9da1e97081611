using Sim.Core.Tests.Readme;
using Sim.Experiments;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Statistics;

namespace Sim.Core.Tests.Experiments;

public sealed class SensitivityStudyTests
{
    private static string Scenario(string relative) => File.ReadAllText(Path.Combine(ReadmeExampleTests.RepoRoot(), "scenarios", relative));

    private static readonly string[] Seed20s = ["run.warmup=5s"];

    // M/M/1 at λ = 4/s with a mean service of 100 ms (the textbook scenario at half its load): ρ = 0.4.
    private static SensitivityPlan Mm1Plan(params string[] parameters) => SensitivityStudy.Plan(Scenario("textbook/mm1.json"), "mm1.json", new SensitivityOptions
    {
        Overrides = ["load.open.rate=4/s", "run.warmup=100s"],
        Parameters = parameters,
        Replications = 10,
        DurationSeconds = 2000,
    });

    [Fact]
    public void Run_ServiceTimePlus20Percent_ChangesTheMm1MeanAndP95ByTheClosedForm()
    {
        SensitivityResult result = SensitivityStudy.Run(Mm1Plan("classes.work.steps[0].external"));
        SensitivityEntry e = Assert.Single(result.Entries);
        Assert.True(e.Parameter.IsDistribution);
        Assert.Equal(0.08, e.Parameter.LowValue, 12);
        Assert.Equal(0.12, e.Parameter.HighValue, 12);
        // M/M/1: the sojourn time is exponential with rate μ − λ, so W = 1/(μ − λ) and p95 = ln 20/(μ − λ).
        const double lambda = 4;
        static double W(double s) => 1 / (1 / s - lambda);
        static double P95(double s) => Math.Log(20) / (1 / s - lambda);
        // Four checks at 95 % each: Bonferroni to a family level of 95 % (the paired intervals are widened accordingly).
        double widen = ConfidenceInterval.StudentTQuantile(1 - 0.05 / 4, e.Low.Difference("latencyMs.mean").Replications - 1)
            / ConfidenceInterval.StudentTQuantile(0.95, e.Low.Difference("latencyMs.mean").Replications - 1);
        foreach (var (side, s) in new[] { (e.Low, 0.08), (e.High, 0.12) })
        {
            foreach (var (metric, expected) in new[] { ("latencyMs.mean", (W(s) - W(0.1)) * 1000), ("latencyMs.p95", (P95(s) - P95(0.1)) * 1000) })
            {
                PhaseDifference d = side.Difference(metric);
                double half = d.PairedCi95 * widen;
                Assert.True(Math.Abs(d.Difference - expected) <= half, $"{metric} at {s}: {d.Difference:F2} ± {half:F2} ms, closed form {expected:F2} ms");
                // And precise: the interval is below 15 % of the effect, so a wide interval cannot pass.
                Assert.True(half < 0.15 * Math.Abs(expected), $"{metric} at {s}: half-width {half:F2} ms vs effect {expected:F2} ms");
            }
        }
    }

    [Fact]
    public void Run_AParameterTheModelNeverReads_GivesExactlyNoChange_WithAnIntervalAroundZero()
    {
        // The proxy's connection limit (10⁶) never binds at 4 req/s: with common random numbers every run is the base run.
        SensitivityResult result = SensitivityStudy.Run(Mm1Plan("proxy.maxConnections"));
        SensitivityEntry e = Assert.Single(result.Entries);
        Assert.True(e.Low.IdenticalToBase);
        Assert.True(e.High.IdenticalToBase);
        foreach (SensitivitySide side in new[] { e.Low, e.High })
        {
            PhaseDifference d = side.Difference("latencyMs.p95");
            Assert.Equal(0, d.Difference);
            Assert.True(d.PairedCi95 >= 0 && d.PairedCi95 < 0.02 * result.Base["latencyMs.p95"].Mean, $"{d.PairedCi95}");
            Assert.Equal(0, side.Difference("throughputPerSecond").Difference);
        }
        Assert.Equal(0, e.Swing());
    }

    [Fact]
    public void Run_SortsByTheSpanOfThePairedChanges_LargestFirst()
    {
        SensitivityPlan plan = SensitivityStudy.Plan(Scenario("seed-stack.json"), "seed-stack.json", new SensitivityOptions
        {
            Overrides = Seed20s,
            Parameters = ["proxy.gzip.cpuPerMB", "classes.page.steps[1].db.time", "workers.count"],
            Replications = 2,
            DurationSeconds = 30,
        });
        var reports = new List<SensitivityProgress>();
        SensitivityResult result = SensitivityStudy.Run(plan, new Collect(reports));
        Assert.Equal(plan.Runs, reports.Count);
        Assert.Equal(Enumerable.Range(1, plan.Runs), reports.Select(r => r.Completed));
        Assert.Equal("base", reports[0].Side);
        double[] swings = [.. result.Entries.Select(e => e.Swing())];
        Assert.Equal(swings.OrderByDescending(s => s), swings);
        // 3 → 2 workers at 500 users is the largest effect; gzip's cost with gzip off is none.
        Assert.Equal("workers.count", result.Entries[0].Parameter.Path);
        Assert.Equal("proxy.gzip.cpuPerMB", result.Entries[^1].Parameter.Path);
        SensitivityEntry w = result.Entries[0];
        double lo = w.Low.Difference("latencyMs.p95").Difference, hi = w.High.Difference("latencyMs.p95").Difference;
        Assert.Equal(Math.Max(0, Math.Max(lo, hi)) - Math.Min(0, Math.Min(lo, hi)), w.Swing());
        // The paired change is PhaseDifference's on the same replications: a plain run of the low configuration.
        StackReplicationResult[] baseRuns = StackExperiment.Run(plan.Scenario);
        StackReplicationResult[] lowRuns = StackExperiment.Run(plan.Scenario with { Workers = plan.Scenario.Workers with { Count = 2 } });
        Assert.Equal(PhaseDifference.Compare(baseRuns, lowRuns, StackMetrics.Get("latencyMs.p95")), w.Low.Difference("latencyMs.p95"));
        string json = result.ToJson();
        Assert.Contains("\"swingP95Ms\"", json, StringComparison.Ordinal);
        Assert.Contains("\"path\": \"workers.count\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_OfTheSeedStack_VariesItsUnsourcedNumbers_AndSaysWhatItSkips()
    {
        SensitivityPlan plan = SensitivityStudy.Plan(Scenario("seed-stack.json"), "seed-stack.json");
        Assert.Equal(4, plan.Scenario.Run.Replications);
        Assert.Equal(200, plan.Scenario.Run.DurationSeconds);
        Assert.Equal(2026UL, plan.Scenario.Run.Seed);
        SensitivityParameter connect = plan.Parameters.Single(p => p.Path == "dbConnections.connectTime");
        Assert.Equal((0.0075, 0.006, 0.009), (Math.Round(connect.BaseValue, 12), Math.Round(connect.LowValue, 12), Math.Round(connect.HighValue, 12)));
        Assert.Equal("dbConnections.connectTime={\"uniform\":{\"min\":\"4ms\",\"max\":\"8ms\"}}", connect.LowOverride);
        Assert.Contains(plan.Parameters, p => p.Path == "proxy.socketBuffer" && p.LowValue == 3.2e6);
        Assert.Contains(plan.Parameters, p => p.Path == "proxy.gzip.cpuPerMB");
        Assert.Contains(plan.Parameters, p => p.Path == "network.clientBandwidth.mixture[1].weight" && Math.Abs(p.HighValue - 0.0036) < 1e-12);
        Assert.Contains(plan.Parameters, p => p.Path == "workers.count" && p.LowValue == 2 && p.HighValue == 4);
        Assert.DoesNotContain(plan.Parameters, p => p.Path.StartsWith("run.", StringComparison.Ordinal));
        Assert.Contains(plan.Skipped, s => s.Path == "run.duration");
        Assert.Contains(plan.Skipped, s => s.Path == "host.cores" && s.Reason.Contains("rounds to the same count", StringComparison.Ordinal));
        Assert.Contains(plan.Skipped, s => s.Path == "proxy.staticHitRatio" && s.Reason.Contains("of 0 is 0", StringComparison.Ordinal));
        Assert.Equal(1 + 2 * plan.Parameters.Count, plan.Runs);
    }

    [Fact]
    public void Plan_OfAPhase_StudiesThatConfiguration()
    {
        SensitivityPlan plan = SensitivityStudy.Plan(Scenario("seed-stack.json"), "seed-stack.json",
            new SensitivityOptions { Phase = "nginx", Parameters = ["proxy.gzip.cpuPerMB"] });
        Assert.Equal("nginx", plan.Configuration);
        Assert.True(plan.Scenario.Proxy.Gzip.Enabled);
        Assert.Equal(8, plan.Scenario.Workers.Count);
        Assert.Equal(0.00804, plan.Parameters[0].HighValue, 12);
    }

    [Theory]
    [InlineData("{\"exponential\": {\"mean\": \"5ms\"}}")]
    [InlineData("{\"exponential\": {\"rate\": \"200/s\"}}")]
    [InlineData("{\"uniform\": {\"min\": \"12ms\", \"max\": \"20ms\"}}")]
    [InlineData("{\"lognormal\": {\"mean\": \"7ms\", \"stdDev\": \"9ms\"}}")]
    [InlineData("{\"lognormal\": {\"median\": \"40ms\", \"p95\": \"300ms\"}}")]
    [InlineData("{\"lognormal\": {\"mu\": -4, \"sigma\": 0.5}}")]
    [InlineData("{\"gamma\": {\"shape\": 2, \"scale\": \"3ms\"}}")]
    [InlineData("{\"erlang\": {\"k\": 3, \"mean\": \"9ms\"}}")]
    [InlineData("{\"weibull\": {\"shape\": 1.5, \"scale\": \"4ms\"}}")]
    [InlineData("{\"boundedPareto\": {\"alpha\": 1.2, \"min\": \"1ms\", \"max\": \"1s\"}}")]
    [InlineData("{\"empirical\": {\"samples\": [\"1ms\", \"2ms\", \"7ms\"]}}")]
    [InlineData("{\"mixture\": [{\"weight\": 0.9, \"distribution\": \"2ms\"}, {\"weight\": 0.1, \"distribution\": {\"exponential\": {\"mean\": \"50ms\"}}}]}")]
    [InlineData("\"20ms\"")]
    public void Plan_ScalesADistribution_SoItsMeanMovesByTheDelta_AndItsShapeStays(string distribution)
    {
        string json = Scenario("textbook/mm1.json").Replace("{\n            \"exponential\": {\n              \"mean\": \"100ms\"\n            }\n          }", distribution, StringComparison.Ordinal);
        Assert.Contains(distribution, json, StringComparison.Ordinal);
        SensitivityPlan plan = SensitivityStudy.Plan(json, "mm1.json", new SensitivityOptions { Parameters = ["classes.work.steps[0].external"], Delta = 0.25 });
        SensitivityParameter p = plan.Parameters[0];
        Assert.Equal(p.BaseValue * 0.75, p.LowValue, p.BaseValue * 1e-5);
        Assert.Equal(p.BaseValue * 1.25, p.HighValue, p.BaseValue * 1e-5);
        var lo = plan.LowScenarios[0].Classes[0].Steps[0];
        var hi = plan.HighScenarios[0].Classes[0].Steps[0];
        double cvBase = Cv(plan.Scenario.Classes[0].Steps[0]), cvLow = Cv(lo), cvHigh = Cv(hi);
        Assert.Equal(cvBase, cvLow, 1e-4);
        Assert.Equal(cvBase, cvHigh, 1e-4);
    }

    private static double Cv(Step step)
    {
        var d = ((ExternalCallStep)step).LatencySeconds;
        return d.Mean == 0 ? 0 : Math.Sqrt(d.Variance) / d.Mean;
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.2)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Plan_DeltaOutsideZeroToOne_IsRefused_NamingTheValueAndTheRange(double delta)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            SensitivityStudy.Plan(Scenario("textbook/mm1.json"), "mm1.json", new SensitivityOptions { Delta = delta }));
        Assert.StartsWith("delta: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("allowed: a relative change in (0 %, 100 %)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("database.conectTime", "unknown field 'conectTime' in $.database")]
    [InlineData("run.seed", "not a numeric field")]
    [InlineData("run.duration", "not varied — run control")]
    [InlineData("proxy.staticHitRatio", "not varied — 0: ±20 % of 0 is 0")]
    [InlineData("host.cores", "not varied — 2: ±20 % rounds to the same count")]
    [InlineData("proxy.clientKeepalive", "not a numeric field of the baseline configuration")]
    public void Plan_ABadParameter_IsRefused_InOneLineNamingIt(string path, string why)
    {
        var ex = Assert.Throws<ArgumentException>(() => SensitivityStudy.Plan(Scenario("seed-stack.json"), "seed-stack.json",
            new SensitivityOptions { Parameters = [path] }));
        Assert.StartsWith($"parameter '{path}': ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(why, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", ex.Message.Split(" (Parameter")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_AnUnknownPhase_IsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => SensitivityStudy.Plan(Scenario("seed-stack.json"), "seed-stack.json", new SensitivityOptions { Phase = "nginks" }));
        Assert.StartsWith("phase: 'nginks' is not a phase of seed-stack.json; phases: baseline, gunicorn-workers", ex.Message, StringComparison.Ordinal);
    }

    private sealed class Collect(List<SensitivityProgress> reports) : IProgress<SensitivityProgress>
    {
        public void Report(SensitivityProgress value) => reports.Add(value);
    }
}
