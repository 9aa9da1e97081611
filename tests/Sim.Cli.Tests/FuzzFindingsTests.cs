namespace Sim.Cli.Tests;

/// <summary>
/// Scenarios the mutation fuzzer (<see cref="ScenarioFuzzTests"/>) found mishandled, each run as the fuzzer runs it:
/// in process, on a short budget, and with the fuzzer's guard against a hang (a run not finished after two minutes is
/// cancelled, exit 3 — a generous bound for runs of well under a second, not a speed requirement).
/// </summary>
public class FuzzFindingsTests
{
    private static readonly string[] Short = ["--set", "run.duration=2s", "--set", "run.warmup=0.5s", "--set", "run.replications=1", "--format", "json"];

    private static (int Code, string Out, string Err) Guarded(params string[] args)
    {
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, stderr, hang.Token);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void TwoBillionHostCores_Run()
    {
        // The analytic sanity check ran Erlang B's O(c) recursion over 2³¹ − 1 cores: minutes for a 2 s run.
        var (code, output, err) = Guarded(["run", .. Short, "--set", "host.cores=2147483647"]);
        Assert.True(code == 0, err);
        Assert.Contains("\"throughputPerSecond\"", output, StringComparison.Ordinal);
    }
}
