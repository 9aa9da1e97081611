using static Sim.Cli.Tests.CliRun;

namespace Sim.Cli.Tests;

/// <summary>
/// <c>sim capacity</c> on a scenario with several populations: the capacity is the common factor on all of them, printed
/// with its unit (what the populations are at 1×) and the load it means.
/// </summary>
public sealed class CapacityPopulationsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-capacity-populations-").FullName;

    // Two open populations (300/s and 200/s) into 10 workers with no backlog, each request a pure delay Exp(10 ms): an Erlang
    // loss system whose blocked fraction reaches the SLO's 5 % at a factor of about 1.24 (PopulationsTests checks the number).
    private const string Scenario = """
        { "name": "two-populations", "run": { "duration": "100s", "warmup": "10s", "replications": 2, "seed": 1 },
          "load": { "populations": [ { "name": "a", "open": { "rate": "300/s" } }, { "name": "b", "open": { "rate": "200/s" } } ] },
          "loadBalancer": { "servers": 1, "latency": "0" },
          "proxy": { "maxConnections": 1000000, "clientKeepalive": true, "upstreamKeepalive": true, "gzip": { "enabled": false }, "staticHitRatio": 0 },
          "workers": { "count": 10, "backlog": 0, "timeout": "1000h", "restartTime": "0" },
          "host": { "cores": 1000 }, "cache": { "enabled": false }, "network": { "roundTrip": "0", "clientBandwidth": "1000Gbit/s" },
          "classes": [ { "name": "work", "steps": [ { "external": { "exponential": { "mean": "10ms" } } } ] } ],
          "slo": { "p95": "1s", "errorRate": "5%" } }
        """;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Capacity_PrintsTheFactorWithItsUnit_AndTheLoadItMeans()
    {
        string file = Path.Combine(_dir, "two.json");
        File.WriteAllText(file, Scenario);
        var (code, markdown, err) = RunSim("capacity", file, "--format", "markdown");
        Assert.True(code == 0, err);
        string row = Assert.Single(markdown.Split('\n'), l => l.StartsWith("| baseline |", StringComparison.Ordinal));
        Assert.Matches(@"\| baseline \| 1\.\d+( ± [0-9.]+)? × the scenario's populations \(a 300/s, b 200/s at 1×\) = 6\d\d req/s \|", row);

        var (tableCode, table, tableErr) = RunSim("capacity", file);
        Assert.True(tableCode == 0, tableErr);
        Assert.Contains("capacity (× populations)", table, StringComparison.Ordinal);
        Assert.Contains("baseline: capacity 1.", table, StringComparison.Ordinal);
        Assert.Contains("× the scenario's populations (a 300/s, b 200/s at 1×) = ", table, StringComparison.Ordinal);
    }
}
