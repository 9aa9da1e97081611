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
}
