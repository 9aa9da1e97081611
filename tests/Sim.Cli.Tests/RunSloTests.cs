using Sim.Cli;
using static Sim.Cli.Tests.CliRun;

namespace Sim.Cli.Tests;

public class RunSloTests
{
    private static readonly string[] Short = ["run", "-n", "2", "--duration", "60s", "--set", "run.warmup=10s", "--format", "csv"];

    [Fact]
    public void ViolatedSlo_ExitsOne_AndNamesTheFailedClause()
    {
        // The seed's baseline: 3 workers for 500 users, p95 well above a second.
        var (code, output, err) = RunSim([.. Short, "--slo", "p95<=500ms,errors<=0.1%"]);
        Assert.Equal(1, code);
        Assert.StartsWith("metric,mean,ci95", output); // the results are printed first
        Assert.Contains("SLO violated: p95", err);
        Assert.Contains("ms > 500 ms (failed)", err);
        Assert.DoesNotContain("≤ 0.10 % (failed)", err);
    }

    [Fact]
    public void MetSlo_ExitsZero()
    {
        var (code, _, err) = RunSim([.. Short, "--slo", "p95<=10s,errors<=1%"]);
        Assert.Equal(0, code);
        Assert.Contains("SLO met: p95", err);
    }

    [Fact]
    public void ErrorClause_CanFailAlone()
    {
        // Erlang B: 8 workers, no backlog, 6 erlangs offered — about 12 % of requests refused (503).
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Sim.sln"))) root = Path.GetDirectoryName(root)!;
        var (code, _, err) = RunSim("run", Path.Combine(root, "scenarios", "textbook", "mmcc-erlang-b.json"), "-n", "2", "--duration", "500s", "--set", "run.warmup=50s",
            "--format", "csv", "--slo", "p95<=60s,errors<=1%");
        Assert.Equal(1, code);
        Assert.Contains("(failed)", err);
        Assert.Contains("errors", err);
        Assert.DoesNotContain("ms (failed)", err);
    }

    [Fact]
    public void MalformedSlo_ExitsTwo()
    {
        var (code, _, err) = RunSim([.. Short, "--slo", "p95=500ms"]);
        Assert.Equal(2, code);
        Assert.Contains("--slo", err);
    }

    [Theory]
    [InlineData("p95<=100ms,p99<=10s")]
    [InlineData("p99<=10s,p95<=100ms")]
    public void EveryLatencyClause_IsJudged(string slo)
    {
        // The baseline's p95 is over a second. Before: only the last latency clause counted — p99 ≤ 10 s held, exit 0.
        var (code, output, err) = RunSim([.. Short, "--slo", slo]);
        Assert.Equal(1, code);
        Assert.StartsWith("metric,mean,ci95", output);
        Assert.Matches(@"SLO violated: .*p95 [\d.]+ ms > 100 ms \(failed\)", err);
        Assert.Matches(@"p99 [\d.]+ ms ≤ 10000 ms[,)]", err);
    }

    [Fact]
    public void EveryLatencyClause_MustHold_ForTheSloToBeMet()
    {
        var (code, _, err) = RunSim([.. Short, "--slo", "p50<=10s,p95<=20s,p99<=30s,errors<=1%"]);
        Assert.Equal(0, code);
        Assert.Matches(@"SLO met: p50 [\d.]+ ms ≤ 10000 ms, p95 [\d.]+ ms ≤ 20000 ms, p99 [\d.]+ ms ≤ 30000 ms, errors", err);
    }

    [Theory]
    [InlineData("", "--slo: empty")]
    [InlineData(" , ", "--slo: empty")]
    [InlineData("p95<=1s,p95<=2s", "--slo: p95 is given twice")]
    [InlineData("errors<=1%,errors<=2%", "--slo: errors is given twice")]
    [InlineData("p95<=fast", "--slo: 'p95<=fast' is not allowed")]
    [InlineData("p100<=1s", "--slo: 'p100<=1s' is not allowed")]
    public void BadSlo_IsRejected_BeforeTheRun(string slo, string message)
    {
        // Before: --slo '' judged the scenario's own SLO as if no --slo had been given.
        var (code, output, err) = RunSim([.. Short, "--slo", slo]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("sim: " + message, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Capacity_WithTwoLatencyClauses_IsRefused_NotSilentlyCutToOne()
    {
        // The capacity search follows one latency quantile; before, it silently searched against the last one given.
        var (code, output, err) = RunSim("capacity", "--phase", "baseline", "-n", "2", "--duration", "30s", "--set", "run.warmup=5s", "--slo", "p95<=500ms,p99<=2s");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("sim: --slo: 'sim capacity' searches against one latency clause", err, StringComparison.Ordinal);
    }

    [Fact]
    public void AQuantileIsNamedWithAllItsDigits()
    {
        // Before: "p100 … ms" for p99.99999999999.
        var (code, _, err) = RunSim([.. Short, "--slo", "p99.99999999999<=1h"]);
        Assert.Equal(0, code);
        Assert.Contains("SLO met: p99.99999999999 ", err, StringComparison.Ordinal);
        Assert.DoesNotContain("p100", err, StringComparison.Ordinal);
    }
}
