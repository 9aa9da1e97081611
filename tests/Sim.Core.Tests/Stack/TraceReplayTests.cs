using Sim.Analytic;
using Sim.AccessLogs;
using Sim.Calibration;
using Sim.Core.Tests.Calibration;
using Sim.Core.Tests.Validation;
using Sim.Distributions;
using Sim.Randomness;
using Sim.Scenarios;
using Sim.Stack;
using Xunit;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// <c>load.open.trace</c>: a recorded log's arrivals replayed. Hand-checkable cases (deterministic arrivals and
/// service), the count of arrivals at a speed and over loops, the classes a log's URLs map to, M/M/1 against theory with
/// independent Poisson traces as the replications, and the loader's reading, paths and messages.
/// </summary>
public sealed class TraceReplayTests(ITestOutputHelper output)
{
    private static StackScenario WithTrace(StackScenario s, ArrivalTrace trace, double speed = 1, bool loop = false) =>
        s with { Load = new LoadSpec { Open = new OpenLoad { Trace = new TraceReplay { File = "(in code)", Arrivals = trace, Speed = speed, Loop = loop } } } };

    private static ArrivalTrace Evenly(int count, double gap, string name = "work") =>
        ArrivalTrace.FromArrivals([.. Enumerable.Range(0, count).Select(i => i * gap)], [.. Enumerable.Repeat(name, count)]);

    [Fact]
    public void DeterministicArrivals_EnoughWorkers_EveryLatencyIsTheServiceTime()
    {
        // Arrivals every 0.1 s, each held 0.25 s by one of 3 workers: at most 3 in service at once, nobody waits.
        StackScenario s = WithTrace(Scenarios.Bare(workers: 3, holding: Deterministic.Of(0.25), duration: 100, warmup: 10, replications: 1),
            Evenly(1200, 0.1));
        StackReplicationResult r = StackExperiment.RunOne(s, 0);
        // The window [10, 110) holds arrivals 100 … 1099 exactly.
        Assert.Equal(1000, r.Arrivals);
        Assert.Equal(1000, r.Completed);
        Assert.Equal(0.25, r.LatencyMeanSeconds, 9);
        Assert.Equal(10.0, r.ThroughputPerSecond, 6);
    }

    [Fact]
    public void SimultaneousArrivals_OneWorker_QueueInOrder()
    {
        // Bursts of 3 at t = 0, 10, 20, …: one worker holding 1 s serves them at 1, 2 and 3 s after the burst.
        var times = new List<double>();
        for (int b = 0; b < 50; b++) times.AddRange([b * 10.0, b * 10.0, b * 10.0]);
        StackScenario s = WithTrace(Scenarios.Bare(workers: 1, holding: Deterministic.Of(1), duration: 400, warmup: 5, replications: 1),
            ArrivalTrace.FromArrivals(times, [.. Enumerable.Repeat("work", times.Count)]));
        StackReplicationResult r = StackExperiment.RunOne(s, 0);
        Assert.Equal(120, r.Arrivals); // bursts at 10 … 400: 40 bursts of 3
        Assert.Equal(2.0, r.LatencyMeanSeconds, 9);
        Assert.Equal(3.0, r.LatencyMaxSeconds, 2); // the histogram's maximum is exact to its resolution
    }

    [Fact]
    public void Speed_CompressesTime_AndLoop_RepeatsTheLog()
    {
        ArrivalTrace trace = Evenly(100, 0.1); // 10 s of 10/s (span: the last start 9.9 s + one mean gap)
        Assert.Equal(10.0, trace.SpanSeconds, 9);
        StackScenario bare = Scenarios.Bare(workers: 50, holding: Deterministic.Of(0.01), duration: 100, warmup: 0, replications: 1);

        // Looped at speed 2: 20/s for the whole run, the passes meeting without a gap or an overlap.
        StackReplicationResult fast = StackExperiment.RunOne(WithTrace(bare, trace, speed: 2, loop: true), 0);
        Assert.Equal(2000, fast.Arrivals);
        // Looped at speed 0.5: 5/s.
        StackReplicationResult slow = StackExperiment.RunOne(WithTrace(bare, trace, speed: 0.5, loop: true), 0);
        Assert.Equal(500, slow.Arrivals);

        var replay = new TraceReplay { Arrivals = trace, Speed = 2, Loop = true };
        Assert.Equal(20.0, replay.MeanRatePerSecond, 9);
        Assert.Equal(2000, replay.ArrivalsBetween(0, 100));
        Assert.Equal(20, replay.ArrivalsBetween(4.97, 5.97)); // across a pass boundary (at 5 s)
        Assert.Equal(100, (replay with { Loop = false }).ArrivalsBetween(0, 100));
    }

