using Sim.Cli;

namespace Sim.Cli.Tests;

/// <summary>
/// `sim --help` and every subcommand's help, compared with the committed snapshots in Snapshots/. A change
/// to an option, a description or a command shows up here and in review; to accept it, run the tests with
/// SIM_UPDATE_GENERATED=1 and commit the rewritten snapshots.
/// </summary>
public class HelpSnapshotTests
{
    private static readonly string[] Names = ["", "run", "phases", "capacity", "sensitivity", "sweep", "merge", "analyze", "validate", "init", "mmc", "calibrate"];

    public static TheoryData<string> Commands() => new(Names);

    private static string SnapshotFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sim.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("Sim.sln not found above the test folder");
        return Path.Combine(dir.FullName, "tests", "Sim.Cli.Tests", "Snapshots");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Help_MatchesTheSnapshot(string command)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] args = command == "" ? ["--help"] : [command, "--help"];
        int code = Program.Run(args, stdout, stderr, CancellationToken.None);
        Assert.Equal(0, code);
        Assert.Equal("", stderr.ToString());
        // The usage line names the running executable: "sim" for users, the test host here.
        string host = Program.BuildRoot(TextWriter.Null, TextWriter.Null, CancellationToken.None).Name;
        string actual = stdout.ToString().ReplaceLineEndings("\n").Replace($"  {host} ", "  sim ", StringComparison.Ordinal);
        Assert.Contains("Usage:", actual);

        string file = Path.Combine(SnapshotFolder(), $"help-{(command == "" ? "sim" : command)}.txt");
        string expected = File.Exists(file) ? File.ReadAllText(file).ReplaceLineEndings("\n") : "";
        if (actual != expected && Environment.GetEnvironmentVariable("SIM_UPDATE_GENERATED") == "1")
        {
            File.WriteAllText(file, actual);
            expected = actual;
        }
        Assert.True(actual == expected, $"help of 'sim {command}' differs from {file}; if the change is intended, run the tests with SIM_UPDATE_GENERATED=1 and commit the snapshot.\n--- actual ---\n{actual}");
    }

    [Fact]
    public void EveryCommand_HasASnapshotTest()
    {
        var root = Program.BuildRoot(TextWriter.Null, TextWriter.Null, CancellationToken.None);
        var tested = Names.ToHashSet();
        foreach (var sub in root.Subcommands) Assert.Contains(sub.Name, tested);
    }
}
