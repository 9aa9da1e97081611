using Sim.Distributions;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Statistics;
using Sim.Validation;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// <c>load.populations</c>: several open and closed populations side by side, each with its own load and class mix.
/// Checked against closed forms (the interactive response-time law on a pure delay, P-K with PASTA on a shared M/G/1),
/// the mix per population, the independence of each population's substreams, the refusals and the validation messages.
/// </summary>
public class PopulationsTests(ITestOutputHelper output)
{
    private static readonly Step[] Page = [new ExternalCallStep { LatencySeconds = Exponential.FromMean(1.0) }];
    private static readonly Step[] Api = [new ExternalCallStep { LatencySeconds = Exponential.FromMean(0.5) }];

    // The bare stack (workers hold a request for its external call, nothing else costs time) with two classes and populations;
    // StackAnalyticPopulationsTests builds its cases with the same three helpers.
    internal static StackScenario WithPopulations(int workers, double duration, int replications, params PopulationSpec[] populations)
    {
        StackScenario s = Scenarios.Bare(workers, Exponential.FromMean(1.0), rate: 1, duration: duration, warmup: 200, replications: replications);
        return s with
        {
            Load = new LoadSpec { Populations = populations },
            Classes = [new RequestClass { Name = "page", Weight = 1, Steps = Page }, new RequestClass { Name = "api", Weight = 1, Steps = Api }],
        };
    }

    internal static PopulationSpec Closed(string name, int users, double think, params (string Class, double Weight)[] mix) => new()
    {
        Name = name,
        Closed = new ClosedLoad { Users = users, ThinkTimeSeconds = Exponential.FromMean(think) },
        Mix = mix.ToDictionary(m => m.Class, m => m.Weight),
    };

    internal static PopulationSpec Open(string name, double rate, params (string Class, double Weight)[] mix) => new()
    {
        Name = name,
        Open = new OpenLoad { RatePerSecond = rate, Profile = [] },
        Mix = mix.ToDictionary(m => m.Class, m => m.Weight),
    };

    private static ConfidenceInterval Ci(StackReplicationResult[] runs, Func<StackReplicationResult, double> metric, int checks) =>
        ConfidenceInterval.FromSamples(runs.Select(metric).ToArray(), Bonferroni.Level(0.99, checks));

