using Sim.Core.Tests.Scenarios;
using Sim.Core.Tests.Validation;
using Sim.Distributions;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Validation;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// The CPU demand curve (<c>cpuAtLoad</c>): the drawn work times a factor read off a piecewise-linear curve at the
/// busy fraction of the host's cores when the step starts; its mean in <c>cpuDemandFactorMean</c>.
/// </summary>
/// <remarks>
/// The stack is bare (<see cref="Scenarios.Bare"/>) with one core and a single CPU step, so the CPU is the only station.
/// </remarks>
public sealed class CpuDemandCurveTests(ITestOutputHelper output)
{
    private static readonly DemandPoint[] Curve = [new() { Busy = 0, Factor = 0.8 }, new() { Busy = 0.5, Factor = 0.87 }, new() { Busy = 1, Factor = 0.87 }];

    private static StackScenario OneCore(Distribution work, IReadOnlyList<DemandPoint>? curve, ClosedLoad closed, double duration, int replications, ulong seed = 5)
    {
        StackScenario s = Scenarios.Bare(workers: 100, holding: Deterministic.Of(0), closed: closed, duration: duration, warmup: 20, replications: replications, seed: seed)
            .WithSteps(new CpuStep { WorkSeconds = work, Curve = curve });
        return s with { Host = s.Host with { Cores = 1 } };
    }

    [Theory]
    [InlineData(-1, 0.8)]
    [InlineData(0, 0.8)]
    [InlineData(0.25, 0.835)]
    [InlineData(0.5, 0.87)]
    [InlineData(0.75, 0.87)]
    [InlineData(1, 0.87)]
    public void FactorAt_IsPiecewiseLinear_ConstantOutside(double busy, double factor) =>
        Assert.Equal(factor, DemandPoint.FactorAt(Curve, busy), 12);

    [Fact]
    public void FactorAt_StepTakesTheLaterPoint_OnePointIsConstant()
    {
        DemandPoint[] step = [new() { Busy = 0.5, Factor = 1 }, new() { Busy = 0.5, Factor = 2 }];
        Assert.Equal(1, DemandPoint.FactorAt(step, 0.4999));
        Assert.Equal(2, DemandPoint.FactorAt(step, 0.5));
        Assert.Equal(3, DemandPoint.FactorAt([new() { Busy = 0.3, Factor = 3 }], 0.9));
    }

    [Fact]
    public void IdleHostAtEveryStart_FactorIsTheCurvesValueAtZero()
    {
        // One user, 1 s deterministic think time, 10 ms of CPU: the core is idle whenever the step starts, so every step
        // gets f(0) = 0.8 and takes exactly 8 ms; the user cycles every 1.008 s.
        StackScenario s = OneCore(Deterministic.Of(0.010), Curve, new ClosedLoad { Users = 1, ThinkTimeSeconds = Deterministic.Of(1) }, duration: 500, replications: 2);
        foreach (StackReplicationResult r in StackExperiment.Run(s))
        {
            output.WriteLine($"rep {r.Replication}: factor {r.CpuDemandFactorMean}, latency {r.LatencyMeanSeconds}, throughput {r.ThroughputPerSecond}");
            Assert.Equal(0.8, r.CpuDemandFactorMean, 12); // a mean of equal terms: rounding only (the latency shows each factor)
            Assert.Equal(0.008, r.LatencyMeanSeconds, 12);
            Assert.InRange(r.ThroughputPerSecond, 1 / 1.008 - 1.0 / 500, 1 / 1.008 + 1.0 / 500);
        }
    }

