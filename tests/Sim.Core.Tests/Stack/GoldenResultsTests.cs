using System.Globalization;
using System.Text;
using System.Text.Json;
using Sim.Scenarios;
using Sim.Core.Tests.Readme;
using Sim.Stack;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// Every shipped stack scenario (each phase of the seed stack, the example and the textbook ones), run short with its own
/// seed, must give exactly the numbers recorded in <c>Golden/*.txt</c>: each replication's counts and latencies written
/// round-trip, and the summary's JSON. A refactoring (the station contract, immutable options, a new reader) that
/// claims to change nothing is held to it byte for byte; a change that is meant to move results rewrites the files
/// (<c>SIM_UPDATE_GOLDEN=1 dotnet test --filter GoldenResultsTests</c>) and says why in its commit.
/// </summary>
public sealed class GoldenResultsTests
{
    private static readonly string[] Short = ["run.duration=40s", "run.warmup=10s", "run.replications=2"];

    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        string root = Path.Combine(ReadmeExampleTests.RepoRoot(), "scenarios");
        foreach (string file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file) == "scenario.schema.json") continue;
            data.Add(Path.GetRelativePath(root, file).Replace('\\', '/'));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void ShippedScenario_RunShort_GivesTheRecordedNumbers(string relative)
    {
        string root = ReadmeExampleTests.RepoRoot();
        ScenarioLoadResult loaded = ScenarioLoader.LoadFile(Path.Combine(root, "scenarios", relative), Short);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        var text = new StringBuilder();
        foreach (ScenarioPhase phase in loaded.Phases)
        {
            StackReplicationResult[] runs = StackExperiment.Run(phase.Scenario);
            text.Append("# ").Append(phase.Name).Append('\n');
            foreach (StackReplicationResult r in runs) text.Append(Line(r)).Append('\n');
            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer)) StackSummary.From(runs).WriteJson(writer);
            text.Append(Encoding.UTF8.GetString(buffer.ToArray())).Append('\n');
        }

        string golden = Path.Combine(root, "tests", "Sim.Core.Tests", "Stack", "Golden", relative.Replace('/', '_').Replace(".json", ".txt"));
        if (Environment.GetEnvironmentVariable("SIM_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, text.ToString());
            return;
        }
        Assert.True(File.Exists(golden), $"no recorded numbers for {relative}: run with SIM_UPDATE_GOLDEN=1 and commit {golden}");
        string[] expected = File.ReadAllText(golden).Split('\n');
        string[] actual = text.ToString().Split('\n');
        for (int i = 0; i < Math.Max(expected.Length, actual.Length); i++)
        {
            string e = i < expected.Length ? expected[i] : "(nothing)";
            string a = i < actual.Length ? actual[i] : "(nothing)";
            Assert.True(e == a, $"{relative}, line {i + 1}:\nrecorded {e}\nnow      {a}");
        }
    }

    private static string Line(StackReplicationResult r)
    {
        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"rep {r.Replication} window {F(r.WindowSeconds)} warmup {F(r.WarmupSeconds)} drain {F(r.DrainSeconds)}");
        b.Append(CultureInfo.InvariantCulture, $" arrivals {r.Arrivals} completed {r.Completed} failed {r.Failed} inflight {r.InFlightAtEnd}");
        b.Append(" errors ").Append(string.Join(',', r.ErrorsByKind));
        b.Append(" x ").Append(F(r.ThroughputPerSecond)).Append(" offered ").Append(F(r.OfferedRatePerSecond));
        b.Append(" latency ").Append(string.Join(',', new[] { r.LatencyMeanSeconds, r.LatencyP50Seconds, r.LatencyP90Seconds, r.LatencyP95Seconds, r.LatencyP99Seconds, r.LatencyP999Seconds, r.LatencyMaxSeconds }.Select(F)));
        b.Append(" hist ").Append(r.LatencyHistogram.Count);
        b.Append(" workers ").Append(F(r.WorkerUtilization)).Append(" [").Append(string.Join(',', r.PerWorkerUtilization.Select(F))).Append(']');
        b.Append(" queue ").Append(F(r.QueueLengthMean)).Append('/').Append(r.QueueLengthMax).Append(" insystem ").Append(F(r.InSystemMean));
        b.Append(" db ").Append(F(r.DbConnectionsOpenMean)).Append('/').Append(r.DbConnectionsOpenMax).Append(' ').Append(F(r.DbConnectionsCreatedPerSecond)).Append(' ').Append(F(r.DbConnectionReusePercent)).Append(' ').Append(F(r.DbCpuUtilization));
        b.Append(" cache ").Append(F(r.CacheHitRatio)).Append(' ').Append(r.CacheOperations).Append(' ').Append(F(r.CacheMemoryBytes)).Append(' ').Append(F(r.CacheEvictionsPerSecond)).Append(' ').Append(r.CacheKeysResident);
        b.Append(" cpu ").Append(F(r.CpuUtilization)).Append(" mem ").Append(F(r.MemoryBytes)).Append(' ').Append(F(r.DbMemoryBytes));
        b.Append(" hostmem ").Append(F(r.HostMemoryPeakBytes)).Append(' ').Append(F(r.OomKillsPerSecond)).Append(' ').Append(F(r.WorkerRecyclesPerSecond));
        b.Append(" bw ").Append(F(r.BandwidthBitsPerSecond)).Append(" tasks ").Append(F(r.TasksPerSecond));
        b.Append(" bottleneck ").Append(r.Bottleneck).Append(' ').Append(F(r.BottleneckUtilization)).Append(' ').Append(F(r.BottleneckCapacityPerSecond));
        foreach (StackClassResult c in r.Classes)
            b.Append(" | ").Append(c.Name).Append(' ').Append(c.Completed).Append(' ').Append(c.Errors).Append(' ').Append(F(c.ThroughputPerSecond))
             .Append(' ').Append(string.Join(',', new[] { c.LatencyMeanSeconds, c.LatencyP50Seconds, c.LatencyP95Seconds, c.LatencyP99Seconds }.Select(F)));
        foreach (StackBreakdown s in r.Breakdown) b.Append(" | ").Append(s.Category).Append(' ').Append(F(s.TotalSeconds)).Append(' ').Append(F(s.ServiceSeconds)).Append(' ').Append(F(s.QueueingSeconds));
        return b.ToString();
    }
}