    [Fact]
    public void TraceShorterThanTheRun_IsRefused_WithWhatToChange()
    {
        StackScenario s = WithTrace(Scenarios.Bare(workers: 1, holding: Deterministic.Of(0.01), duration: 100, warmup: 10, replications: 1), Evenly(100, 0.1));
        var e = Assert.Throws<ScenarioValidationException>(() => StackExperiment.RunOne(s, 0));
        string message = e.Message;
        output.WriteLine(message);
        Assert.Contains("$.load.open.trace", message, StringComparison.Ordinal);
        Assert.Contains("run.warmup + run.duration = 110 s", message, StringComparison.Ordinal);
        Assert.Contains("loop: true", message, StringComparison.Ordinal);
        // Looped, it runs.
        Assert.Equal(1000, StackExperiment.RunOne(WithTrace(s, Evenly(100, 0.1), loop: true), 0).Arrivals);
    }

    [Fact]
    public void TraceBuiltInCode_WithoutArrivals_IsRefused()
    {
        StackScenario s = Scenarios.Bare(workers: 1, holding: Deterministic.Of(0.01), duration: 10, warmup: 0, replications: 1);
        s = s with { Load = new LoadSpec { Open = new OpenLoad { Trace = new TraceReplay { File = "access.log" } } } };
        IReadOnlyList<Sim.Validation.ValidationError> errors = ScenarioValidator.Validate(s);
        Assert.Contains(errors, e => e.Path == "$.load.open.trace" && e.Allowed.Contains("ArrivalTrace.Read(\"access.log\")", StringComparison.Ordinal));
    }