    [Fact]
    public void SaturatedCore_FactorIsTheCurvesValueAtOne_ThroughputRisesByItsInverse()
    {
        // 10 users with no think time on one core: when a step starts the 9 others are on the core, busy = 1, so every step
        // gets f(1) = 0.87. Exp(10 ms) work on a saturated processor-sharing core completes as a Poisson process at
        // 1 / (mean work × factor): 100/s without the curve, 100 / 0.87 = 114.94/s with it. One replication of 1,000 s
        // counts about 10⁵ completions (relative sd ≈ 0.3 %); 6 replications give a half-width near 0.5 %: limit 1 %.
        var users = new ClosedLoad { Users = 10, ThinkTimeSeconds = Deterministic.Of(0) };
        StackReplicationResult[] plain = StackExperiment.Run(OneCore(Exponential.FromMean(0.010), null, users, duration: 1000, replications: 6));
        StackReplicationResult[] curved = StackExperiment.Run(OneCore(Exponential.FromMean(0.010), Curve, users, duration: 1000, replications: 6));
        var check = new ReplicationCheck(output, checks: 2, familyLevel: 0.99);
        check.Interval("throughput without a curve", 100, plain.Select(r => r.ThroughputPerSecond).ToList(), 0.01);
        check.Interval("throughput with f(1) = 0.87", 100 / 0.87, curved.Select(r => r.ThroughputPerSecond).ToList(), 0.01);
        check.AssertAll();
        Assert.All(curved, r => Assert.Equal(0.87, r.CpuDemandFactorMean, 9)); // a mean of 10⁵ equal terms: rounding only
        Assert.All(plain, r => Assert.True(double.IsNaN(r.CpuDemandFactorMean)));
    }

    [Fact]
    public void FactorOne_GivesBitIdenticalResults_NoExtraRandomNumbers()
    {
        // A curve of factor 1 everywhere multiplies by 1.0: the same random numbers in the same order, the same results.
        var users = new ClosedLoad { Users = 3, ThinkTimeSeconds = Exponential.FromMean(0.02) };
        StackReplicationResult plain = StackExperiment.RunOne(OneCore(Exponential.FromMean(0.010), null, users, duration: 200, replications: 1), 0);
        StackReplicationResult unit = StackExperiment.RunOne(OneCore(Exponential.FromMean(0.010), [new() { Busy = 0, Factor = 1 }], users, duration: 200, replications: 1), 0);
        Assert.Equal(plain.ThroughputPerSecond, unit.ThroughputPerSecond);
        Assert.Equal(plain.LatencyMeanSeconds, unit.LatencyMeanSeconds);
        Assert.Equal(plain.CpuUtilization, unit.CpuUtilization);
        Assert.True(double.IsNaN(plain.CpuDemandFactorMean));
        Assert.Equal(1, unit.CpuDemandFactorMean);
    }

    [Fact]
    public void Json_ReadsTheCurve_InClassesAndTasks()
    {
        StackScenario s = ScenarioLoaderTests.Ok("""
            { "load": { "open": { "rate": "50/s" } },
              "taskQueue": { "steps": [ { "cpuAtLoad": { "work": "5ms", "curve": [ { "busy": 0.2, "factor": 1.1 } ] } } ] },
              "classes": [ { "name": "page", "steps": [ { "cpuAtLoad": { "work": { "exponential": { "mean": "20ms" } }, "curve": [ { "busy": 0, "factor": 1 }, { "busy": 0.5, "factor": 0.87 } ] } } ] } ] }
            """);
        var step = Assert.IsType<CpuStep>(Assert.Single(s.Classes[0].Steps));
        Assert.Equal(0.020, step.WorkSeconds.Mean, 12);
        Assert.Equal([(0.0, 1.0), (0.5, 0.87)], step.Curve!.Select(p => (p.Busy, p.Factor)));
        var task = Assert.IsType<CpuStep>(Assert.Single(s.TaskQueue!.Steps));
        Assert.Equal(1.1, Assert.Single(task.Curve!).Factor);
        Assert.Null(Assert.IsType<CpuStep>(Assert.Single(ScenarioLoaderTests.Ok(ScenarioLoaderTests.Minimal).Classes[0].Steps)).Curve);
    }

