using static Sim.Cli.Tests.CliRun;

namespace Sim.Cli.Tests;

public sealed class OutputFolderTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "sim-out-file-" + Guid.NewGuid().ToString("N"));

    public OutputFolderTests() => File.WriteAllText(_file, "not a folder");

    public void Dispose() => File.Delete(_file);

    // Each command would run for a while (the capacity search for minutes) before writing; a --out that cannot be a
    // folder must be refused first, with one line — before, run/phases/capacity/mmc died after the run with a stack trace.
    [Theory]
    [InlineData("run", "-n", "2", "-d", "30s")]
    [InlineData("phases", "--phase", "baseline", "-n", "2", "-d", "30s")]
    [InlineData("capacity", "--phase", "baseline", "-n", "2", "-d", "30s")]
    [InlineData("mmc", "-n", "2")]
    [InlineData("sweep", "--param", "users=100,200", "-n", "2", "-d", "30s")]
    public void AnOutThatIsAFile_IsRefusedBeforeAnythingRuns(params string[] args)
    {
        var (code, output, err) = RunSim([.. args, "--out", _file]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"sim: --out {_file}: cannot be used as a folder (The file '{_file}' already exists.).", err.TrimEnd());
        Assert.Equal("not a folder", File.ReadAllText(_file));
    }

    [Fact]
    public void AnOutUnderAFile_OrWhereNoFileCanBeWritten_IsRefused()
    {
        var (code, _, err) = RunSim("mmc", "-n", "2", "--out", Path.Combine(_file, "sub"));
        Assert.Equal(2, code);
        Assert.StartsWith($"sim: --out {Path.Combine(_file, "sub")}: cannot be used as a folder (", err, StringComparison.Ordinal);
        if (!Directory.Exists("/proc/self")) return; // Linux: /proc is a folder no file can be created in, even by root
        (code, _, err) = RunSim("mmc", "-n", "2", "--out", "/proc");
        Assert.Equal(2, code);
        Assert.Equal("sim: --out /proc: no file can be written there (the file system refused a test file).", err.TrimEnd());
    }

    [Fact]
    public void InitIntoAFile_IsBadInput_NamedAsSuch()
    {
        // Before: "could not write the results …" and exit 4, as if a disk had filled up.
        var (code, output, err) = RunSim("init", _file);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"sim: init {_file}: cannot be used as a folder (The file '{_file}' already exists.).", err.TrimEnd());
    }

    [Fact]
    public void AGoodOut_KeepsNoProbeFileBehind()
    {
        string dir = Path.Combine(Path.GetTempPath(), "sim-out-" + Guid.NewGuid().ToString("N"));
        try
        {
            Assert.Equal(0, RunSim("mmc", "-n", "2", "--duration", "100s", "--out", dir).Code);
            Assert.Equal(["results.json", "summary.md"], Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void LeftoverTemporaryFilesOfSimsOwnNaming_AreRemovedAtStart_OthersAreKept()
    {
        // A kill during an atomic write leaves ".NAME.<32 hex>.tmp"; nothing removed them.
        string dir = Path.Combine(Path.GetTempPath(), "sim-out-leftovers-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        string hex = Guid.NewGuid().ToString("N");
        string[] ours = [Path.Combine(dir, $".results.json.{hex}.tmp"), Path.Combine(dir, "sub", $".dashboard.png.{hex}.tmp"), Path.Combine(dir, $".sim-probe.{hex}.tmp")];
        string[] theirs = [Path.Combine(dir, "notes.tmp"), Path.Combine(dir, ".results.json.tmp"), Path.Combine(dir, $".x.{hex}.tmp.keep"), Path.Combine(dir, $"results.json.{hex}.tmp")];
        foreach (string f in ours.Concat(theirs)) File.WriteAllText(f, "x");
        try
        {
            var (code, _, err) = RunSim("run", "-n", "2", "--duration", "30s", "--set", "run.warmup=5s", "--out", dir, "--format", "csv");
            Assert.True(code == 0, err);
            foreach (string f in ours) Assert.False(File.Exists(f), f);
            foreach (string f in theirs) Assert.True(File.Exists(f), f);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
