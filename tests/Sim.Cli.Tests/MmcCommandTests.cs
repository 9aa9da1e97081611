using System.Text.Json;
using Sim.Cli;
using static Sim.Cli.Tests.CliRun;

namespace Sim.Cli.Tests;

public class MmcCommandTests
{
    private static readonly string[] Small = ["mmc", "-n", "3", "--duration", "500s", "--warmup", "50s"];

    [Fact]
    public void Help_ListsTheCommands()
    {
        var (code, output, _) = RunSim("--help");
        Assert.Equal(0, code);
        Assert.Contains("mmc", output);
        Assert.Contains("phases", output);
        Assert.Contains("capacity", output);
    }

    [Fact]
    public void Run_Table_ShowsMetricsBesideErlangC()
    {
        var (code, output, err) = RunSim(Small);
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Contains("Erlang C", output);
        Assert.Contains("P(wait)", output);
        Assert.Contains("p95 response time", output);
    }

    [Fact]
    public void Run_Json_IsOneDocumentWithMeanAndCi95PerMetric()
    {
        var (code, output, _) = RunSim([.. Small, "--format", "json"]);
        Assert.Equal(0, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement metrics = doc.RootElement.GetProperty("metrics");
        foreach (string name in new[] { "throughputPerSecond", "latencyMs.p95", "waitProbability", "utilization" })
        {
            JsonElement m = metrics.GetProperty(name);
            Assert.True(m.GetProperty("mean").GetDouble() > 0);
            Assert.True(m.GetProperty("ci95").GetDouble() >= 0);
        }
    }

    [Fact]
    public void Run_SameSeed_GivesByteIdenticalJson()
    {
        var a = RunSim([.. Small, "--format", "json", "--seed", "9"]);
        var b = RunSim([.. Small, "--format", "json", "--seed", "9"]);
        var c = RunSim([.. Small, "--format", "json", "--seed", "10"]);
        Assert.Equal(a.Out, b.Out);
        Assert.NotEqual(a.Out, c.Out);
    }

    [Fact]
    public void Run_Out_WritesResultsAtomically_WithNoTempFilesLeft()
    {
        string dir = Path.Combine(Path.GetTempPath(), "sim-cli-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, _, _) = RunSim([.. Small, "--out", dir]);
            Assert.Equal(0, code);
            Assert.Equal(new[] { "results.json", "summary.md" }, Directory.GetFiles(dir).Select(Path.GetFileName).Order());
            using JsonDocument _ = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "results.json")));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("--servers", "0", "--servers: 0 is not allowed")]
    [InlineData("--service-time", "5", "missing unit")]
    [InlineData("--service-time", "-5ms", "--service-time")]
    [InlineData("--arrival-rate", "lots", "--arrival-rate: 'lots' is not valid")]
    [InlineData("--arrival-rate", "9/s", "unstable: 9 req/s offered")]
    [InlineData("--replications", "0", "--replications: 0 is not allowed")]
    [InlineData("--replications", "20000", "--replications: 20000 is not allowed — at most 10000")]
    [InlineData("--duration", "1e12s", "this run would simulate about 7.2E+13 customers")]
    [InlineData("--format", "xml", "xml")]
    public void Run_BadInput_ExitsTwo_WithAMessageNamingTheOptionAndValue(string option, string value, string expected)
    {
        var (code, output, err) = RunSim("mmc", option, value);
        Assert.Equal(2, code);
        Assert.Contains(expected, err);
        Assert.DoesNotContain("   at ", err); // no stack trace
        Assert.Equal("", output);
    }

    [Fact]
    public void UnknownOption_ExitsTwo()
    {
        var (code, _, err) = RunSim("mmc", "--bogus");
        Assert.Equal(2, code);
        Assert.Contains("--bogus", err);
    }

    [Fact]
    public void Cancelled_ExitsThree()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(["mmc", "-n", "2", "--duration", "100000s"], stdout, stderr, cts.Token);
        Assert.Equal(3, code);
        Assert.Contains("cancelled", stderr.ToString());
    }
}
