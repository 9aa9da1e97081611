using System.Text.Json;
using static Sim.Cli.Tests.CliRun;

namespace Sim.Cli.Tests;

/// <summary>
/// A write that fails after the run (a full disk, a removed folder) must not discard the result: it is printed first,
/// then the failure is reported with exit code 4. Each test makes one output path a folder, so the --out probe passes and
/// that one write fails deterministically (as non-root tests cannot fill a disk).
/// </summary>
public sealed class WriteFailureTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sim-write-failure-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private void Block(string relative) => Directory.CreateDirectory(Path.Combine(_dir, relative));

    private static void AssertWriteFailure(int code, string err)
    {
        Assert.True(code == 4, $"exit code {code}; stderr:\n{err}");
        Assert.Contains("sim: could not write the results", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_PrintsTheResultFirst_ThenReportsTheFailedWrite()
    {
        Block("results.csv");
        var (code, output, err) = RunSim("run", "-n", "2", "--duration", "30s", "--set", "run.warmup=5s", "--out", _dir, "--format", "json");
        AssertWriteFailure(code, err);
        using JsonDocument printed = JsonDocument.Parse(output); // before: nothing on stdout
        Assert.Equal("baseline", printed.RootElement.GetProperty("phase").GetString());
        using JsonDocument written = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "results.json")));
    }

    [Fact]
    public void Phases_PrintsTheResult_AndWritesResultsAndSummary_BeforeTheCharts()
    {
        Block(Path.Combine("baseline", "dashboard.png"));
        var (code, output, err) = RunSim("phases", "--phase", "baseline", "-n", "2", "--set", "run.duration=30s", "--set", "run.warmup=5s",
            "--no-capacity", "--no-scaling", "--out", _dir, "--format", "json");
        AssertWriteFailure(code, err);
        using JsonDocument printed = JsonDocument.Parse(output);
        Assert.Single(printed.RootElement.GetProperty("phases").EnumerateArray());
        using JsonDocument written = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "baseline", "results.json")));
        Assert.Contains("| Throughput (req/s) |", File.ReadAllText(Path.Combine(_dir, "summary.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Sweep_PrintsTheResult_WhenSweepJsonCannotBeWritten()
    {
        Block("sweep.json");
        var (code, output, err) = RunSim("sweep", "--param", "workers=2..3", "-n", "2", "--duration", "30s", "--set", "run.warmup=5s", "--out", _dir, "--format", "json");
        AssertWriteFailure(code, err);
        using JsonDocument printed = JsonDocument.Parse(output);
        Assert.Equal(2, printed.RootElement.GetProperty("points").GetArrayLength());
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_dir, "points"), "*.json").Length);
    }

    [Fact]
    public void Sweep_APointThatCannotBeWritten_DoesNotStopTheOthers()
    {
        // Before: the failed point file aborted the sweep; nothing was printed and the other points were not run.
        Block(Path.Combine("points", "0.json"));
        var (code, output, err) = RunSim("sweep", "--param", "workers=2..4", "-n", "2", "--duration", "30s", "--set", "run.warmup=5s", "--out", _dir,
            "--format", "json", "--threads", "1");
        AssertWriteFailure(code, err);
        using JsonDocument printed = JsonDocument.Parse(output);
        Assert.Equal(3, printed.RootElement.GetProperty("points").GetArrayLength());
        Assert.True(File.Exists(Path.Combine(_dir, "points", "1.json")));
        Assert.True(File.Exists(Path.Combine(_dir, "points", "2.json")));
    }

    [Fact]
    public void Mmc_PrintsTheResultFirst()
    {
        Block("summary.md");
        var (code, output, err) = RunSim("mmc", "-n", "2", "--duration", "100s", "--out", _dir, "--format", "json");
        AssertWriteFailure(code, err);
        using JsonDocument printed = JsonDocument.Parse(output);
        Assert.True(File.Exists(Path.Combine(_dir, "results.json")));
    }

    [Fact]
    public void Capacity_WritesItsSummary_BeforeTheChart()
    {
        Block("capacity-growth.png");
        var (code, output, err) = RunSim("capacity", "--phase", "baseline", "-n", "2", "--duration", "30s", "--set", "run.warmup=5s", "--out", _dir, "--format", "markdown");
        AssertWriteFailure(code, err);
        Assert.Contains("| baseline |", output, StringComparison.Ordinal);
        Assert.Contains("| baseline |", File.ReadAllText(Path.Combine(_dir, "capacity.md")), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task AWriteThatFailsAfterTheRun_InARealProcess_PrintsTheResultFirst_AndExits4()
    {
        // results.csv is a folder: the probe of --out passes, the write after the run fails as on a full disk.
        Block("results.csv");
        using var sim = new SimProcess(readStdout: true, "run", "-n", "2", "--duration", "30s", "--set", "run.warmup=5s", "--out", _dir, "--format", "json");
        var (code, output, err) = await sim.Exit(TimeSpan.FromMinutes(2));
        Assert.True(code == 4, $"exit code {code}, stderr:\n{err}");
        using JsonDocument printed = JsonDocument.Parse(output);
        Assert.Equal(2, printed.RootElement.GetProperty("results").GetProperty("replications").GetInt32());
        Assert.Contains("sim: could not write the results", err, StringComparison.Ordinal);
    }
}
