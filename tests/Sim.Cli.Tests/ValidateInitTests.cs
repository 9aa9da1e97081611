using Sim.Cli;
using static Sim.Cli.Tests.CliRun;

namespace Sim.Cli.Tests;

public class ValidateInitTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sim-init-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Init_WritesEveryShippedScenario_AndEachValidates()
    {
        var (code, output, _) = RunSim("init", _dir);
        Assert.Equal(0, code);
        string[] scenarios = Directory.GetFiles(_dir, "*.json", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("scenario.schema.json", StringComparison.Ordinal)).ToArray();
        Assert.Contains(scenarios, f => f.EndsWith("seed-stack.json", StringComparison.Ordinal));
        Assert.Contains(scenarios, f => f.EndsWith(Path.Combine("textbook", "mmc.json"), StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(_dir, "scenario.schema.json")));
        Assert.Contains("sim phases", output);
        var (validateCode, validated, err) = RunSim(["validate", .. scenarios]);
        Assert.Equal(0, validateCode);
        Assert.Equal("", err);
        Assert.Equal(scenarios.Length, validated.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Init_RefusesToOverwrite_UnlessForced()
    {
        Assert.Equal(0, RunSim("init", _dir).Code);
        var (code, _, err) = RunSim("init", _dir);
        Assert.Equal(2, code);
        Assert.Contains("--force", err);
        Assert.Equal(0, RunSim("init", _dir, "--force").Code);
    }

    [Fact]
    public void Validate_BadFile_ExitsTwo_WithEveryProblem()
    {
        Directory.CreateDirectory(_dir);
        string bad = Path.Combine(_dir, "bad.json");
        File.WriteAllText(bad, """{ "load": { "open": { "rate": "5" } }, "wokers": {}, "classes": [ { "name": "a", "steps": [ { "cpu": "5" } ] } ] }""");
        var (code, _, err) = RunSim("validate", bad);
        Assert.Equal(2, code);
        Assert.Contains("$.load.open.rate", err);
        Assert.Contains("$.classes[0].steps[0].cpu", err);
        Assert.Contains("did you mean 'workers'", err);
        Assert.Contains("3 problem(s)", err);
    }
}
