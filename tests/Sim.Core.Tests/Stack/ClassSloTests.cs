using Sim.Core.Tests.Scenarios;
using Sim.Distributions;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Validation;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Stack;

/// <summary>SLO clauses per request class (slo.classes) and classes left out of the overall one (slo.excludeClasses).</summary>
public class ClassSloTests(ITestOutputHelper output)
{
    // Two classes on the same 2 workers: a slow page (Exp, mean 200 ms) and three times as many fast static files (10 ms).
    // The static files dilute the overall p95, so the page's own p95 is well above it.
    private static StackScenario TwoClasses(double rate, double duration = 1000, int replications = 3) =>
        Scenarios.Bare(2, Deterministic.Of(0), rate: rate, duration: duration, warmup: 100, replications: replications) with
        {
            Classes =
            [
                new RequestClass { Name = "page", Weight = 1, Steps = [new ExternalCallStep { LatencySeconds = Exponential.FromMean(0.2) }] },
                new RequestClass { Name = "static", Weight = 3, Steps = [new ExternalCallStep { LatencySeconds = Deterministic.Of(0.01) }] },
            ],
        };

    private static readonly StackReplicationResult[] Runs = StackExperiment.Run(TwoClasses(20, duration: 500, replications: 2));

    private static double ClassP(string name, double q) => Runs.Average(r => r.Classes.Single(c => c.Name == name).LatencyHistogram.Quantile(q));

    private static SloSpec Slo(double limit = 10, double errors = 1) => new() { LatencyQuantile = 0.95, LatencyLimitSeconds = limit, MaxErrorRate = errors };

    [Fact]
    public void AClassHistogram_GivesTheClassPercentiles()
    {
        foreach (StackReplicationResult r in Runs)
        {
            foreach (StackClassResult c in r.Classes)
            {
                Assert.True(c.LatencyHistogram.Count > 0);
                Assert.Equal(c.LatencyP95Seconds, c.LatencyHistogram.Quantile(0.95));
                Assert.Equal(c.LatencyP50Seconds, c.LatencyHistogram.Quantile(0.5));
            }
            Assert.Equal(r.LatencyHistogram.Count, r.Classes.Sum(c => c.LatencyHistogram.Count));
        }
    }

    [Fact]
    public void EachClassClause_IsJudgedOnItsClass_AndTheFurthestPastItsLimitBinds()
    {
        double page = ClassP("page", 0.95), stat = ClassP("static", 0.95);
        output.WriteLine($"page p95 {page * 1000:F1} ms, static p95 {stat * 1000:F1} ms");
        // Page within its limit, static files at twice theirs: violated, and static binds.
        SloSpec slo = Slo() with { Classes = [new ClassSloSpec("page", 0.95, 2 * page), new ClassSloSpec("static", 0.95, stat / 2)] };
        SloVerdict v = SloVerdict.Judge(slo, Runs);
        Assert.False(v.Met);
        Assert.False(v.LatencyMet);
        Assert.True(v.ErrorsMet);
        Assert.Equal(["p95", "page p95", "static p95", "errors"], v.Clauses.Select(c => c.Name));
        Assert.Equal(page, v.ClassLatency[0].Measured, 12);
        Assert.Equal(stat, v.ClassLatency[1].Measured, 12);
        Assert.True(v.ClassLatency[0].Met);
        Assert.False(v.ClassLatency[1].Met);
        Assert.Equal("static p95", v.Binding.Name);
        Assert.Equal(2, v.Binding.Ratio, 9);
        Assert.True(v.ClassLatency.All(c => c.Ci95 > 0 && double.IsFinite(c.Ci95)));
        Assert.Matches(@"^SLO violated: p95 [\d.]+ ms ≤ 10000 ms, page p95 [\d.]+ ms ≤ [\d.]+ ms, static p95 [\d.]+ ms > [\d.]+ ms \(failed\), errors 0\.00 % ≤ 100\.00 %; binding: static p95$", v.Describe());
        // Both within their limits: met, and the one closer to its limit binds (page at 0.9 of its limit, static at 0.5).
        SloVerdict met = SloVerdict.Judge(slo with { Classes = [new ClassSloSpec("page", 0.95, page / 0.9), new ClassSloSpec("static", 0.95, 2 * stat)] }, Runs);
        Assert.True(met.Met);
        Assert.Equal("page p95", met.Binding.Name);
    }

