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
    public void ErrorsByKind_AreReported_InTheTableAndTheJson_OnlyWhenThereAreAny()
    {
        // A backlog of 0 turns the 3 saturated workers into a loss system: every refusal is a 503 (backlogFull).
        string[] lossy = [.. Short, "--set", "workers.backlog=0"];
        var (code, output, _) = RunSim([.. lossy, "--format", "json"]);
        Assert.Equal(0, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement kinds = doc.RootElement.GetProperty("errorsByKind");
        Assert.Equal(["backlogFull"], kinds.EnumerateObject().Select(p => p.Name).ToArray());
        double share = kinds.GetProperty("backlogFull").GetProperty("fractionOfArrivals").GetProperty("mean").GetDouble();
        double errorRate = doc.RootElement.GetProperty("results").GetProperty("metrics").GetProperty("errorRate").GetProperty("mean").GetDouble();
        // The only failures are 503s, so their share of the window's arrivals is the error rate.
        Assert.True(share > 0.05, $"share {share}");
        Assert.Equal(errorRate, share, 9);
        Assert.True(kinds.GetProperty("backlogFull").GetProperty("perSecond").GetProperty("mean").GetDouble() > 0);

        var (_, table, _) = RunSim(lossy);
        Assert.Contains("Errors by kind", table, StringComparison.Ordinal);
        Assert.Contains("listen backlog full (503)", table, StringComparison.Ordinal);

        // Without errors: an empty object and no table.
        var (_, clean, _) = RunSim([.. Short, "--format", "json"]);
        using JsonDocument none = JsonDocument.Parse(clean);
        Assert.Empty(none.RootElement.GetProperty("errorsByKind").EnumerateObject());
        Assert.DoesNotContain("Errors by kind", RunSim(Short).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ARateProfile_ReportsItsAverageOverTheWindow_AndWarnsOnlyAtItsPeak()
    {
        // It printed "0 req/s offered" (the constant rate a profile leaves unused), and the analytic check, made at the
        // profile's peak, warned that throughput disagreed on every profile.
        string dir = Path.Combine(Path.GetTempPath(), "sim-profile-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(dir);
            string file = Path.Combine(dir, "p.json");
            File.WriteAllText(file, """
                { "run": { "duration": "60s", "warmup": "0s", "replications": 2 }, "workers": { "count": 2 },
                  "load": { "open": { "profile": [ { "at": "0s", "rate": "10/s" }, { "at": "30s", "rate": "10/s" }, { "at": "30s", "rate": "300/s" },
                                                   { "at": "35s", "rate": "300/s" }, { "at": "35s", "rate": "10/s" } ] } },
                  "classes": [ { "name": "page", "steps": [ { "cpu": "10ms" } ] } ] }
                """);
            var (code, output, err) = RunSim("run", file);
            Assert.Equal(0, code);
            Assert.Contains("p / baseline: 34.2 req/s offered on average over the window (rate profile, peak 300 req/s)", output, StringComparison.Ordinal);
            Assert.DoesNotContain("disagree", err, StringComparison.Ordinal);
            Assert.Contains("sim: warning: at its peak the rate profile offers 300 req/s, above the capacity of ~200 req/s", err, StringComparison.Ordinal);
            (code, output, _) = RunSim("run", file, "--format", "json");
            Assert.Equal(0, code);
            using JsonDocument doc = JsonDocument.Parse(output);
            Assert.Equal((10 * 55 + 300 * 5) / 60.0, doc.RootElement.GetProperty("offeredRatePerSecond").GetDouble(), 9);
            Assert.Equal(300, doc.RootElement.GetProperty("offeredPeakRatePerSecond").GetDouble());
            // Under the peak of the capacity throughout: no warning at all.
            (code, _, err) = RunSim("run", file, "--set", "load.open.profile[2].rate=150/s", "--set", "load.open.profile[3].rate=150/s");
            Assert.Equal(0, code);
            Assert.DoesNotContain("warning", err, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
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
