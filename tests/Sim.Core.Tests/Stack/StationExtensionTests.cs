using System.Globalization;
using System.Text;
using System.Text.Json;
using Sim.Core.Tests.Readme;
using Sim.Kernel;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Stack.Stations;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// Adding a station to the stack model is one new file (<see cref="AuditLogStation"/>) and one registration line (the
/// factory handed to the model below), and it changes nothing but its own metrics: every other result of every phase
/// of the seed stack is the same, value for value, with it and without it.
/// </summary>
public sealed class StationExtensionTests
{
    private static readonly string[] Short = ["run.duration=40s", "run.warmup=10s", "run.replications=1"];

    public static TheoryData<string> SeedPhases()
    {
        var data = new TheoryData<string>();
        foreach (ScenarioPhase phase in LoadSeed()) data.Add(phase.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(SeedPhases))]
    public void AuditLogStation_Registered_ChangesNoResultButItsOwn(string phaseName)
    {
        StackScenario scenario = LoadSeed().Single(p => p.Name == phaseName).Scenario;

        (StackReplicationResult plain, IReadOnlyList<StationMetric> plainMetrics) = RunOne(scenario, extra: null);
        (StackReplicationResult audited, IReadOnlyList<StationMetric> auditedMetrics) =
            RunOne(scenario, extra: [m => new AuditLogStation(m, writers: 1, writeSeconds: 0.004)]); // the one registration line

        Assert.Equal(Dump(plain), Dump(audited));
        // The built-in stations report the same; the audit log adds its own metrics after them.
        Assert.Equal(plainMetrics, auditedMetrics.Where(m => m.Station != "auditLog"));
        Assert.DoesNotContain(plainMetrics, m => m.Station == "auditLog");
        Assert.Equal(auditedMetrics.Count - 4, plainMetrics.Count);
    }

    [Fact]
    public void AuditLogStation_GetsARecordPerDeliveredResponse_AndQueuesThemOnItsSlots()
    {
        StackScenario scenario = LoadSeed().Single(p => p.Name == "baseline").Scenario;
        (StackReplicationResult result, IReadOnlyList<StationMetric> metrics) =
            RunOne(scenario, extra: [m => new AuditLogStation(m, writers: 1, writeSeconds: 0.02)]);
        double Metric(string name) => metrics.Single(m => m.Station == "auditLog" && m.Name == name).Value;

        // Every completed request of the window's cohort was delivered in the window or in the drain; the log counts
        // deliveries from the window's start on, so it saw at least the cohort's completions.
        Assert.True(Metric("records_count") >= result.Completed, $"{Metric("records_count")} records for {result.Completed} completed");
        Assert.True(Metric("written_count") <= Metric("records_count"));
        // One writer at 20 ms a record against ~100 responses a second: the records queue.
        Assert.True(Metric("waiting_max_count") > 1, $"max waiting {Metric("waiting_max_count")}");
        Assert.True(Metric("wait_mean_s") > 0);
    }

    [Fact]
    public void StationMetrics_WithoutExtraStations_ReportTheBuiltInStations()
    {
        StackScenario scenario = LoadSeed().Single(p => p.Name == "baseline").Scenario;
        (StackReplicationResult result, IReadOnlyList<StationMetric> metrics) = RunOne(scenario, extra: null);

        Assert.Equal(result.CacheOperations, metrics.Single(m => m.Station == "cache" && m.Name == "hits_count").Value
                                             + metrics.Single(m => m.Station == "cache" && m.Name == "misses_count").Value);
        Assert.Equal(result.QueueLengthMax, metrics.Single(m => m.Station == "workers" && m.Name == "backlog_max_count").Value);
    }

    [Fact]
    public void SlotQueue_HandsFreedSlotsToWaitersInArrivalOrder()
    {
        var q = new SlotQueue(2);
        Assert.True(q.TryAcquire());
        Assert.True(q.TryAcquire());
        Assert.False(q.TryAcquire());
        for (long i = 1; i <= 40; i++) q.Enqueue(i); // past the ring's first size: it grows and keeps the order
        for (long i = 1; i <= 40; i++)
        {
            Assert.True(q.Release(out long next));
            Assert.Equal(i, next);
            Assert.Equal(2, q.InUse);
        }
        Assert.False(q.Release(out _));
        Assert.Equal(1, q.InUse);
        Assert.Equal(0, q.Waiting);
    }

    private static IReadOnlyList<ScenarioPhase> LoadSeed()
    {
        string path = Path.Combine(ReadmeExampleTests.RepoRoot(), "scenarios", "seed-stack.json");
        ScenarioLoadResult loaded = ScenarioLoader.LoadFile(path, Short);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        return loaded.Phases;
    }

    /// <summary>One replication as <see cref="StackExperiment"/> runs it (warm-up, window, drain), with extra stations.</summary>
    private static (StackReplicationResult Result, IReadOnlyList<StationMetric> Metrics) RunOne(
        StackScenario scenario, IReadOnlyList<Func<StackModel, Station>>? extra)
    {
        var sim = new Simulation();
        var model = new StackModel(sim, scenario, 0, StackModel.InitialSlots, extra);
        double warmup = scenario.Run.WarmupSeconds!.Value;
        sim.Run(warmup);
        model.ResetStatistics();
        double end = warmup + scenario.Run.DurationSeconds;
        sim.Run(end);
        model.EndWindow();
        if (model.DrainPending) sim.Run(end + StackExperiment.MaxDrainSeconds(scenario));
        return (model.Collect(0), model.StationMetrics());
    }

    /// <summary>Every reported value of a replication, doubles in round-trip form: the summary's JSON plus the per-replication detail it averages away.</summary>
    private static string Dump(StackReplicationResult r)
    {
        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var b = new StringBuilder();
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) StackSummary.From([r]).WriteJson(writer);
        b.Append(Encoding.UTF8.GetString(buffer.ToArray())).Append('\n');
        b.Append(string.Join(',', r.ErrorsByKind)).Append('|').Append(r.Arrivals).Append('|').Append(r.Completed).Append('|').Append(r.Failed);
        b.Append('|').Append(r.InFlightAtEnd).Append('|').Append(F(r.DrainSeconds)).Append('|').Append(r.LatencyHistogram.Count);
        foreach (double q in new[] { 0.1, 0.5, 0.9, 0.99, 0.999 }) b.Append('|').Append(F(r.LatencyHistogram.Quantile(q)));
        b.Append('|').Append(string.Join(',', r.PerWorkerUtilization.Select(F)));
        foreach (StackBreakdown s in r.Breakdown) b.Append('|').Append(F(s.TotalSeconds)).Append(',').Append(F(s.ServiceSeconds));
        foreach (StackClassResult c in r.Classes) b.Append('|').Append(c.Name).Append(',').Append(c.Completed).Append(',').Append(F(c.LatencyP99Seconds));
        b.Append('|').Append(string.Join(',', r.TimeSeries.Backlog.ToArray().Select(F)));
        return b.ToString();
    }
}