    [Fact]
    public void ClauseLogic_ByHand()
    {
        SloSpec slo = Slo(limit: 0.5, errors: 0.001) with { Classes = [new ClassSloSpec("page", 0.95, 0.5), new ClassSloSpec("static", 0.99, 0.05)] };
        SloClauseVerdict page = new("page p95", "page", 0.95, 0.45, double.NaN, 0.5), stat = new("static p99", "static", 0.99, 0.06, double.NaN, 0.05);
        var v = new SloVerdict(slo, 0.4, 0, Unstable: false) { ClassLatency = [page, stat] };
        Assert.False(v.Met);                                  // static 60 ms > 50 ms
        Assert.Equal("static p99", v.Binding.Name);           // ratio 1.2 against page's 0.9 and the overall's 0.8
        Assert.True((v with { ClassLatency = [page] }).Met);
        Assert.Equal("page p95", (v with { ClassLatency = [page] }).Binding.Name);
        // The overall clause binds when it is the closest; the error clause when errors are furthest past their limit.
        Assert.Equal("p95", (v with { LatencySeconds = 0.49, ClassLatency = [page] }).Binding.Name);
        SloVerdict errors = v with { ErrorRate = 0.01, ClassLatency = [page] };
        Assert.False(errors.Met);
        Assert.Equal("errors", errors.Binding.Name);
        // A zero error limit: no errors is a ratio of 0, any error +∞.
        Assert.Equal(0, new SloClauseVerdict("errors", null, double.NaN, 0, double.NaN, 0).Ratio);
        Assert.Equal(double.PositiveInfinity, new SloClauseVerdict("errors", null, double.NaN, 1e-9, double.NaN, 0).Ratio);
        // Unstable: violated whatever the clauses say.
        Assert.False((v with { Unstable = true, ClassLatency = [page] }).Met);
    }