    [Fact]
    public void LogClasses_MapToTheScenariosClassesByName_OthersToOther()
    {
        // 'page' and 'static' exist; 'api' has no class of its name, so it goes to 'other'.
        string[] names = ["page", "static", "api", "page"];
        var times = new List<double>();
        var classes = new List<string>();
        for (int i = 0; i < 4000; i++)
        {
            times.Add(i * 0.05);
            classes.Add(names[i % 4]);
        }
        StackScenario bare = Scenarios.Bare(workers: 50, holding: Deterministic.Of(0.01), duration: 150, warmup: 0, replications: 1);
        RequestClass work = bare.Classes[0];
        bare = bare with { Classes = [work with { Name = "page", Weight = 1 }, work with { Name = "static", Weight = 1 }, work with { Name = "other", Weight = 1 }] };
        StackReplicationResult r = StackExperiment.RunOne(WithTrace(bare, ArrivalTrace.FromArrivals(times, classes)), 0);
        Assert.Equal(3000, r.Arrivals);
        Assert.Equal(1500, r.Classes.Single(c => c.Name == "page").Completed);
        Assert.Equal(750, r.Classes.Single(c => c.Name == "static").Completed);
        Assert.Equal(750, r.Classes.Single(c => c.Name == "other").Completed);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void PoissonTraces_ReplayedIntoOneWorker_MatchMM1()
    {
        // λ = 5/s, exponential service mean 0.1 s, one worker: M/M/1 at ρ = 0.5, W = S/(1 − ρ) = 0.2 s. The replications
        // are independent Poisson traces (each replay is deterministic in its arrivals; only the service draws differ
        // between replications of one trace). Precision 3 %: per-run sd of W over 2,000 s at ρ = 0.5 is about 4 %
        // (relaxation time ≈ 1/(μ(1 − √ρ)²) ≈ 12 s), so 20 runs give a 99 %-family half-width near 2.5 %.
        const double lambda = 5, service = 0.1, duration = 2000, warmup = 100;
        var theory = MMc.Compute(lambda, 1 / service, 1);
        var w = new List<double>();
        for (int k = 0; k < 20; k++)
        {
            RandomStream random = new StreamFactory(1000 + (ulong)k).Create("trace");
            var times = new List<double>();
            for (double t = 0; t < warmup + duration + 50; t += -Math.Log(random.NextOpenDouble()) / lambda) times.Add(t);
            StackScenario s = WithTrace(Scenarios.Bare(workers: 1, holding: Exponential.FromMean(service), duration: duration, warmup: warmup, replications: 1, seed: (ulong)k + 1),
                ArrivalTrace.FromArrivals(times, [.. Enumerable.Repeat("work", times.Count)]));
            w.Add(StackExperiment.RunOne(s, 0).LatencyMeanSeconds);
        }
        var check = new ReplicationCheck(output, checks: 1, familyLevel: 0.99);
        check.Interval("W (M/M/1, ρ = 0.5)", theory.W, w, 0.03);
        check.AssertAll();
    }

    [Fact]
    public void OpenLoad_AtMeanRate_ScalesTheSpeedAndLoops()
    {
        var open = new OpenLoad { Trace = new TraceReplay { File = "x", Arrivals = Evenly(100, 0.1), Speed = 1 } };
        Assert.Equal(10.0, open.NominalRatePerSecond, 9);
        OpenLoad faster = open.AtMeanRate(35);
        Assert.Equal(3.5, faster.Trace!.Speed, 9);
        Assert.True(faster.Trace.Loop);
        Assert.Equal(35.0, faster.NominalRatePerSecond, 9);
        Assert.False(faster.IsConstantRate);
        Assert.True(new OpenLoad { RatePerSecond = 3 }.AtMeanRate(4).IsConstantRate);
    }

    // ---- reading logs and loading scenarios ----------------------------------------------------------------------

    [Fact]
    public void Read_StackFormat_StartsAreEndMinusRequestTime_Sorted()
    {
        string dir = Directory.CreateTempSubdirectory("sim-trace-").FullName;
        try
        {
            string log = Path.Combine(dir, "access.log");
            // Logged at the end: the second line ended later but started earlier.
            File.WriteAllLines(log, [
                Line(1_796_498_000.500, 0.100, "/page/1"),
                Line(1_796_498_000.900, 0.600, "/page/2"),
                Line(1_796_498_001.000, 0.000, "/static/app.css"),
            ]);
            ArrivalTrace t = ArrivalTrace.Read(log);
            Assert.Equal(AccessLogFormat.Stack, t.Format);
            Assert.Equal(3, t.Count);
            Assert.Equal(1_796_498_000.300, t.FirstUnixSeconds, 6);
            Assert.Equal([0, 0.1, 0.7], [.. Enumerable.Range(0, 3).Select(i => Math.Round(t.StartSeconds(i), 6))]);
            Assert.Equal(["page", "page", "static"], Enumerable.Range(0, 3).Select(i => t.ClassNames[t.ClassNameIndex(i)]).ToArray());
            Assert.False(t.SpreadWithinSeconds);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Read_CombinedFormat_SpreadsEachSecondUniformly_TheSameEveryTime()
    {
        string dir = Directory.CreateTempSubdirectory("sim-trace-").FullName;
        try
        {
            string log = Path.Combine(dir, "combined.log");
            var lines = new List<string>();
            for (int s = 0; s < 10; s++)
                for (int i = 0; i < 50; i++)
                    lines.Add($"10.0.0.1 - - [06/Dec/2026:10:00:{s:00} +0000] \"GET /page/{i} HTTP/1.1\" 200 5120 \"-\" \"curl\"");
            File.WriteAllLines(log, lines);
            ArrivalTrace a = ArrivalTrace.Read(log), b = ArrivalTrace.Read(log);
            Assert.Equal(AccessLogFormat.Combined, a.Format);
            Assert.True(a.SpreadWithinSeconds);
            Assert.Equal(500, a.Count);
            Assert.Equal(Enumerable.Range(0, 500).Select(a.StartSeconds), Enumerable.Range(0, 500).Select(b.StartSeconds));
            // Every second keeps its 50 requests, spread inside it (not all at its start).
            var unixSecond = Enumerable.Range(0, 500).Select(i => Math.Floor(a.FirstUnixSeconds + a.StartSeconds(i))).GroupBy(x => x).Select(g => g.Count()).ToArray();
            Assert.All(unixSecond, n => Assert.Equal(50, n));
            Assert.True(Enumerable.Range(0, 500).Select(a.StartSeconds).Distinct().Count() == 500);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Read_BadLogs_NameTheFileTheLineAndWhatIsAllowed()
    {
        string dir = Directory.CreateTempSubdirectory("sim-trace-").FullName;
        try
        {
            string empty = Path.Combine(dir, "empty.log");
            File.WriteAllText(empty, "\n\n");
            Assert.Contains("the log is empty", Assert.Throws<AccessLogException>(() => ArrivalTrace.Read(empty)).Message, StringComparison.Ordinal);

            string mostlyBad = Path.Combine(dir, "bad.log");
            File.WriteAllLines(mostlyBad, [Line(1_796_498_000.5, 0.1, "/a"), "not\ta\tlog\tline", "nor\tthis", "x\ty"]);
            string message = Assert.Throws<AccessLogException>(() => ArrivalTrace.Read(mostlyBad, AccessLogFormat.Stack)).Message;
            output.WriteLine(message);
            Assert.Contains("3 of 4 lines", message, StringComparison.Ordinal);
            Assert.Contains("line 2:", message, StringComparison.Ordinal);

            Assert.Contains("is a folder", Assert.Throws<AccessLogException>(() => ArrivalTrace.Read(dir)).Message, StringComparison.Ordinal);
            Assert.Contains("cannot be read", Assert.Throws<AccessLogException>(() => ArrivalTrace.Read(Path.Combine(dir, "missing.log"))).Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Loader_ReadsTheLogRelativeToTheScenarioFile_AndReportsProblemsAtTheField()
    {
        string dir = Directory.CreateTempSubdirectory("sim-trace-").FullName;
        try
        {
            File.WriteAllLines(Path.Combine(dir, "access.log"), Enumerable.Range(0, 400).Select(i => Line(1_796_498_000 + i * 0.5 + 0.25, 0.01, "/page/1")));
            string scenario = Path.Combine(dir, "s.json");
            File.WriteAllText(scenario, """
                { "run": { "duration": "150s", "warmup": "10s", "replications": 1 },
                  "load": { "open": { "trace": { "file": "access.log" } } },
                  "classes": [ { "name": "page", "weight": 1, "steps": [ { "cpu": "5ms" }, { "respond": { "size": "10KB" } } ] } ] }
                """);
            ScenarioLoadResult ok = ScenarioLoader.LoadFile(scenario);
            Assert.True(ok.Succeeded, string.Join("; ", ok.Errors));
            TraceReplay replay = ok.Phases[0].Scenario.Load.Open!.Trace!;
            Assert.Equal(400, replay.Arrivals!.Count);
            Assert.Equal(2.0, replay.MeanRatePerSecond, 9);
            Assert.Equal(300, StackExperiment.RunOne(ok.Phases[0].Scenario, 0).Arrivals); // 2/s over the window [10, 160)

            ScenarioLoadResult missing = ScenarioLoader.LoadFile(scenario, ["load.open.trace.file=nope.log"]);
            Assert.Contains(missing.Errors, e => e.Path == "$.load.open.trace.file" && e.Value == "\"nope.log\"" && e.Allowed.Contains("cannot be read", StringComparison.Ordinal));

            ScenarioLoadResult tooLong = ScenarioLoader.LoadFile(scenario, ["run.duration=500s"]);
            Assert.Contains(tooLong.Errors, e => e.Path == "$.load.open.trace" && e.Allowed.Contains("run.duration ≤ 190 s", StringComparison.Ordinal));
            Assert.Single(tooLong.Errors); // a trace that ends early is the problem: the work it would offer is not judged beside it

            // The work a replayed log offers is judged once its arrivals are read: 2/s looped at speed 1,000 for 10⁶ s is about 2·10⁹ requests.
            ScenarioLoadResult tooMuch = ScenarioLoader.LoadFile(scenario, ["load.open.trace.loop=true", "load.open.trace.speed=1000", "run.duration=1000000s"]);
            Sim.Validation.ValidationError work = Assert.Single(tooMuch.Errors);
            Assert.Equal("$.run", work.Path);
            Assert.Contains("requests/s offered on average", work.Allowed, StringComparison.Ordinal);
            Assert.Contains("at most 1e9 requests in all", work.Allowed, StringComparison.Ordinal);

            ScenarioLoadResult both = ScenarioLoader.LoadFile(scenario, ["load.open.rate=5/s"]);
            Assert.Contains(both.Errors, e => e.Path == "$.load.open" && e.Allowed.Contains("exactly one of rate, profile, trace", StringComparison.Ordinal));

            ScenarioLoadResult badSpeed = ScenarioLoader.LoadFile(scenario, ["load.open.trace.speed=-1"]);
            Assert.Contains(badSpeed.Errors, e => e.Path == "$.load.open.trace.speed");
            ScenarioLoadResult badFormat = ScenarioLoader.LoadFile(scenario, ["load.open.trace.format=json"]);
            Assert.Contains(badFormat.Errors, e => e.Path == "$.load.open.trace.format" && e.Allowed.Contains("auto, stack, combined", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void CalibratedScenario_ReplayingItsOwnLog_PutsEveryRequestInItsClass()
    {
        string dir = Directory.CreateTempSubdirectory("sim-trace-").FullName;
        try
        {
            string log = Path.Combine(dir, "access.log");
            var synthetic = new SyntheticAccessLog { RatePerSecond = 20 };
            File.WriteAllLines(log, synthetic.Lines(8000));
            CalibrationResult calibrated = AccessLogCalibration.Run(log);
            string json = calibrated.ScenarioJson;
            ScenarioLoadResult loaded = ScenarioLoader.Load(json, Path.Combine(dir, "calibrated.json"),
                ["load={\"open\":{\"trace\":{\"file\":\"access.log\"}}}", "run.duration=300s", "run.warmup=20s", "run.replications=1"]);
            Assert.True(loaded.Succeeded, string.Join("; ", loaded.Errors));
            StackScenario s = loaded.Phases[0].Scenario;
            ArrivalTrace trace = s.Load.Open!.Trace!.Arrivals!;
            // Every class name of the log is a class of the calibrated scenario: none is left to the weights.
            Assert.All(trace.ClassNames, n => Assert.Contains(s.Classes, c => c.Name == n));
            StackReplicationResult r = StackExperiment.RunOne(s, 0);
            foreach (StackClassResult c in r.Classes)
            {
                int index = trace.ClassNames.ToList().IndexOf(c.Name);
                int inLog = Enumerable.Range(0, trace.Count).Count(i => trace.ClassNameIndex(i) == index && trace.StartSeconds(i) >= 20 && trace.StartSeconds(i) < 320);
                output.WriteLine($"{c.Name}: {c.Completed + c.Errors} simulated, {inLog} in the log's window");
                Assert.Equal(inLog, c.Completed + c.Errors);
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static string Line(double endUnix, double requestSeconds, string uri) => string.Join('\t',
        endUnix.ToString("F3", System.Globalization.CultureInfo.InvariantCulture), "2026-12-06T10:00:00+00:00", "127.0.0.1", "GET", uri, "200", "1000", "1200",
        requestSeconds.ToString("F3", System.Globalization.CultureInfo.InvariantCulture), "-", "-", "-", "-", "-", "-", "-", "1", "1");
}
