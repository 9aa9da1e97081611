using Sim.Cli;
using Sim.Scenarios;

namespace Sim.Cli.Tests;

/// <summary>--users and --rate change the load the way a user expects: the population or the rate, nothing else.</summary>
public class LoadOptionTests
{
    private static readonly FileInfo OpenScenario = new(Path.Combine(RepoRoot(), "scenarios", "textbook", "mm1.json"));

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sim.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Sim.sln not found above the test folder");
    }

    private static StackScenario Loaded(FileInfo? file, int? users, string? rate)
    {
        var overrides = new List<string>();
        ScenarioInput.AddLoadOverrides(file, overrides, users, rate);
        return ScenarioInput.Load(file, overrides, ["baseline"])[0].Scenario;
    }

    [Fact]
    public void Users_OnAClosedScenario_ChangesThePopulation_AndKeepsTheThinkTime()
    {
        StackScenario before = Loaded(null, null, null);
        StackScenario after = Loaded(null, 842, null);
        Assert.Equal(842, after.Load.Closed!.Users);
        Assert.Equal(before.Load.Closed!.ThinkTimeSeconds.Mean, after.Load.Closed.ThinkTimeSeconds.Mean);
        Assert.Equal(4.35, after.Load.Closed.ThinkTimeSeconds.Mean, 9);
    }

    [Fact]
    public void Users_OnAnOpenScenario_IsRefused_BecauseTheThinkTimeWouldBeInvented()
    {
        var ex = Assert.Throws<UserInputException>(() => Loaded(OpenScenario, 10, null));
        Assert.Contains("--users 10", ex.Message);
        Assert.Contains("think time", ex.Message);
    }

    [Fact]
    public void Rate_ReplacesAClosedLoad_AndChangesAnOpenRate()
    {
        StackScenario open = Loaded(null, null, "150/s");
        Assert.Null(open.Load.Closed);
        Assert.Equal(150, open.Load.Open!.RatePerSecond, 9);
        StackScenario faster = Loaded(OpenScenario, null, "9/s");
        Assert.Equal(9, faster.Load.Open!.RatePerSecond, 9);
    }

    [Fact]
    public void Users_AndRate_Together_AreRefused()
    {
        var ex = Assert.Throws<UserInputException>(() => Loaded(null, 10, "5/s"));
        Assert.Contains("give one of them", ex.Message);
    }
}