    [Fact]
    public void ExcludingAClass_MakesTheOverallPercentileTheOtherClasss()
    {
        SloVerdict all = SloVerdict.Judge(Slo(), Runs);
        SloVerdict pageOnly = SloVerdict.Judge(Slo() with { ExcludeClasses = ["static"] }, Runs);
        double page = ClassP("page", 0.95);
        output.WriteLine($"overall p95 {all.LatencySeconds * 1000:F1} ms, without static {pageOnly.LatencySeconds * 1000:F1} ms, page class p95 {page * 1000:F1} ms");
        Assert.Equal(page, pageOnly.LatencySeconds, 12);
        Assert.Equal(Runs.Average(r => r.LatencyHistogram.Quantile(0.95)), all.LatencySeconds, 12);
        Assert.True(pageOnly.LatencySeconds > 1.3 * all.LatencySeconds); // the static files pulled the overall p95 down (measured: 568 → 805 ms)
        // Further quantiles judged beside the SLO's follow the same classes.
        SloVerdict p99 = SloVerdict.Judge(Slo() with { ExcludeClasses = ["static"] }, Runs, [new LatencyObjective(0.99, 10)]);
        Assert.Equal(ClassP("page", 0.99), p99.MoreLatency[0].LatencySeconds, 12);
        Assert.Equal(["p95", "p99", "errors"], p99.Clauses.Select(c => c.Name));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void CapacitySearch_BindsOnThePageClause_AndMatchesTheOverallWithoutStaticFiles()
    {
        // p95 ≤ 1 s overall and for the page: the page's p95 crosses first, so the page clause binds and the capacity is
        // lower than the overall clause's alone (measured: 24.41 against 26.24 req/s; 3 × 1,000 s per load). Judging the page by a class clause or the overall clause without the
        // static files is the same percentile of the same histograms: the same loads, the same capacity, bit for bit.
        StackScenario s = TwoClasses(10);
        SloSpec overall = Slo(limit: 1, errors: 0.001);
        CapacityResult alone = CapacitySearch.Find(s with { Slo = overall });
        CapacityResult byClass = CapacitySearch.Find(s with { Slo = overall with { Classes = [new ClassSloSpec("page", 0.95, 1)] } });
        CapacityResult excluded = CapacitySearch.Find(s with { Slo = overall with { ExcludeClasses = ["static"] } });
        output.WriteLine($"overall alone {alone.Capacity:F3} ({alone.BindingClause}); page clause {byClass.Capacity:F3} ({byClass.BindingClause}); without static {excluded.Capacity:F3} ({excluded.BindingClause}) req/s");
        foreach (SloClauseVerdict c in byClass.ClausesAtCapacity) output.WriteLine($"  at capacity: {SloVerdict.DescribeClause(c)} ± {c.Ci95 * 1000:F1} ms");
        Assert.Equal("p95", alone.BindingClause);
        Assert.Equal("page p95", byClass.BindingClause);
        Assert.Equal("p95", excluded.BindingClause);
        Assert.True(byClass.Capacity < 0.97 * alone.Capacity, $"{byClass.Capacity} vs {alone.Capacity}");
        Assert.Equal(excluded.Capacity, byClass.Capacity);
        Assert.Equal(excluded.FirstViolation, byClass.FirstViolation);
        SloClauseVerdict pageAtCapacity = byClass.ClausesAtCapacity.Single(c => c.Class == "page");
        Assert.True(pageAtCapacity.Met);
        Assert.Equal(excluded.LatencyAtCapacity, pageAtCapacity.Measured, 12);
        Assert.True(byClass.LatencyAtCapacity < pageAtCapacity.Measured); // the overall p95 (with static files) is still reported as the SLO latency
    }

    [Fact]
    public void WithoutClassClauses_TheSearchIsUnchanged()
    {
        // Empty classes and exclusions are the defaults: a search that sets them explicitly finds the very same result.
        StackScenario s = TwoClasses(10, duration: 100, replications: 2) with { Slo = Slo(limit: 1, errors: 0.001) };
        CapacityResult a = CapacitySearch.Find(s);
        CapacityResult b = CapacitySearch.Find(s with { Slo = s.Slo with { Classes = [], ExcludeClasses = [] } });
        Assert.Equal((a.Capacity, a.FirstViolation, a.LatencyAtCapacity, a.LatencyCi95AtCapacity, a.CapacityCi95), (b.Capacity, b.FirstViolation, b.LatencyAtCapacity, b.LatencyCi95AtCapacity, b.CapacityCi95));
        Assert.Equal(["p95", "errors"], a.ClausesAtCapacity.Select(c => c.Name));
    }

    private const string TwoClassJson = """
        { "load": { "open": { "rate": "50/s" } },
          "classes": [ { "name": "page", "steps": [ { "cpu": "20ms" } ] }, { "name": "static", "steps": [ { "cpu": "1ms" } ] } ] }
        """;

    [Fact]
    public void BothForms_ReadTheSameSlo()
    {
        string file = TwoClassJson[..^1] + """, "slo": { "p95": "400ms", "classes": { "page": { "p99": "1s" }, "static": { "p95": "50ms" } }, "excludeClasses": ["static"] } }""";
        SloSpec fromFile = ScenarioLoaderTests.Ok(file).Slo;
        SloSpec fromSet = ScenarioLoaderTests.Ok(TwoClassJson, "slo.p95=400ms", "slo.classes.page.p99=1s", "slo.classes.static.p95=50ms", "slo.excludeClasses=[\"static\"]").Slo;
        foreach (SloSpec slo in new[] { fromFile, fromSet })
        {
            Assert.Equal((0.95, 0.4, 0.001), (slo.LatencyQuantile, slo.LatencyLimitSeconds, slo.MaxErrorRate));
            Assert.Equal([new ClassSloSpec("page", 0.99, 1), new ClassSloSpec("static", 0.95, 0.05)], slo.Classes);
            Assert.Equal(["static"], slo.ExcludeClasses);
        }
        // Setting a class's latency key replaces the one it had.
        SloSpec replaced = ScenarioLoaderTests.Ok(file, "slo.classes.page.p95=700ms").Slo;
        Assert.Equal(new ClassSloSpec("page", 0.95, 0.7), replaced.Classes[0]);
        // Without the new fields: the defaults, empty.
        SloSpec plain = ScenarioLoaderTests.Ok(TwoClassJson).Slo;
        Assert.Empty(plain.Classes);
        Assert.Empty(plain.ExcludeClasses);
    }

    [Theory]
    [InlineData("slo.classes={\"pages\": {\"p95\": \"500ms\"}}", "$.slo.classes.pages", "a request class of the scenario: page, static (the name 'pages' is not one)")]
    [InlineData("slo.classes.page.p95=0s", "$.slo.classes.page[\"p95\"]", "a duration in (0, 1e7 s]")]
    [InlineData("slo.classes.page.p95=fast", "$.slo.classes.page[\"p95\"]", "duration")]
    [InlineData("slo.classes.page.p100=1s", "$.slo.classes.page[\"p100\"]", "a latency quantile strictly between p0 and p100")]
    [InlineData("slo.classes={\"page\": {\"p95\": \"1s\", \"p99\": \"2s\"}}", "$.slo.classes.page", "an object with one latency quantile key")]
    [InlineData("slo.classes={\"page\": \"1s\"}", "$.slo.classes.page", "an object with one latency quantile key")]
    [InlineData("slo.classes=[\"page\"]", "$.slo.classes", "an object of request class → one latency quantile")]
    [InlineData("slo.excludeClasses=[\"css\"]", "$.slo.excludeClasses[0]", "a request class of the scenario: page, static")]
    [InlineData("slo.excludeClasses=[\"static\", \"static\"]", "$.slo.excludeClasses[1]", "each class once")]
    [InlineData("slo.excludeClasses=[\"page\", \"static\"]", "$.slo.excludeClasses", "at least one class left for the overall latency objective")]
    [InlineData("slo.excludeClasses=\"static\"", "$.slo.excludeClasses", "a list of request class names")]
    [InlineData("slo.excludeClasses=[7]", "$.slo.excludeClasses[0]", "a request class name (a string)")]
    public void BadClassClauses_AreOneErrorEach(string set, string path, string allowed)
    {
        ScenarioLoadResult r = ScenarioLoaderTests.Load(TwoClassJson, set);
        ValidationError e = Assert.Single(r.Errors);
        Assert.Equal(path, e.Path);
        Assert.Contains(allowed, e.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownKeyUnderAClass_IsRefusedByThePath()
    {
        ScenarioLoadResult r = ScenarioLoaderTests.Load(TwoClassJson, "slo.classes.page.q95=1s");
        Assert.False(r.Succeeded);
        Assert.Contains(r.Errors, e => e.Allowed.Contains("unknown key 'q95'", StringComparison.Ordinal) || e.ToString().Contains("unknown key 'q95'", StringComparison.Ordinal));
    }

    [Fact]
    public void AClassClauseInCSharp_NamingNoClass_IsInvalid()
    {
        StackScenario s = TwoClasses(10) with { Slo = Slo() with { Classes = [new ClassSloSpec("api", 0.95, 1)] } };
        ValidationError e = Assert.Single(s.Validate());
        Assert.Equal("$.slo.classes.api", e.Path);
        Assert.Contains("page, static", e.Allowed, StringComparison.Ordinal);
    }
}
