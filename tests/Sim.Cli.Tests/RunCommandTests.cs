using System.Text.Json;
using Sim.Cli;
using static Sim.Cli.Tests.CliRun;

namespace Sim.Cli.Tests;

public class RunCommandTests
{
    private static readonly string[] Short = ["run", "-n", "2", "--duration", "60s", "--set", "run.warmup=10s"];

    [Fact]
    public void NoScenario_RunsTheSeedBaseline_AsOneJsonDocument()
    {
        var (code, output, err) = RunSim([.. Short, "--format", "json"]);
        Assert.Equal(0, code);
        Assert.Equal("", err);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.Equal("baseline", doc.RootElement.GetProperty("phase").GetString());
        Assert.Equal(500, doc.RootElement.GetProperty("users").GetInt32());
        JsonElement metrics = doc.RootElement.GetProperty("results").GetProperty("metrics");
        foreach (string name in new[] { "throughputPerSecond", "errorRate", "workerUtilization", "queueLengthMean", "dbConnectionsCreatedPerSecond",
                     "dbConnectionReusePercent", "cacheHitRatio", "cpuUtilization", "memoryMb", "bandwidthMbps", "littleLawRelativeError" })
        {
            Assert.True(metrics.GetProperty(name).TryGetProperty("mean", out _), name);
            Assert.True(metrics.GetProperty(name).TryGetProperty("ci95", out _), name);
        }
        foreach (string q in new[] { "mean", "p50", "p90", "p95", "p99", "p999", "max" })
            Assert.True(metrics.GetProperty("latencyMs").GetProperty(q).GetProperty("mean").GetDouble() > 0, q);
        Assert.Equal(2, doc.RootElement.GetProperty("classes").GetArrayLength());
    }

    [Fact]
    public void OpenRate_AndPhase_AreApplied()
    {
        var (code, output, _) = RunSim([.. Short, "--phase", "nginx", "--rate", "150/s", "--format", "json"]);
        Assert.Equal(0, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.Equal("nginx", doc.RootElement.GetProperty("phase").GetString());
        Assert.Equal(150, doc.RootElement.GetProperty("offeredRatePerSecond").GetDouble());
        double x = doc.RootElement.GetProperty("results").GetProperty("metrics").GetProperty("throughputPerSecond").GetProperty("mean").GetDouble();
        Assert.InRange(x, 140, 160);
    }

    [Fact]
    public void Csv_HasAHeaderAndOneLinePerMetric()
    {
        var (code, output, _) = RunSim([.. Short, "--format", "csv"]);
        Assert.Equal(0, code);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("metric,mean,ci95", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("latencyMs.p95,", StringComparison.Ordinal));
    }

    [Fact]
    public void UsersAndRateTogether_ExitTwo()
    {
        var (code, _, err) = RunSim("run", "--users", "10", "--rate", "5/s");
        Assert.Equal(2, code);
        Assert.Contains("--users", err);
    }

    [Fact]
    public void Table_ShowsTheBreakdown()
    {
        var (code, output, _) = RunSim(Short);
        Assert.Equal(0, code);
        Assert.Contains("bottleneck: gunicorn workers", output);
        Assert.Contains("WorkerQueue", output);
    }

    [Fact]
    public void AnOverrideThePhasePatchesOver_IsNoted_OnStderr()
    {
        var (code, output, err) = RunSim("run", "--phase", "nginx", "--set", "workers.count=4", "-n", "2", "-d", "30s", "--format", "json");
        Assert.Equal(0, code);
        Assert.StartsWith("sim: note: --set workers.count=4 does not hold from phase 'gunicorn-workers' on: it sets workers.count = 8", err, StringComparison.Ordinal);
        Assert.StartsWith("{", output, StringComparison.Ordinal); // stdout stays one JSON document
        Assert.DoesNotContain("note:", RunSim("run", "--phase", "baseline", "--set", "workers.count=4", "-n", "2", "-d", "30s", "--format", "json").Err, StringComparison.Ordinal);
    }
}
