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
