using static Sim.Cli.Tests.CliRun;

namespace Sim.Cli.Tests;

public class ParseErrorsTests
{
    [Theory]
    [InlineData("sim: --replications: 'abc' is not valid; expected a whole number.", "run", "-n", "abc")]
    [InlineData("sim: --seed: '-1' is not valid; expected a whole number from 0 to 18446744073709551615.", "run", "--seed", "-1")]
    [InlineData("sim: --seed: '1.5' is not valid; expected a whole number from 0 to 18446744073709551615.", "sweep", "--param", "users=1..2", "--seed", "1.5")]
    [InlineData("sim: --threads: 'x' is not valid; expected a whole number.", "sweep", "--param", "users=1..2", "--threads", "x")]
    [InlineData("sim: --format: 'xml' is not allowed; allowed: table, json, csv.", "run", "--format", "xml")]
    public void ATypedOptionWithABadValue_NamesTheOptionTheValueAndWhatIsAllowed_WithoutDotNetTypeNames(string expected, params string[] args)
    {
        var (code, output, err) = RunSim(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal([expected, "Run 'sim --help' for usage."], err.TrimEnd().Split(Environment.NewLine));
        Assert.DoesNotContain("System.", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sim: unknown option '--replication' for 'sim run'; did you mean '--replications'?; see 'sim run --help'.", "run", "--replication", "3")]
    [InlineData("sim: unknown option '--bogus' for 'sim phases'; see 'sim phases --help'.", "phases", "--bogus")]
    [InlineData("sim: unknown option '--outt' for 'sim merge'; did you mean '--out'?; see 'sim merge --help'.", "merge", "--outt", "x")]
    [InlineData("sim: unknown option '--parm' for 'sim sweep'; did you mean '--param'?; see 'sim sweep --help'.", "sweep", "--parm", "users=1..2")]
    [InlineData("sim: unknown option '-x' for 'sim capacity'; see 'sim capacity --help'.", "capacity", "-x")]
    public void AMistypedOption_IsNamedAsSuch_NotReadAsTheScenarioFile(string expected, params string[] args)
    {
        // Before, "sim run --bogus" answered "/dir/--bogus: a readable scenario file (Could not find file …)".
        var (code, output, err) = RunSim(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal([expected, "Run 'sim --help' for usage."], err.TrimEnd().Split(Environment.NewLine));
    }

    [Theory]
    [InlineData("sim: unknown command 'rn'; did you mean 'run'?; see 'sim --help'.", "rn")]
    [InlineData("sim: unknown command 'phase'; did you mean 'phases'?; see 'sim --help'.", "phase", "--phase", "baseline")]
    [InlineData("sim: unknown command 'sweeep'; did you mean 'sweep'?; see 'sim --help'.", "sweeep", "--param", "users=1..2")]
    [InlineData("sim: unknown command 'frobnicate'; see 'sim --help'.", "frobnicate")]
    public void AMistypedCommand_IsNamed_WithTheNearestCommand(string expected, params string[] args)
    {
        // Before: "Required command was not provided." and "Unrecognized command or argument 'rn'." with no suggestion.
        var (code, output, err) = RunSim(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal([expected, "Run 'sim --help' for usage."], err.TrimEnd().Split(Environment.NewLine));
    }

    [Fact]
    public void PhasesAndCapacity_TakeSeedAndDuration_AsShorthandsForSet()
    {
        string[] common = ["phases", "--phase", "baseline", "-n", "2", "--format", "json"];
        var (code, shorthand, err) = RunSim([.. common, "--seed", "7", "-d", "60s"]);
        Assert.True(code == 0, err);
        var (_, longhand, _) = RunSim([.. common, "--set", "run.seed=7", "--set", "run.duration=60s"]);
        var (_, otherSeed, _) = RunSim([.. common, "--seed", "8", "-d", "60s"]);
        Assert.Equal(longhand, shorthand);
        Assert.NotEqual(otherSeed, shorthand);
        Assert.Equal(2, RunSim("capacity", "--seed", "x").Code);
        Assert.Equal(2, RunSim("capacity", "--duration", "5").Code);
    }

    [Fact]
    public void BareSim_ListsTheCommands_OnStderr_AndExitsTwo()
    {
        var (code, output, err) = RunSim();
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("Commands:", err, StringComparison.Ordinal);
        Assert.Contains("phases <scenario>", err, StringComparison.Ordinal);
        Assert.DoesNotContain("Required command", err, StringComparison.Ordinal);
    }
}
