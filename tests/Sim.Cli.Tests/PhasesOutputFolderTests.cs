using System.Text.Json;
using static Sim.Cli.Tests.CliRun;

namespace Sim.Cli.Tests;

/// <summary>
/// <c>phases --out</c> into a folder used before: each results.json says which run wrote it, and what an earlier run
/// wrote (and this one did not) is cleared — only files sim itself listed as written, never a user's.
/// </summary>
public sealed class PhasesOutputFolderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sim-phases-out-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static string[] Phases(string dir, params string[] names) =>
        ["phases", .. names.SelectMany(n => new[] { "--phase", n }), "-n", "2", "--set", "run.duration=30s", "--set", "run.warmup=5s",
         "--no-capacity", "--no-scaling", "--out", dir, "--format", "json"];

    [Fact]
    public void ResultsJson_NamesTheScenario_TheSeed_AndTheRunsFingerprint()
    {
        string dir = Path.Combine(_root, "a");
        var (code, _, err) = RunSim([.. Phases(dir, "baseline", "redis"), "--seed", "7"]);
        Assert.True(code == 0, err);
        using JsonDocument baseline = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "baseline", "results.json")));
        using JsonDocument redis = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "redis", "results.json")));
        JsonElement b = baseline.RootElement;
        Assert.Equal("seed-stack", b.GetProperty("scenario").GetString());
        Assert.Equal(7UL, b.GetProperty("seed").GetUInt64());
        Assert.Matches("^[0-9a-f]{32}$", b.GetProperty("fingerprint").GetString());
        Assert.Equal(b.GetProperty("fingerprint").GetString(), redis.RootElement.GetProperty("fingerprint").GetString());

        // Another seed is another run: another fingerprint.
        (code, _, err) = RunSim([.. Phases(Path.Combine(_root, "b"), "baseline"), "--seed", "8"]);
        Assert.True(code == 0, err);
        using JsonDocument other = JsonDocument.Parse(File.ReadAllText(Path.Combine(_root, "b", "baseline", "results.json")));
        Assert.NotEqual(b.GetProperty("fingerprint").GetString(), other.RootElement.GetProperty("fingerprint").GetString());
    }

    [Fact]
    public void ARerunIntoTheSameFolder_ClearsWhatTheEarlierRunWrote_AndLeavesOtherFilesAlone()
    {
        string dir = Path.Combine(_root, "used");
        Assert.Equal(0, RunSim(Phases(dir, "baseline", "redis")).Code);
        Assert.True(File.Exists(Path.Combine(dir, "latency-comparison.png")));
        // The user's own files: beside sim's, inside a phase folder sim wrote, and a folder that merely looks like a phase's.
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");
        File.WriteAllText(Path.Combine(dir, "redis", "notes.txt"), "mine");
        Directory.CreateDirectory(Path.Combine(dir, "mine"));
        File.WriteAllText(Path.Combine(dir, "mine", "results.json"), "{\"phase\": \"mine\"}");

        var (code, output, err) = RunSim(Phases(dir, "baseline"));
        Assert.True(code == 0, err);
        Assert.Single(JsonDocument.Parse(output).RootElement.GetProperty("phases").EnumerateArray());
        // Before: redis/results.json and its charts stayed beside the new baseline, indistinguishable from it.
        Assert.False(File.Exists(Path.Combine(dir, "redis", "results.json")));
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "redis"), "*.png"));
        Assert.False(File.Exists(Path.Combine(dir, "latency-comparison.png"))); // one phase now: no comparison charts
        Assert.Equal("mine", File.ReadAllText(Path.Combine(dir, "redis", "notes.txt")));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(dir, "notes.txt")));
        Assert.Equal("{\"phase\": \"mine\"}", File.ReadAllText(Path.Combine(dir, "mine", "results.json")));
        Assert.Contains($"{Path.Combine(dir, "redis")}", err, StringComparison.Ordinal); // says why it kept that folder
        Assert.True(File.Exists(Path.Combine(dir, "baseline", "results.json")));
        Assert.True(File.Exists(Path.Combine(dir, "baseline", "dashboard.png")));
    }

    [Fact]
    public void APhaseFolderLeftEmpty_IsRemoved()
    {
        string dir = Path.Combine(_root, "empty");
        Assert.Equal(0, RunSim(Phases(dir, "baseline", "redis")).Code);
        Assert.Equal(0, RunSim(Phases(dir, "baseline")).Code);
        Assert.False(Directory.Exists(Path.Combine(dir, "redis")));
    }

    [Fact]
    public void APhaseNameThatIsNotAFolderName_IsRefused_BeforeTheRun()
    {
        // A phase name is free text; with --out it becomes a folder, so "../x" wrote outside --out.
        Directory.CreateDirectory(_root);
        string file = Path.Combine(_root, "escape.json");
        File.WriteAllText(file, """
            { "load": { "open": { "rate": "5/s" } },
              "classes": [ { "name": "page", "steps": [ { "cpu": "20ms" } ] } ],
              "run": { "duration": "30s", "warmup": "5s", "replications": 2 },
              "phases": [ { "name": "../escaped", "set": { "workers.count": 4 } } ] }
            """);
        var (code, output, err) = RunSim("phases", file, "--no-capacity", "--no-scaling", "--out", Path.Combine(_root, "out"));
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("$.phases[0].name: \"../escaped\"", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "escaped")));
    }
}
