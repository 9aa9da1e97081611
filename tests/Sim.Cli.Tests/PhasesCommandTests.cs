using System.Text.Json;
using Sim.Cli;

namespace Sim.Cli.Tests;

public class PhasesCommandTests
{
    private static (int Code, string Out, string Err) Sim(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    // Short runs: the point here is the command's contract, not the numbers.
    private static readonly string[] Short = ["phases", "-n", "2", "--set", "run.duration=60s", "--set", "run.warmup=10s"];

    [Fact]
    public void BuiltInSeedStack_RunsEveryPhase_AsOneJsonDocument()
    {
        var (code, output, _) = Sim([.. Short, "--format", "json"]);
        Assert.Equal(0, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        var phases = doc.RootElement.GetProperty("phases").EnumerateArray().ToList();
        Assert.Equal(8, phases.Count);
        Assert.Equal("baseline", phases[0].GetProperty("phase").GetString());
        JsonElement metrics = phases[0].GetProperty("results").GetProperty("metrics");
        Assert.True(metrics.GetProperty("throughputPerSecond").GetProperty("mean").GetDouble() > 50);
        Assert.True(metrics.GetProperty("latencyMs").GetProperty("p95").GetProperty("ci95").GetDouble() >= 0);
        Assert.Equal(3, metrics.GetProperty("workerUtilization").GetProperty("perWorker").GetArrayLength());
        Assert.Equal(8, phases[1].GetProperty("results").GetProperty("metrics").GetProperty("workerUtilization").GetProperty("perWorker").GetArrayLength());
    }

    [Fact]
    public void PhaseFilterAndUsers_RunOnlyWhatWasAsked()
    {
        var (code, output, _) = Sim([.. Short, "--phase", "nginx", "--users", "842", "--format", "json"]);
        Assert.Equal(0, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement only = Assert.Single(doc.RootElement.GetProperty("phases").EnumerateArray());
        Assert.Equal("nginx", only.GetProperty("phase").GetString());
        Assert.Equal(842, only.GetProperty("users").GetInt32());
    }

    [Fact]
    public void Out_WritesAResultsFilePerPhaseAndASummary()
    {
        string dir = Path.Combine(Path.GetTempPath(), "sim-phases-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, _, _) = Sim([.. Short, "--phase", "baseline", "--phase", "redis", "--out", dir]);
            Assert.Equal(0, code);
            Assert.True(File.Exists(Path.Combine(dir, "summary.md")));
            foreach (string phase in new[] { "baseline", "redis" })
            {
                using JsonDocument _ = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, phase, "results.json")));
                foreach (string chart in new[] { "latency-distribution.png", "worker-utilization.png", "latency-breakdown.png" })
                    AssertPng(Path.Combine(dir, phase, chart));
            }
            foreach (string chart in new[] { "latency-comparison.png", "db-connections.png", "cache-hit-ratio.png", "resources.png" })
                AssertPng(Path.Combine(dir, chart));
            string summary = File.ReadAllText(Path.Combine(dir, "summary.md"));
            Assert.Contains("](baseline/worker-utilization.png)", summary);
            Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    private static void AssertPng(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 10_000, $"{path}: {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }

    [Fact]
    public void BadOverride_ExitsTwo_NamingThePath()
    {
        var (code, output, err) = Sim("phases", "--set", "wokers.count=8");
        Assert.Equal(2, code);
        Assert.Contains("wokers", err);
        Assert.Contains("workers", err); // the suggestion
        Assert.DoesNotContain("   at ", err);
        Assert.Equal("", output);
    }

    [Fact]
    public void NegativeWorkers_ExitsTwo_WithPathValueAndAllowed()
    {
        var (code, _, err) = Sim("phases", "--set", "workers.count=-1");
        Assert.Equal(2, code);
        Assert.Contains("$.workers.count", err);
        Assert.Contains("-1", err);
    }

    [Fact]
    public void UnknownPhase_ExitsTwo_ListingThePhases()
    {
        var (code, _, err) = Sim("phases", "--phase", "nope");
        Assert.Equal(2, code);
        Assert.Contains("gunicorn-workers", err);
    }

    [Fact]
    public void MissingFile_ExitsTwo()
    {
        var (code, _, err) = Sim("phases", "/no/such/scenario.json");
        Assert.Equal(2, code);
        Assert.Contains("scenario.json", err);
    }

    [Fact]
    public void ShippedScenarioFile_IsTheBuiltInOne()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Sim.sln"))) root = Path.GetDirectoryName(root)!;
        var fromFile = Sim([.. Short, "--phase", "baseline", "--format", "json", Path.Combine(root, "scenarios", "seed-stack.json")]);
        var builtIn = Sim([.. Short, "--phase", "baseline", "--format", "json"]);
        Assert.Equal(0, fromFile.Code);
        Assert.Equal(builtIn.Out, fromFile.Out); // same file, same seed: byte-identical results
    }
}

public class CapacityCommandTests
{
    [Fact]
    public void Capacity_OnOnePhase_PrintsTheUsersItHolds()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(["capacity", "--phase", "gunicorn-workers", "-n", "2", "--set", "run.duration=60s", "--set", "run.warmup=10s",
            "--slo", "p95<=500ms,errors<=1%", "--format", "markdown"], stdout, stderr, CancellationToken.None);
        Assert.Equal(0, code);
        string output = stdout.ToString();
        Assert.Contains("p95 ≤ 500 ms and errors ≤ 1.00 %", output);
        Assert.Matches(@"\| gunicorn-workers \| \d+ users \| \d+ \|", output);
    }

    [Fact]
    public void Capacity_BadSlo_ExitsTwo()
    {
        var stderr = new StringWriter();
        int code = Program.Run(["capacity", "--slo", "latency=fast"], new StringWriter(), stderr, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("--slo", stderr.ToString());
    }
}
