using System.Text.Json;

namespace Sim.Cli.Tests;

/// <summary>
/// The signal and exit-code contract of docs/cli.md, proven on the built tool in real processes: the first SIGINT or
/// SIGTERM (Ctrl-C; kill, timeout, Docker, Kubernetes, Slurm) stops at the next safe point, keeps and prints what
/// finished and exits 3; a second one ends the process at once with 128 + the signal's number (130, 143).
/// </summary>
public sealed class SignalTests : IDisposable
{
    private static readonly TimeSpan Minutes2 = TimeSpan.FromMinutes(2);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sim-signal-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [LinuxOnlyFact]
    [Trait("Category", "Slow")]
    public async Task Sigterm_DuringPhases_KeepsTheFinishedPhases_WritesThem_AndExits3()
    {
        // Before: .NET's default for SIGTERM ended the process with 143 and an empty --out folder.
        string dir = Path.Combine(_root, "phases");
        // Long phases (seconds each): SIGTERM arrives while the second one runs.
        using var sim = new SimProcess(readStdout: true, "phases", "-n", "2", "--set", "run.duration=20000s", "--set", "run.warmup=10s",
            "--no-scaling", "--out", dir);
        await sim.WaitForStderr("running gunicorn-workers", Minutes2);
        await sim.Signal("TERM");
        var (code, output, err) = await sim.Exit(Minutes2);

        Assert.True(code == 3, $"exit code {code}, stderr:\n{err}");
        Assert.Contains("sim: cancelled — partial result: cancelled after 1 of 8 phase(s)", err, StringComparison.Ordinal);
        Assert.Contains("baseline", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "baseline", "results.json")));
        Assert.StartsWith("> partial result", File.ReadAllText(Path.Combine(dir, "summary.md")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "report.html")));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories));
    }

    [LinuxOnlyFact]
    [Trait("Category", "Slow")]
    public async Task Sigterm_DuringASweep_WritesSweepJsonMarkedPartial_AndExits3()
    {
        // Before: exit 143, the finished point's file but no sweep.json.
        string dir = Path.Combine(_root, "sweep");
        // The first point (10 s simulated) finishes at once; the second (40,000 s) takes seconds, so SIGTERM lands while it runs.
        using var sim = new SimProcess(readStdout: true, "sweep", "--param", "run.duration=10s,40000s", "-n", "2", "--set", "run.warmup=10s",
            "--out", dir, "--format", "json");
        await sim.WaitUntil(() => File.Exists(Path.Combine(dir, "points", "0.json")), "the first point was written", Minutes2);
        await sim.Signal("TERM");
        var (code, output, err) = await sim.Exit(Minutes2);

        Assert.True(code == 3, $"exit code {code}, stderr:\n{err}");
        using JsonDocument printed = JsonDocument.Parse(output);
        using JsonDocument written = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "sweep.json")));
        Assert.True(printed.RootElement.GetProperty("partial").GetBoolean());
        Assert.True(written.RootElement.GetProperty("partial").GetBoolean());
        Assert.Equal(1, written.RootElement.GetProperty("points").GetArrayLength());
    }

    [LinuxOnlyFact]
    [Trait("Category", "Slow")]
    public Task ASecondSigint_EndsTheProcessAtOnce_WithExitCode130() => SecondSignal("INT", 130);

    [LinuxOnlyFact]
    [Trait("Category", "Slow")]
    public Task ASecondSigterm_EndsTheProcessAtOnce_WithExitCode143() => SecondSignal("TERM", 143);

    /// <summary>
    /// A sweep of 300 tiny points prints a JSON document of about a megabyte; the test never reads stdout, so once every
    /// point is done the child blocks writing it and the first signal cannot let it finish. The second must end it. Both
    /// signals are sent once the child's main thread is seen blocked on the pipe: then it holds Console.Out's lock, which
    /// the console also takes after every stderr write — a handler that wrote its note through Console.Error hung there
    /// and the second signal never ended the process.
    /// </summary>
    private async Task SecondSignal(string signal, int expected)
    {
        string dir = Path.Combine(_root, "second-" + signal);
        using var sim = new SimProcess(readStdout: false, "sweep", "--param", "load.closed.users=1..300", "-n", "2", "--duration", "1s",
            "--set", "run.warmup=0s", "--out", dir, "--format", "json");
        string points = Path.Combine(dir, "points");
        await sim.WaitUntil(() => Directory.Exists(points) && Directory.GetFiles(points, "*.json").Length == 300, "every point was written", TimeSpan.FromMinutes(4));
        await sim.WaitUntil(sim.MainThreadBlockedOnAPipe, "blocked writing stdout", Minutes2);
        await sim.Signal(signal);
        await sim.WaitForStderr("again to quit at once", Minutes2); // the first signal is acknowledged, and the child is still there
        await sim.Signal(signal);
        var (code, _, err) = await sim.Exit(Minutes2);
        Assert.True(code == expected, $"exit code {code}, expected {expected}; stderr:\n{err}");
    }
}