    [Fact]
    public void TaskSteps_CarryTheirCurve()
    {
        // A task of 10 ms at a constant factor 2 on the Celery host: every task step gets 2 and runs at least 20 ms.
        StackScenario s = ScenarioLoaderTests.Ok("""
            { "run": { "duration": "200s", "warmup": "10s", "replications": 1 }, "load": { "open": { "rate": "5/s" } },
              "taskQueue": { "steps": [ { "cpuAtLoad": { "work": "10ms", "curve": [ { "busy": 0, "factor": 2 } ] } } ] },
              "classes": [ { "name": "page", "steps": [ { "cpu": "1ms" }, { "enqueue": {} } ] } ] }
            """);
        StackReplicationResult r = StackExperiment.RunOne(s, 0);
        output.WriteLine($"factor {r.CpuDemandFactorMean}, tasks/s {r.TasksPerSecond}, task latency {r.TaskLatencyMeanSeconds}");
        Assert.Equal(2, r.CpuDemandFactorMean, 12);
        Assert.InRange(r.TaskLatencyMeanSeconds, 0.020, 0.040);
    }

    [Theory]
    [InlineData("""[ { "busy": 0, "factor": 0 } ]""", ".curve[0].factor", "0", "(0, 10]")]
    [InlineData("""[ { "busy": 0, "factor": 10.5 } ]""", ".curve[0].factor", "10.5", "(0, 10]")]
    [InlineData("""[ { "busy": 1.5, "factor": 1 } ]""", ".curve[0].busy", "1.5", "[0, 1]")]
    [InlineData("""[ { "busy": -0.1, "factor": 1 } ]""", ".curve[0].busy", "-0.1", "[0, 1]")]
    [InlineData("""[ { "busy": 0.5, "factor": 1 }, { "busy": 0.2, "factor": 1 } ]""", ".curve[1].busy", "0.2", "non-decreasing")]
    [InlineData("""[]""", ".curve", "[]", "non-empty")]
    public void BadCurves_AreRefusedByName(string curve, string path, string value, string allowed)
    {
        string json = """{ "load": { "open": { "rate": "50/s" } }, "classes": [ { "name": "page", "steps": [ { "cpuAtLoad": { "work": "20ms", "curve": CURVE } } ] } ] }"""
            .Replace("CURVE", curve, StringComparison.Ordinal);
        ValidationError e = Assert.Single(ScenarioLoaderTests.Load(json).Errors);
        output.WriteLine(e.ToString());
        Assert.Equal(("$.classes[0].steps[0].cpuAtLoad" + path, value), (e.Path, e.Value));
        Assert.Contains(allowed, e.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingWork_IsRefusedByName()
    {
        ValidationError e = Assert.Single(ScenarioLoaderTests.Load("""
            { "load": { "open": { "rate": "50/s" } }, "classes": [ { "name": "page", "steps": [ { "cpuAtLoad": { "curve": [ { "busy": 0, "factor": 1 } ] } } ] } ] }
            """).Errors);
        Assert.Equal("$.classes[0].steps[0].cpuAtLoad.work", e.Path);
    }

    [Fact]
    public void ValidatorRefusesARecordBuiltInCode()
    {
        StackScenario s = OneCore(Deterministic.Of(0.01), [new() { Busy = 0.6, Factor = 20 }, new() { Busy = 0.4, Factor = 1 }],
            new ClosedLoad { Users = 1, ThinkTimeSeconds = Deterministic.Of(1) }, duration: 10, replications: 1);
        IReadOnlyList<ValidationError> errors = ScenarioValidator.Validate(s);
        foreach (ValidationError e in errors) output.WriteLine(e.ToString());
        Assert.Equal(["$.classes[0].steps[0].cpuAtLoad.curve[0].factor", "$.classes[0].steps[0].cpuAtLoad.curve[1].busy"], errors.Select(e => e.Path));
    }
}
