using System.Text.Json.Nodes;
using Sim.Core.Tests.Calibration;
using static Sim.Cli.Tests.CliRun;

namespace Sim.Cli.Tests;

/// <summary><c>sim calibrate</c> end to end: files written, the notes printed, <c>sim run</c> accepts the result; bad input gets a message and exit 2.</summary>
public sealed class CalibrateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sim-calibrate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteLog(SyntheticAccessLog log, long lines, bool combined = false)
    {
        string path = Path.Combine(_dir, combined ? "combined.log" : "access.log");
        File.WriteAllLines(path, log.Lines(lines, combined));
        return path;
    }

    [Fact]
    public void Calibrate_WritesScenarioAndNotes_AndSimRunAcceptsIt()
    {
        string log = WriteLog(new SyntheticAccessLog(), 4_000);
        string output = Path.Combine(_dir, "my-stack.json");
        var (code, stdout, stderr) = RunSim("calibrate", log, "-o", output);
        Assert.True(code == 0, stderr);
        Assert.Contains("Calibrated parameters", stdout, StringComparison.Ordinal);
        Assert.Contains("Not identifiable from the log", stdout, StringComparison.Ordinal);
        Assert.Contains("classes.page.steps[0].cpu", stdout, StringComparison.Ordinal);
        Assert.Contains("reading access.log", stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(output));
        string notes = Path.Combine(_dir, "my-stack.calibration.md");
        Assert.Contains("## Not identifiable from the log", File.ReadAllText(notes), StringComparison.Ordinal);
        Assert.Equal("my-stack", (string)JsonNode.Parse(File.ReadAllText(output))!["name"]!);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp")); // written atomically, no leftovers

        var (runCode, runOut, runErr) = RunSim("run", output, "--duration", "60s", "--replications", "2");
        Assert.True(runCode == 0, runErr);
        Assert.Contains("my-stack / baseline: ", runOut, StringComparison.Ordinal);
        Assert.Contains("2 replications", runOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Calibrate_CombinedFormat_IsDetected_AndTheUnidentifiedAreListed()
    {
        string log = WriteLog(new SyntheticAccessLog(), 2_000, combined: true);
        string output = Path.Combine(_dir, "c.json");
        var (code, stdout, stderr) = RunSim("calibrate", log, "--output", output);
        Assert.True(code == 0, stderr);
        Assert.Contains("combined format", stdout, StringComparison.Ordinal);
        Assert.Contains("service demand cannot be identified", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void MostlyMalformedLog_ExitsTwo_NamingLineAndField_WithoutAStackTrace()
    {
        string path = Path.Combine(_dir, "bad.log");
        string good = new SyntheticAccessLog().Lines(1).Single();
        string[] f = good.Split('\t');
        f[5] = "OK";
        File.WriteAllLines(path, [good, string.Join('\t', f), string.Join('\t', f), string.Join('\t', f)]);
        var (code, _, stderr) = RunSim("calibrate", path, "--format", "stack", "-o", Path.Combine(_dir, "x.json"));
        Assert.Equal(2, code);
        Assert.Contains("sim: bad.log: 3 of 4 lines read are not in the stack format", stderr, StringComparison.Ordinal);
        Assert.Contains("line 2: field 6 ($status) is 'OK'; allowed: an HTTP status (100–999)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "x.json")));
    }

    [Fact]
    public void MissingFiles_ExitTwo()
    {
        var (code, _, stderr) = RunSim("calibrate", Path.Combine(_dir, "nope.log"));
        Assert.Equal(2, code);
        Assert.Contains("no such file", stderr, StringComparison.Ordinal);
        string log = WriteLog(new SyntheticAccessLog(), 100);
        (code, _, stderr) = RunSim("calibrate", log, "--cpu", Path.Combine(_dir, "nope.csv"), "-o", Path.Combine(_dir, "y.json"));
        Assert.Equal(2, code);
        Assert.Contains("--cpu", stderr, StringComparison.Ordinal);
        string csv = Path.Combine(_dir, "cpu.csv");
        File.WriteAllText(csv, "when,what,how\n1,2,3\n");
        (code, _, stderr) = RunSim("calibrate", log, "--cpu", csv, "-o", Path.Combine(_dir, "y.json"));
        Assert.Equal(2, code);
        Assert.Contains("line 1: the header 'when,what,how' must name the columns time_unix", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkersAndHostCores_AreTaken_AndOutOfRangeValuesAreRefused()
    {
        string log = WriteLog(new SyntheticAccessLog(), 2_000);
        string output = Path.Combine(_dir, "w.json");
        var (code, stdout, stderr) = RunSim("calibrate", log, "--workers", "8", "-o", output);
        Assert.True(code == 0, stderr);
        Assert.Equal(8, (int)JsonNode.Parse(File.ReadAllText(output))!["workers"]!["count"]!);
        Assert.Contains("given (--workers)", stdout, StringComparison.Ordinal);
        (code, _, stderr) = RunSim("calibrate", log, "--workers", "0", "-o", output);
        Assert.Equal(2, code);
        Assert.Contains("--workers 0: allowed 1 to 1000.", stderr, StringComparison.Ordinal);
        (code, _, stderr) = RunSim("calibrate", log, "--host-cores", "5000", "-o", output);
        Assert.Equal(2, code);
        Assert.Contains("--host-cores 5000: allowed 1 to 4096.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownFormat_IsAParseError()
    {
        var (code, _, stderr) = RunSim("calibrate", "x.log", "--format", "apache");
        Assert.Equal(2, code);
        Assert.Contains("apache", stderr, StringComparison.Ordinal);
    }
}
