using Sim.Cli;

namespace Sim.Cli.Tests;

public class SensitivityCommandTests
{
    private static readonly string[] Short = ["--set", "run.warmup=5s", "-n", "2", "-d", "20s"];

    private static (int Code, string Out, string Err) Sim(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("--delta", "150%", "sim: --delta: '150%' is not allowed; allowed: a relative change in (0 %, 100 %), e.g. 20% or 0.2.")]
    [InlineData("--delta", "0%", "sim: --delta: '0%' is not allowed; allowed: a relative change in (0 %, 100 %), e.g. 20% or 0.2.")]
    [InlineData("--delta", "-20%", "sim: --delta: '-20%' is not allowed; allowed: a relative change in (0 %, 100 %), e.g. 20% or 0.2.")]
    [InlineData("--param", "database.conectTime", "sim: --param 'database.conectTime': unknown field 'conectTime' in $.database; allowed: maxConnections, cores")]
    [InlineData("--param", "run.seed", "sim: --param 'run.seed': not a numeric field of the baseline configuration")]
    [InlineData("--param", "proxy.staticHitRatio", "sim: --param 'proxy.staticHitRatio': not varied — 0: ±20 % of 0 is 0.")]
    [InlineData("--phase", "nginks", "sim: --phase: 'nginks' is not a phase of seed-stack.json (built-in); phases: baseline, gunicorn-workers")]
    [InlineData("-n", "1", "sim: --replications: 1 is not allowed; allowed: a whole number ≥ 2")]
    public void BadInput_OneLineNamingTheFieldValueAndRange_Exit2(string option, string value, string message)
    {
        var (code, stdout, stderr) = Sim("sensitivity", option, value, "--list");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith(message, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public void List_ShowsThePlan_WithoutRunning()
    {
        var (code, stdout, stderr) = Sim("sensitivity", "--list", "--delta", "10%");
        Assert.True(code == 0, stderr);
        Assert.Contains("dbConnections.connectTime", stdout, StringComparison.Ordinal);
        Assert.Contains("mean 7.5 ms", stdout, StringComparison.Ordinal);
        Assert.Contains("mean 6.75 ms", stdout, StringComparison.Ordinal);
        Assert.Contains("low (−10 %)", stdout, StringComparison.Ordinal);
        Assert.Contains("skipped run.duration: run control", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_WritesSensitivityJsonAndATornadoPng()
    {
        string dir = Path.Combine(Path.GetTempPath(), "sensitivity-cli-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, stdout, stderr) = Sim(["sensitivity", .. Short, "--param", "workers.count", "--param", "proxy.gzip.cpuPerMB", "--out", dir]);
            Assert.True(code == 0, stderr);
            Assert.Contains("[3/5] workers.count high: p95 -", stderr, StringComparison.Ordinal);
            Assert.Contains("workers.count", stdout, StringComparison.Ordinal);
            Assert.Contains("No effect at all (every run identical to the base): proxy.gzip.cpuPerMB.", stdout, StringComparison.Ordinal);
            string json = File.ReadAllText(Path.Combine(dir, "sensitivity.json"));
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            Assert.Equal("workers.count", doc.RootElement.GetProperty("parameters")[0].GetProperty("path").GetString());
            Assert.Equal(0.2, doc.RootElement.GetProperty("delta").GetDouble());
            byte[] png = File.ReadAllBytes(Path.Combine(dir, "sensitivity.png"));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
            Assert.InRange(png.Length, 20_000, 2_000_000);
            Assert.Empty(Directory.GetFiles(dir, ".*.tmp"));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Json_IsTheStudysJson()
    {
        var (code, stdout, stderr) = Sim(["sensitivity", .. Short, "--param", "cache.hitRatio", "--format", "json"]);
        Assert.True(code == 0, stderr);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        var p = doc.RootElement.GetProperty("parameters")[0];
        Assert.Equal("cache.hitRatio", p.GetProperty("path").GetString());
        Assert.Equal(0.28, p.GetProperty("low").GetDouble(), 12);
        Assert.True(p.GetProperty("lowChange").GetProperty("latencyMs.p95").GetProperty("ci95").GetDouble() > 0);
        Assert.Equal("", stderr);
    }
}
