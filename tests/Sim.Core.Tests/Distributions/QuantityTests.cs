using FsCheck.Xunit;
using Sim.Units;

namespace Sim.Core.Tests.Distributions;

public class QuantityTests
{
    [Theory]
    [InlineData("5ms", 0.005)]
    [InlineData("4.5s", 4.5)]
    [InlineData("1.5 min", 90)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    [InlineData("250us", 250e-6)]
    [InlineData("250µs", 250e-6)]
    [InlineData("10ns", 10e-9)]
    [InlineData("0", 0)]
    [InlineData(" 12 ms ", 0.012)]
    [InlineData("1e3ms", 1)]
    public void TryParseDuration_Good(string text, double seconds)
    {
        Assert.True(Quantity.TryParseDuration(text, out double v, out string error), error);
        Assert.Equal(seconds, v, 1e-15);
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData("12", "missing unit")]
    [InlineData("-5ms", "negative")]
    [InlineData("NaN", "not a number")]
    [InlineData("Infinity s", "not a number")]
    [InlineData("1e999s", "finite")]
    [InlineData("", "empty")]
    [InlineData("5 fortnights", "unknown unit")]
    [InlineData("5MS", "unknown unit")]
    [InlineData("ms", "not a number")]
    public void TryParseDuration_Bad(string text, string reason)
    {
        Assert.False(Quantity.TryParseDuration(text, out double v, out string error));
        Assert.Equal(0, v);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void TryParseDuration_MissingUnit_SuggestsExample()
    {
        Quantity.TryParseDuration("12", out _, out string error);
        Assert.StartsWith("missing unit; write e.g. \"5ms\"", error);
    }

    [Theory]
    [InlineData("500KB", 500_000)]
    [InlineData("500kB", 500_000)]
    [InlineData("1.5MB", 1_500_000)]
    [InlineData("2GB", 2e9)]
    [InlineData("1KiB", 1024)]
    [InlineData("2MiB", 2 * 1024 * 1024)]
    [InlineData("1GiB", 1024.0 * 1024 * 1024)]
    [InlineData("100B", 100)]
    public void TryParseBytes_Good(string text, double bytes)
    {
        Assert.True(Quantity.TryParseBytes(text, out double v, out string error), error);
        Assert.Equal(bytes, v);
    }

    [Theory]
    [InlineData("500")]
    [InlineData("-1KB")]
    [InlineData("5 kb")]
    [InlineData("5ms")]
    public void TryParseBytes_Bad(string text) => Assert.False(Quantity.TryParseBytes(text, out _, out _));

    [Theory]
    [InlineData("200/s", 200)]
    [InlineData("12/min", 0.2)]
    [InlineData("5 rps", 5)]
    [InlineData("3600/h", 1)]
    [InlineData("2/ms", 2000)]
    public void TryParseRate_Good(string text, double perSecond)
    {
        Assert.True(Quantity.TryParseRate(text, out double v, out string error), error);
        Assert.Equal(perSecond, v, 1e-12);
    }

    [Theory]
    [InlineData("200")]
    [InlineData("-1/s")]
    [InlineData("200/fortnight")]
    public void TryParseRate_Bad(string text) => Assert.False(Quantity.TryParseRate(text, out _, out _));

    [Theory]
    [InlineData("20Mbit/s", 20e6)]
    [InlineData("1Gbit/s", 1e9)]
    [InlineData("100kbit/s", 100e3)]
    [InlineData("8 Mbps", 8e6)]
    public void TryParseBitRate_Good(string text, double bps)
    {
        Assert.True(Quantity.TryParseBitRate(text, out double v, out string error), error);
        Assert.Equal(bps, v);
    }

    [Theory]
    [InlineData("20MB/s")]
    [InlineData("20")]
    public void TryParseBitRate_Bad(string text) => Assert.False(Quantity.TryParseBitRate(text, out _, out _));

    [Theory]
    [InlineData(0.005, "5ms")]
    [InlineData(1.2, "1.2s")]
    [InlineData(250e-6, "250us")]
    [InlineData(90, "1.5min")]
    [InlineData(7200, "2h")]
    [InlineData(0, "0")]
    [InlineData(-0.005, "-5ms")]
    public void FormatDuration_IsShortAndReadable(double seconds, string text) =>
        Assert.Equal(text, Quantity.FormatDuration(seconds));

    [Theory]
    [InlineData(512, "512B")]
    [InlineData(150_000, "150KB")]
    [InlineData(1_500_000, "1.5MB")]
    public void FormatBytes_IsShortAndReadable(double bytes, string text) => Assert.Equal(text, Quantity.FormatBytes(bytes));

    [Property(MaxTest = 200)]
    public void FormatDuration_RoundTripsExactly(FsCheck.NormalFloat value)
    {
        double seconds = Math.Abs(value.Get);
        if (!double.IsFinite(seconds)) return;
        string text = Quantity.FormatDuration(seconds);
        Assert.True(Quantity.TryParseDuration(text, out double back, out string error), error);
        Assert.Equal(seconds, back);
    }

    [Property(MaxTest = 200)]
    public void FormatBytes_RoundTripsExactly(FsCheck.NormalFloat value)
    {
        double bytes = Math.Abs(value.Get);
        string text = Quantity.FormatBytes(bytes);
        Assert.True(Quantity.TryParseBytes(text, out double back, out string error), error);
        Assert.Equal(bytes, back);
    }
}
