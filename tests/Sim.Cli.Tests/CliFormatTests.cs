namespace Sim.Cli.Tests;

public class CliFormatTests
{
    [Theory]
    [InlineData(double.NaN, "—")]
    [InlineData(0.0, "0")]
    [InlineData(1234.6, "1235")]
    [InlineData(-250.4, "-250")]
    [InlineData(42.06, "42.1")]
    [InlineData(3.14159, "3.14")]
    [InlineData(0.00741, "0.00741")]
    [InlineData(0.001, "0.001")]
    [InlineData(2.38e-5, "0.0000238")]
    [InlineData(2.4e-5, "0.000024")]
    [InlineData(-6.22e-5, "-0.0000622")]
    [InlineData(9.9996e-5, "0.0001")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(3.2e-9, "3.2E-09")]
    [InlineData(double.PositiveInfinity, "∞")] // was "Infinity" (capacity's first violation when the search never found one)
    [InlineData(double.NegativeInfinity, "-∞")]
    public void Number_GivesThreeSignificantDigits_InDecimalsDownToAMillionth(double value, string expected)
        => Assert.Equal(expected, CliFormat.Number(value));

    [Theory]
    [InlineData(double.PositiveInfinity, "none found")] // was "Infinity": every load tried up to the search's ceiling met the SLO
    [InlineData(410.0, "410")]
    public void Capacity_FirstViolation_ReadsNoneFound_WhenTheSearchNeverFoundOne(double firstViolation, string expected)
    {
        var result = new Sim.Stack.CapacityResult("users", 8000, firstViolation, 1600, 0.2, 0.01, 0, 12);
        Assert.Equal(expected, Sim.Cli.Commands.CapacityCommand.FirstViolationCell(result));
    }
}

public class CliTableFormatTests
{
    [Theory]
    [InlineData(double.NaN, "—")]
    [InlineData(0.0, "0")]
    [InlineData(1308.2, "1,308")]
    [InlineData(-1437.0, "-1,437")]
    [InlineData(99.6, "100")]
    [InlineData(55.31, "55.3")]
    [InlineData(8.0, "8")]
    [InlineData(2.764, "2.76")]
    [InlineData(0.043, "0.04")]
    [InlineData(0.0000238, "< 0.01")]
    [InlineData(-0.0001, "> -0.01")]
    [InlineData(double.PositiveInfinity, "∞")]
    public void TableNumber_SeparatesThousands_AndNeverPrintsNoise(double value, string expected)
        => Assert.Equal(expected, CliFormat.TableNumber(value));

    [Theory]
    [InlineData(1316.0, 110.2, "1,316 ± 110")]
    [InlineData(116.0, 0.579, "116 ± 0.58")]
    [InlineData(0.0000238, 0.000024, "< 0.01")]  // the old "0.0000238 ± 0.000024"
    [InlineData(33.7, 0.0, "33.7")]
    [InlineData(double.NaN, 1.0, "—")]
    public void TableCell_DropsAHalfWidthBelowTheTablesPrecision(double mean, double ci, string expected)
        => Assert.Equal(expected, CliFormat.TableCell(mean, ci));

    [Fact]
    public void TableCell_ShowsFractionsAsPercentages_AndLeavesPercentagesAlone()
    {
        Assert.Equal("44.6 ± 26.6", CliFormat.TableCell(new Sim.Stack.MetricSummary("workerUtilization", "Worker utilization", 0.446, 0.266)));
        Assert.Equal("100", CliFormat.TableCell(new Sim.Stack.MetricSummary("dbConnectionReusePercent", "DB connection reuse (%)", 100, 0)));
    }

    [Theory]
    [InlineData(8.03, 25.7, "+8.03 ± 25.7")]
    [InlineData(-864.0, 1437.0, "-864 ± 1,437")]
    [InlineData(0.0, 0.0, "0")]
    public void TableChange_IsSigned(double difference, double ci, string expected)
        => Assert.Equal(expected, CliFormat.TableChange(difference, ci));

    [Fact]
    public void FitTables_SplitsColumnsIntoTablesThatFit_AndDropsNone()
    {
        var keys = new List<CliColumn> { new("phase", ["baseline", "redis"], RightAligned: false) };
        var columns = Enumerable.Range(0, 9).Select(i => new CliColumn($"metric {i}", ["1,316 ± 110", "2"])).ToList();
        List<Spectre.Console.Table> tables = FitTables.Build(keys, [new FitTables.Group("Group", columns)], 80);
        Assert.True(tables.Count > 1);
        Assert.Equal(9, tables.Sum(t => t.Columns.Count - 1));
        var text = new StringWriter();
        Spectre.Console.IAnsiConsole console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(text) });
        console.Profile.Width = 80;
        foreach (var t in tables) console.Write(t);
        Assert.All(text.ToString().Split('\n'), l => Assert.True(l.TrimEnd('\r').Length <= 80, l));
        for (int i = 0; i < 9; i++) Assert.Contains($"metric {i}", text.ToString(), StringComparison.Ordinal);
    }
}
