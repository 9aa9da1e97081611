using Sim.Core.Tests.Readme;
using Sim.Stack;

namespace Sim.Core.Tests.Stack;

public sealed class StackMetricsRegistryTests
{
    [Fact]
    public void ResultsDoc_ContainsExactlyTheRegistrysTable()
    {
        string doc = File.ReadAllText(Path.Combine(ReadmeExampleTests.RepoRoot(), "docs", "results.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        const string begin = "<!-- metrics:begin -->\n", end = "<!-- metrics:end -->";
        int from = doc.IndexOf(begin, StringComparison.Ordinal), to = doc.IndexOf(end, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, "docs/results.md lost its metrics:begin/end markers");
        Assert.Equal(StackMetrics.ToMarkdownTable(), doc[(from + begin.Length)..to]);
    }

    [Fact]
    public void Registry_NamesAreUniqueAndEveryMetricIsDescribed()
    {
        Assert.Equal(StackMetrics.All.Count, StackMetrics.Names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(StackMetrics.All, m =>
        {
            Assert.NotEmpty(m.Description);
            Assert.NotEmpty(m.Unit);
            Assert.NotEmpty(m.ShortLabel);
        });
    }

    [Fact]
    public void Tables_SelectTheirMetrics()
    {
        Assert.Equal(["throughputPerSecond", "latencyMs.mean", "latencyMs.p95", "latencyMs.p99", "workerUtilization", "cpuUtilization", "dbConnectionsCreatedPerSecond"],
            StackMetrics.Compared.Select(m => m.Name));
        Assert.Equal(["req/s", "mean ms", "p95 ms", "errors", "workers busy"], StackMetrics.Brief.Select(m => m.ShortLabel));
        Assert.Equal(16, StackMetrics.Headline.Count);
    }

    [Fact]
    public void Get_UnknownName_ListsTheValidOnesAndSuggestsTheNearest()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => StackMetrics.Get("throughputPerSecnd"));
        Assert.Contains("did you mean 'throughputPerSecond'?", e.Message, StringComparison.Ordinal);
        Assert.Contains(string.Join(", ", StackMetrics.Names), e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN, 0, "—")]
    [InlineData(123.4, 0, "123")]
    [InlineData(12.34, 1.234, "12.3 ± 1.23")]
    [InlineData(0.0000238, 0.000024, "0.0000238 ± 0.000024")]
    public void FormatCell_ThreeSignificantDigits(double mean, double ci, string expected) =>
        Assert.Equal(expected, StackMetrics.FormatCell(mean, ci));
}
