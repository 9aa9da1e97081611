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

    private static string Shipped(params string[] path)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir.FullName, "Sim.sln"))) dir = dir.Parent!;
        return Path.Combine([dir.FullName, "scenarios", .. path]);
    }

    [Fact]
    public void TwoBillionHostCores_Run()
    {
        // The analytic sanity check ran Erlang B's O(c) recursion over 2³¹ − 1 cores: minutes for a 2 s run.
        var (code, output, err) = Guarded(["run", .. Short, "--set", "host.cores=2147483647"]);
        Assert.True(code == 0, err);
        Assert.Contains("\"throughputPerSecond\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void FourMillionCeleryWorkers_Run()
    {
        // The analytic check solved a finite-source queue of 4,000,008 database sources exactly, at every step of a
        // bisection inside every step of the closed model's fixed point: hours for a 2 s run.
        string scenario = Shipped("examples", "seed-growth-path.json");
        var (code, _, err) = Guarded(["run", scenario, .. Short, "--phase", "phase2-tuned", "--set", "taskQueue.concurrency=4000000"]);
        Assert.True(code == 0, err);
    }

    [Fact]
    public void ASubnormalArrivalRate_Runs()
    {
        // "1e-320/s" is > 0, so it validates; the gap to the first arrival, −ln U / rate, is +∞ ("Delay must be finite").
        string scenario = Shipped("textbook", "mmcc-erlang-b.json");
        var (code, output, err) = Guarded(["run", scenario, .. Short, "--set", "load.open.rate=1e-320/s"]);
        Assert.True(code == 0, err);
        Assert.Contains("\"offeredRatePerSecond\": 1E-320", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AMillionUsersOnAHundredThousandWorkers_Run()
    {
        // Exact MVA of 10⁶ users on a 10⁵-server station is O(users × workers) per solution, solved at every step of the
        // closed model's fixed point: the analytic check of a 2 s run would take hours.
        // (A think time of 1000 s keeps the simulation itself to about 1,000 requests/s.)
        var (code, _, err) = Guarded(["run", .. Short, "--set", "load.closed.users=1000000", "--set", "load.closed.thinkTime=1000s",
            "--set", "workers.count=1000", "--set", "loadBalancer.servers=100"]);
        Assert.True(code == 0, err);
    }
}
