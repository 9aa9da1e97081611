using System.Text.Json;
using static Sim.Cli.Tests.CliRun;

namespace Sim.Cli.Tests;

/// <summary>
/// <c>sim analyze</c> on a scenario with several populations: the analytic estimate (mixed multi-class MVA) beside the
/// simulation, in total and per population, instead of the refusal it gave before.
/// </summary>
public sealed class AnalyzePopulationsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-analyze-populations-").FullName;

    // One worker, every request Exp(0.5 s): an open population at 0.6/s and 3 users thinking 2 s. A product-form mixed
    // network, so the estimate is exact: clients 1.5002 s, users 0.94985 req/s and 1.1584 s (StackAnalyticPopulationsTests).
    private const string Scenario = """
        { "name": "mixed", "run": { "duration": "4000s", "warmup": "200s", "replications": 4, "seed": 1 },
          "load": { "populations": [ { "name": "clients", "open": { "rate": "0.6/s" } },
                                     { "name": "users", "closed": { "users": 3, "thinkTime": { "exponential": { "mean": "2s" } } } } ] },
          "loadBalancer": { "servers": 1, "latency": "0" },
          "proxy": { "maxConnections": 1000000, "clientKeepalive": true, "upstreamKeepalive": true, "gzip": { "enabled": false }, "staticHitRatio": 0 },
          "workers": { "count": 1, "backlog": 100000, "timeout": "1000h", "restartTime": "0" },
          "host": { "cores": 1000 }, "cache": { "enabled": false }, "network": { "roundTrip": "0", "clientBandwidth": "1000Gbit/s" },
          "classes": [ { "name": "api", "steps": [ { "external": { "exponential": { "mean": "500ms" } } } ] } ] }
        """;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Analyze_ComparesEachPopulation_WithTheMixedNetworkEstimate()
    {
        string file = Path.Combine(_dir, "mixed.json");
        File.WriteAllText(file, Scenario);
        var (code, json, err) = RunSim("analyze", file, "--format", "json");
        Assert.True(code == 0, err);
        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement root = doc.RootElement;
        Assert.Equal("mixed: multi-class MVA", root.GetProperty("analytic").GetProperty("method").GetString());
        JsonElement[] pops = [.. root.GetProperty("populations").EnumerateArray()];
        Assert.Equal(["clients", "users"], pops.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(1500.2176, pops[0].GetProperty("analyticLatencyMsMean").GetDouble(), 1e-3);
        Assert.Equal(0.949848, pops[1].GetProperty("analyticThroughputPerSecond").GetDouble(), 1e-6);
        // 4 × 4,000 s: the gaps are simulation noise (a few percent), and no warning is raised.
        foreach (JsonElement p in pops)
        {
            Assert.InRange(p.GetProperty("throughputGap").GetDouble(), -0.03, 0.03);
            Assert.InRange(p.GetProperty("latencyGap").GetDouble(), -0.08, 0.08);
        }
        Assert.Equal(0, root.GetProperty("warnings").GetArrayLength());

        var (tableCode, table, tableErr) = RunSim("analyze", file);
        Assert.True(tableCode == 0, tableErr);
        Assert.Contains("analytic: mixed: multi-class MVA", table, StringComparison.Ordinal);
        Assert.Contains("Per population", table, StringComparison.Ordinal);
        Assert.Contains("clients", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ChecksAPopulationsScenarioAgainstTheEstimate()
    {
        // A 100 ms worker timeout kills most of the 500 ms requests (504): the estimate ignores timeouts, so its throughput
        // of successful requests is far above the simulated one, and sim run says so — before, it skipped populations.
        string file = Path.Combine(_dir, "mixed.json");
        File.WriteAllText(file, Scenario);
        var (code, _, err) = RunSim("run", file, "-n", "2", "--duration", "1000s", "--set", "workers.timeout=100ms");
        Assert.True(code == 0, err);
        Assert.Contains("analytic and simulated throughput disagree", err, StringComparison.Ordinal);
        var (okCode, _, okErr) = RunSim("run", file, "-n", "2", "--duration", "1000s");
        Assert.True(okCode == 0, okErr);
        Assert.DoesNotContain("disagree", okErr, StringComparison.Ordinal);
    }
}