    [Fact]
    [Trait("Category", "Slow")]
    public void OnAPureDelay_EachPopulationHasItsOwnThroughput_AndItsMixDecidesItsClasses()
    {
        // 1,000 workers: nothing queues (about 37 requests are in service at once), every request is a pure delay of its class's mean (page 1 s, api 0.5 s).
        // "browsers": 40 users, think 4 s, mix page 3 : api 1 → mean delay S = 0.75·1 + 0.25·0.5 = 0.875 s, and by the
        // interactive response-time law X = N / (Z + S) = 40 / 4.875 = 8.205 req/s. "clients": open, 5 req/s, only api.
        // Per population: throughput, mean latency (0.875 s and 0.5 s), and the class share of browsers' requests
        // (page 0.75, counted as the classes' completions: every page request is a browser's).
        StackScenario s = WithPopulations(1000, duration: 4000, replications: 8,
            Closed("browsers", 40, 4.0, ("page", 3), ("api", 1)), Open("clients", 5, ("api", 1)));
        StackReplicationResult[] runs = StackExperiment.Run(s);
        const int checks = 5;
        var xb = Ci(runs, r => r.Populations[0].ThroughputPerSecond, checks);
        var xc = Ci(runs, r => r.Populations[1].ThroughputPerSecond, checks);
        var rb = Ci(runs, r => r.Populations[0].LatencyMeanSeconds, checks);
        var rc = Ci(runs, r => r.Populations[1].LatencyMeanSeconds, checks);
        var share = Ci(runs, r => r.Classes[0].Completed / (double)r.Populations[0].Completed, checks);
        output.WriteLine($"browsers X {xb} (40/4.875 = {40 / 4.875:F4}), R {rb}; clients X {xc}, R {rc}; page share of browsers {share}");
        Assert.Equal(["browsers", "clients"], runs[0].Populations.Select(p => p.Name));
        Assert.True(xb.Contains(40 / 4.875), $"browsers X {xb}");
        Assert.True(xc.Contains(5), $"clients X {xc}");
        Assert.True(rb.Contains(0.875), $"browsers R {rb}");
        Assert.True(rc.Contains(0.5), $"clients R {rc}");
        Assert.True(share.Contains(0.75), $"page share {share}");
        foreach (var ci in new[] { xb, xc, rb, rc, share }) Assert.True(ci.RelativeHalfWidth < 0.03, $"too wide: {ci}");
        // Every api request of a run is a browser's or a client's; none of the clients' is a page.
        foreach (StackReplicationResult r in runs)
        {
            Assert.Equal(r.Classes[0].Completed + r.Classes[1].Completed, r.Populations[0].Completed + r.Populations[1].Completed);
            Assert.True(r.Classes[0].Completed <= r.Populations[0].Completed);
            Assert.Equal(r.Populations[0].Completed + r.Populations[1].Completed, r.LatencyHistogram.Count);
        }
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void TwoOpenPopulations_IntoOneWorker_WaitAlikeByPasta()
    {
        // One worker, FCFS: an M/G/1 fed by two Poisson populations, "a" at 0.4 req/s of pages (exponential, 1 s) and "b"
        // at 0.4 req/s of api calls (exponential, 0.5 s). ρ = 0.4 + 0.2 = 0.6; λ·E[S²] = 0.4·2 + 0.4·0.5 = 1.0, so by
        // Pollaczek-Khinchine Wq = λE[S²] / (2(1 − ρ)) = 1.25 s, the same for both (Poisson arrivals see time averages),
        // and each population's response time is Wq plus its own service: a 2.25 s, b 1.75 s.
        StackScenario s = WithPopulations(1, duration: 20_000, replications: 10, Open("a", 0.4, ("page", 1)), Open("b", 0.4, ("api", 1)));
        StackReplicationResult[] runs = StackExperiment.Run(s);
        const int checks = 3;
        var ra = Ci(runs, r => r.Populations[0].LatencyMeanSeconds, checks);
        var rb = Ci(runs, r => r.Populations[1].LatencyMeanSeconds, checks);
        var u = Ci(runs, r => r.WorkerUtilization, checks);
        output.WriteLine($"a R {ra} (2.25), b R {rb} (1.75), utilization {u} (0.6)");
        Assert.True(ra.Contains(2.25), $"a R {ra}");
        Assert.True(rb.Contains(1.75), $"b R {rb}");
        Assert.True(u.Contains(0.6), $"U {u}");
        Assert.True(ra.RelativeHalfWidth < 0.05 && rb.RelativeHalfWidth < 0.05, $"too wide: {ra}, {rb}");
        Assert.True(u.RelativeHalfWidth < 0.02, $"too wide: {u}");
    }

    [Fact]
    public void AddingAPopulation_LeavesAnotherPopulationsRequestsUnchanged()
    {
        // On a pure delay the populations do not interact, so a population's results depend only on its own substreams:
        // adding a third population (and reordering) must leave "browsers" and "clients" bit for bit the same.
        StackScenario two = WithPopulations(1000, duration: 300, replications: 2, Closed("browsers", 20, 2.0, ("page", 1)), Open("clients", 3));
        StackScenario three = two with { Load = new LoadSpec { Populations = [Open("extra", 7), two.Load.Populations![1], two.Load.Populations[0]] } };
        StackReplicationResult[] a = StackExperiment.Run(two), b = StackExperiment.Run(three);
        for (int i = 0; i < a.Length; i++)
        {
            foreach (string name in new[] { "browsers", "clients" })
            {
                StackPopulationResult x = a[i].Populations.Single(p => p.Name == name), y = b[i].Populations.Single(p => p.Name == name);
                Assert.Equal((x.Completed, x.Errors, x.ThroughputPerSecond, x.LatencyMeanSeconds, x.LatencyP99Seconds), (y.Completed, y.Errors, y.ThroughputPerSecond, y.LatencyMeanSeconds, y.LatencyP99Seconds));
                Assert.True(x.Completed > 100);
            }
            Assert.True(b[i].Populations[0].Completed > a[i].Populations[1].Completed); // "extra" ran: 7 req/s beside clients' 3
        }
    }

    [Fact]
    public void WithoutPopulations_ResultsHaveNone_AndAMixLessPopulationUsesTheClassWeights()
    {
        StackScenario plain = Scenarios.Bare(4, Exponential.FromMean(0.1), rate: 5, duration: 200, replications: 2);
        Assert.All(StackExperiment.Run(plain), r => Assert.Empty(r.Populations));
        // One population with no mix, weights page 3 : api 1 on the classes: the class shares follow the weights.
        StackScenario s = WithPopulations(1000, duration: 2000, replications: 2, Open("all", 10));
        s = s with { Classes = [s.Classes[0] with { Weight = 3 }, s.Classes[1]] };
        StackReplicationResult[] runs = StackExperiment.Run(s);
        double share = runs.Sum(r => r.Classes[0].Completed) / (double)runs.Sum(r => r.Populations[0].Completed);
        Assert.InRange(share, 0.74, 0.76); // 40,000 requests: the share's standard error is 0.002
    }

    [Fact]
    public void ACommonFactor_ScalesUsersRatesAndProfiles_KeepsMixAndThinkTime_AndIsTheScenarioAtOne()
    {
        StackScenario s = WithPopulations(4, duration: 100, replications: 1, Closed("b", 3, 2.0, ("page", 1)), Open("a", 10, ("api", 1)),
            new PopulationSpec { Name = "p", Open = new OpenLoad { Profile = [new RatePoint { AtSeconds = 0, RatePerSecond = 2 }, new RatePoint { AtSeconds = 100, RatePerSecond = 6 }] } });
        Assert.Same(s, PopulationScale.AtFactor(s, 1));
        IReadOnlyList<PopulationSpec> half = PopulationScale.AtFactor(s, 0.5).Load.Populations!;
        Assert.Equal(2, half[0].Closed!.Users); // 1.5 rounds to even: 2
        Assert.Equal(2.0, half[0].Closed!.ThinkTimeSeconds.Mean);
        Assert.Equal(s.Load.Populations![0].Mix, half[0].Mix);
        Assert.Equal(5, half[1].Open!.RatePerSecond);
        Assert.Equal([1.0, 3.0], half[2].Open!.Profile.Select(r => r.RatePerSecond));
        Assert.Equal(1, PopulationScale.AtFactor(s, 0.01).Load.Populations![0].Closed!.Users); // at least one user
        // At 2×: 6 users; 20/s plus the profile's mean over the window [200 s, 300 s] (6/s after its last point) × 2.
        Assert.Equal(6, PopulationScale.OfferedUsers(s, 2));
        Assert.Equal(20 + 12, PopulationScale.OfferedRate(s, 2), 9);
        Assert.Equal("b 3 users, a 10/s, p 6/s", PopulationScale.Describe(s));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void TheCapacityFactor_OfTwoOpenPopulationsIntoALossSystem_MatchesErlangB()
    {
        // 10 workers, backlog 0, each request a pure delay Exp(10 ms): an M/M/10/10 loss system, whose blocked fraction is
        // Erlang B's B(λ·S, 10) for the total rate λ (the populations' Poisson streams merge into one). Populations
        // "a" 300/s and "b" 200/s (A = 5 Erlang at 1×); SLO errors ≤ 5 % (p95 ≤ 1 s never binds: the p95 is 30 ms). B = 0.05 at
        // A* = 6.2157 Erlang, so the factor is f* = A*/5 = 1.2431. B rises about 4 % per 1 % of load there (d ln B / d ln A =
        // c − A(1 − B) = 4.1), and each load is measured on about 1.2 M requests (4 × 500 s at 620/s), so the error rate is
        // known to about 1 % (relative) and the crossing to a fraction of the search's 1 % bracket: the analytic factor must
        // lie within one bracket width of the bracket (measured, starting from the analytic factor — here Erlang B itself:
        // 1.2431 inside [1.2364, 1.2488), 14 loads, 9 of them full; errors at capacity 4.878 %; offered 618.2 req/s).
        StackScenario s = Scenarios.Bare(10, Exponential.FromMean(0.01), rate: 1, duration: 500, warmup: 20, replications: 4);
        s = s with
        {
            Load = new LoadSpec { Populations = [Open("a", 300), Open("b", 200)] },
            Workers = s.Workers with { Backlog = 0 },
            Slo = new SloSpec { LatencyQuantile = 0.95, LatencyLimitSeconds = 1, MaxErrorRate = 0.05 },
        };
        double lo = 1, hi = 10; // A* by bisection on Erlang B
        for (int i = 0; i < 100; i++)
        {
            double mid = (lo + hi) / 2;
            if (Sim.Analytic.ErlangB.Blocking(mid, 10) <= 0.05) lo = mid;
            else hi = mid;
        }
        double exact = lo / 5;
        CapacityResult found = CapacitySearch.Find(s);
        double width = found.FirstViolation - found.Capacity;
        output.WriteLine($"analytic factor {exact:F4} (A* = {lo:F4} Erlang); search [{found.Capacity:F4}, {found.FirstViolation:F4}) after {found.Evaluations} loads "
            + $"({found.FullEvaluations} full); errors at capacity {found.ErrorRateAtCapacity:P3}; binding {found.BindingClause}; offered {found.OfferedRateAtCapacity:F1}/s");
        Assert.Equal("factor", found.Load);
        Assert.Equal("errors", found.BindingClause);
        Assert.True(width <= 0.011 * found.Capacity + 1e-9, $"bracket too wide: {width}");
        Assert.InRange(exact, found.Capacity - width, found.FirstViolation + width);
        Assert.True(found.ErrorRateAtCapacity <= 0.05);
        Assert.Equal("a 300/s, b 200/s", found.Populations);
        Assert.Equal(500 * found.Capacity, found.OfferedRateAtCapacity, 6);
        Assert.Equal(0, found.OfferedUsersAtCapacity);
    }

    [Fact]
    public void TheScalingStudy_ScalesEveryPopulationWithTheServers()
    {
        // Pure delays on 1,000 workers per server: the throughput is what is offered, 20/s open + 10 users / (1 s think + 1 s page)
        // = 25/s at 1×, so k servers (factor k) carry 25·k req/s.
        StackScenario s = WithPopulations(1000, duration: 400, replications: 2, Open("a", 20, ("page", 1)), Closed("b", 10, 1.0, ("page", 1)));
        ScalingSeries series = ScalingStudy.Servers(s, [1, 2, 3]);
        output.WriteLine(series.Description + " " + string.Join("; ", series.Points.Select(p => $"{p.N}: {p.Load} → {p.Summary["throughputPerSecond"].Mean:F2}/s")));
        Assert.Equal([1.0, 2.0, 3.0], series.Points.Select(p => p.Load));
        Assert.Contains("× the scenario's populations (a 20/s, b 10 users at 1×)", series.Description, StringComparison.Ordinal);
        foreach (ScalingPoint p in series.Points) Assert.InRange(p.Summary["throughputPerSecond"].Mean / (25 * p.N), 0.95, 1.05);
        Assert.Equal(1, ScalingStudy.SaturatingLoadPerServer(s));
        Assert.NotNull(Sim.Experiments.ScalingStrategy.Study(s));
    }

    private const string Json = """
        { "load": { "populations": [
              { "name": "browsers", "closed": { "users": 40 }, "mix": { "page": 0.55, "static": 0.45 } },
              { "name": "api", "open": { "rate": "20/s" }, "mix": { "page": 1 } } ] },
          "classes": [ { "name": "page", "steps": [ { "cpu": "20ms" } ] }, { "name": "static", "steps": [ { "cpu": "1ms" } ] } ] }
        """;

    [Fact]
    public void TheJsonForm_ReadsEveryField_AndSetReachesAPopulationByName()
    {
        StackScenario s = Sim.Core.Tests.Scenarios.ScenarioLoaderTests.Ok(Json, "load.populations.api.open.rate=30/s", "load.populations.browsers.mix.page=0.6");
        Assert.Null(s.Load.Open);
        Assert.Null(s.Load.Closed);
        PopulationSpec b = s.Load.Populations![0], a = s.Load.Populations[1];
        Assert.Equal(("browsers", 40, 5.0), (b.Name, b.Closed!.Users, b.Closed.ThinkTimeSeconds.Mean));
        Assert.Equal(0.6, b.Mix["page"]);
        Assert.Equal(0.45, b.Mix["static"]);
        Assert.Equal(("api", 30.0), (a.Name, a.Open!.RatePerSecond));
        Assert.Equal(["page"], a.Mix.Keys);
        // An absent mix is empty: the classes' weights.
        StackScenario noMix = Sim.Core.Tests.Scenarios.ScenarioLoaderTests.Ok(Json, "load.populations.api={\"name\": \"api\", \"open\": {\"rate\": \"5/s\"}}");
        Assert.Empty(noMix.Load.Populations![1].Mix);
    }

    [Theory]
    [InlineData("load.populations=[]", "$.load.populations", "a non-empty list")]
    [InlineData("load.populations.api.mix.pages=1", "$.load.populations[1].mix.pages", "there is no class 'pages'; did you mean 'page'?; classes: page, static")]
    [InlineData("load.populations.api.mix.page=0", "$.load.populations[1].mix.page", "a weight: a number > 0")]
    [InlineData("load.populations.api.mix=[1]", "$.load.populations[1].mix", "an object of class name → weight > 0")]
    [InlineData("load.populations.api.name=\"browsers\"", "$.load.populations[1].name", "a population name not used by an earlier population")]
    [InlineData("load.populations.api.name=\"a b\"", "$.load.populations[1].name", "a name of ASCII letters, digits, '-' and '_'")]
    [InlineData("load.open.rate=3/s", "$.load", "exactly one of open, closed, populations; open and populations are both given")]
    [InlineData("load.populations.api.closed.users=3", "$.load.populations[1]", "exactly one of open, closed; open and closed are both given")]
    [InlineData("load.populations.api.open.rate=0/s", "$.load.populations[1].open.rate", "a rate in (0, 10000000]")]
    [InlineData("load.populations.browsers.closed.users=0", "$.load.populations[0].closed.users", "a whole number in [1, 10000000]")]
    [InlineData("load.populations.api.open={\"trace\": {\"file\": \"access.log\"}}", "$.load.populations[1].open.trace", "a recorded log is replayed only as load.open.trace")]
    public void BadPopulations_AreOneErrorEach(string set, string path, string allowed)
    {
        ScenarioLoadResult r = Sim.Core.Tests.Scenarios.ScenarioLoaderTests.Load(Json, set);
        ValidationError e = Assert.Single(r.Errors);
        Assert.Equal(path, e.Path);
        Assert.Contains(allowed, e.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void APopulationWithNeitherLoad_AndARecordBuiltInCode_AreValidatedAlike()
    {
        ScenarioLoadResult r = Sim.Core.Tests.Scenarios.ScenarioLoaderTests.Load(Json, "load.populations.api={\"name\": \"api\"}");
        ValidationError e = Assert.Single(r.Errors);
        Assert.Equal(("$.load.populations[1]", "exactly one of open, closed; none is given"), (e.Path, e.Allowed));
        StackScenario s = WithPopulations(4, 100, 1, Open("a", 1, ("css", 1)), Open("a", 1));
        IReadOnlyList<ValidationError> errors = s.Validate();
        Assert.Contains(errors, x => x.Path == "$.load.populations[0].mix.css" && x.Allowed.Contains("no class 'css'", StringComparison.Ordinal));
        Assert.Contains(errors, x => x.Path == "$.load.populations[1].name");
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void ASloClausePerPopulation_JudgesThatPopulationsLatenciesOnly()
    {
        // Two open populations into one worker (as the PASTA test, short): "a" sends 1 s pages, "b" 0.5 s api calls, so
        // a's p95 is well above b's. A clause on each population is measured on its own histogram, per replication.
        StackScenario s = WithPopulations(1, duration: 2000, replications: 3, Open("a", 0.4, ("page", 1)), Open("b", 0.4, ("api", 1)));
        StackReplicationResult[] runs = StackExperiment.Run(s);
        double aP95 = runs.Average(r => r.Populations[0].LatencyHistogram.Quantile(0.95));
        double bP95 = runs.Average(r => r.Populations[1].LatencyHistogram.Quantile(0.95));
        Assert.True(aP95 > bP95 * 1.1, $"a {aP95} vs b {bP95}");
        double mid = (aP95 + bP95) / 2;
        SloSpec slo = s.Slo with { LatencyLimitSeconds = 1000, MaxErrorRate = 1, Populations = [new PopulationSloSpec("a", 0.95, mid), new PopulationSloSpec("b", 0.95, mid)] };
        SloVerdict v = SloVerdict.Judge(slo, runs);
        Assert.Equal(["population a p95", "population b p95"], v.PopulationLatency.Select(c => c.Name));
        Assert.Equal(aP95, v.PopulationLatency[0].Measured, 12);
        Assert.Equal(bP95, v.PopulationLatency[1].Measured, 12);
        Assert.False(v.PopulationLatency[0].Met);
        Assert.True(v.PopulationLatency[1].Met);
        Assert.False(v.LatencyMet);
        Assert.Equal("population a p95", v.Binding.Name);
        Assert.True(SloVerdict.Judge(slo with { Populations = [slo.Populations[1]] }, runs).Met);
    }

    [Theory]
    [InlineData("slo.populations.web.p95=200ms", "$.slo.populations.web", "a population of load.populations: browsers, api (the name 'web' is not one)")]
    [InlineData("slo.populations.api.p95=0s", "$.slo.populations.api[\"p95\"]", "a duration in (0, 1e7 s]")]
    [InlineData("slo.populations.api.q95=1s", "--set slo.populations.api.q95", "unknown key 'q95'")]
    public void BadPopulationClauses_AreOneErrorEach(string set, string path, string allowed)
    {
        ScenarioLoadResult r = Sim.Core.Tests.Scenarios.ScenarioLoaderTests.Load(Json, set);
        ValidationError e = Assert.Single(r.Errors);
        Assert.StartsWith(path, e.Path, StringComparison.Ordinal);
        Assert.Contains(allowed, e.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void APopulationClause_IsReadFromTheFileAndFromSet_AndNeedsPopulations()
    {
        string file = Json[..^1] + """, "slo": { "p95": "1s", "populations": { "api": { "p99": "300ms" } } } }""";
        SloSpec fromFile = Sim.Core.Tests.Scenarios.ScenarioLoaderTests.Ok(file).Slo;
        SloSpec fromSet = Sim.Core.Tests.Scenarios.ScenarioLoaderTests.Ok(Json, "slo.p95=1s", "slo.populations.api.p99=300ms").Slo;
        Assert.Equal([new PopulationSloSpec("api", 0.99, 0.3)], fromFile.Populations);
        Assert.Equal(fromFile, fromSet);
        ValidationError e = Assert.Single(Sim.Core.Tests.Scenarios.ScenarioLoaderTests.Load(
            """{ "load": { "open": { "rate": "5/s" } }, "classes": [ { "name": "page" } ], "slo": { "populations": { "api": { "p95": "1s" } } } }""").Errors);
        Assert.Equal("$.slo.populations.api", e.Path);
        Assert.Contains("this scenario has none", e.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePhasesStudy_ReportsEachPopulation_AndSearchesTheCapacityFactor()
    {
        StackScenario s = WithPopulations(1000, duration: 100, replications: 2, Closed("browsers", 10, 1.0, ("page", 1)), Open("clients", 2));
        var phases = new[] { new ScenarioPhase("baseline", "", [], s), new ScenarioPhase("more", "", [], s with { Workers = s.Workers with { Count = 999 } }) };
        Sim.Experiments.PhasesResult result = Sim.Experiments.PhasesStudy.Run(phases, new Sim.Experiments.PhasesStudyOptions { SearchCapacity = true });
        Assert.All(result.Phases, p => Assert.Equal("factor", p.Capacity!.Load));
        using var doc = System.Text.Json.JsonDocument.Parse(result.ToJson());
        var phase = doc.RootElement.GetProperty("phases")[0];
        Assert.Equal(10, phase.GetProperty("users").GetInt32());
        var pops = phase.GetProperty("populations");
        Assert.Equal(["browsers", "clients"], pops.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(result.Phases[0].Replications.Average(r => r.Populations[1].ThroughputPerSecond),
            pops[1].GetProperty("throughputPerSecond").GetProperty("mean").GetDouble(), 12);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void TwoClosedPopulations_OnOneWorker_MatchTwoClassExactMva()
    {
        // One worker, FCFS, exponential service of 0.5 s for every request (the class "api"), two closed populations:
        // "heavy" 3 users thinking 2 s, "light" 2 users thinking 5 s. With one service time for both it is a BCMP
        // product-form network (a queue and two delay stations), solved by two-class exact MVA over (n₁, n₂):
        // R_c(n) = S·(1 + Q(n − e_c)), X_c(n) = n_c / (Z_c + R_c(n)), Q(n) = Σ X_c·R_c.
        const double S = 0.5;
        double[] z = [2.0, 5.0];
        int[] n = [3, 2];
        var q = new double[n[0] + 1, n[1] + 1];
        double[] x = new double[2], r = new double[2];
        for (int a = 0; a <= n[0]; a++)
            for (int b = 0; b <= n[1]; b++)
            {
                if (a + b == 0) continue;
                r[0] = a > 0 ? S * (1 + q[a - 1, b]) : 0;
                r[1] = b > 0 ? S * (1 + q[a, b - 1]) : 0;
                x[0] = a / (z[0] + r[0]);
                x[1] = b / (z[1] + r[1]);
                q[a, b] = x[0] * r[0] + x[1] * r[1];
            }
        StackScenario s = WithPopulations(1, duration: 20_000, replications: 8,
            Closed("heavy", n[0], z[0], ("api", 1)), Closed("light", n[1], z[1], ("api", 1)));
        StackReplicationResult[] runs = StackExperiment.Run(s);
        const int checks = 4;
        var xh = Ci(runs, run => run.Populations[0].ThroughputPerSecond, checks);
        var xl = Ci(runs, run => run.Populations[1].ThroughputPerSecond, checks);
        var rh = Ci(runs, run => run.Populations[0].LatencyMeanSeconds, checks);
        var rl = Ci(runs, run => run.Populations[1].LatencyMeanSeconds, checks);
        output.WriteLine($"MVA X {x[0]:F5}/{x[1]:F5} R {r[0]:F5}/{r[1]:F5}; heavy X {xh} R {rh}; light X {xl} R {rl}");
        Assert.True(xh.Contains(x[0]), $"heavy X {xh} vs {x[0]}");
        Assert.True(xl.Contains(x[1]), $"light X {xl} vs {x[1]}");
        Assert.True(rh.Contains(r[0]), $"heavy R {rh} vs {r[0]}");
        Assert.True(rl.Contains(r[1]), $"light R {rl} vs {r[1]}");
        foreach (var ci in new[] { xh, xl }) Assert.True(ci.RelativeHalfWidth < 0.02, $"too wide: {ci}");
        foreach (var ci in new[] { rh, rl }) Assert.True(ci.RelativeHalfWidth < 0.04, $"too wide: {ci}");
    }
}
