using System.Xml.Linq;
using SkiaSharp;
using Sim.Stack;

namespace Sim.Charts.Tests;

public class InlineHtmlTests(StackRunFixture run) : IClassFixture<StackRunFixture>
{
    private static string[][] Rows(string html) =>
        XElement.Parse(html).Descendants("tr").Select(tr => tr.Elements().Select(c => c.Value).ToArray()).ToArray();

    [Fact]
    public void PlotToInlineHtml_IsAnImgWithABase64PngOfTheRequestedSize()
    {
        string html = StackCharts.LatencyBreakdown(run.Runs[0].Phase, run.Runs[0].Runs).ToInlineHtml(640, 360);

        XElement img = XElement.Parse(html);
        Assert.Equal("img", img.Name.LocalName);
        Assert.Equal(("640", "360"), ((string)img.Attribute("width")!, (string)img.Attribute("height")!));
        string src = (string)img.Attribute("src")!;
        const string Prefix = "data:image/png;base64,";
        Assert.StartsWith(Prefix, src);
        byte[] png = Convert.FromBase64String(src[Prefix.Length..]);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        using SKBitmap bitmap = SKBitmap.Decode(png);
        Assert.Equal((640, 360), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void PlotToInlineHtml_RejectsNonPositiveSizes() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScottPlot.Plot().ToInlineHtml(0, 100));

    [Fact]
    public void Summaries_HasAColumnPerPhase_AndARowPerMetric_WithMeanAndInterval()
    {
        string html = InlineHtml.Summaries(run.Summaries);

        string[][] rows = Rows(html);
        Assert.Equal(["metric", .. run.Summaries.Select(s => s.Phase)], rows[0]);
        Assert.Equal([.. InlineHtml.DefaultMetrics.Select(m => StackMetrics.Get(m).Label), "Bottleneck"], rows[1..].Select(r => r[0]));
        Assert.All(rows, r => Assert.Equal(run.Summaries.Count + 1, r.Length));

        // The baseline's throughput varies across replications, so its cell carries an interval.
        MetricSummary x = run.Summaries[0].Summary["throughputPerSecond"];
        Assert.True(x.Ci95 > 0);
        string cell = rows[1 + InlineHtml.DefaultMetrics.ToList().IndexOf("throughputPerSecond")][1];
        Assert.Matches(@"^[0-9.,]+ ± [0-9.,e+-]+$", cell);
        Assert.StartsWith(x.Mean.ToString("G3", System.Globalization.CultureInfo.InvariantCulture), cell);
        Assert.Equal(run.Summaries[0].Summary.Bottleneck, rows[^1][1]);
    }

    [Fact]
    public void SummaryToInlineHtml_ShowsOnlyTheNamedMetrics()
    {
        string html = run.Summaries[0].Summary.ToInlineHtml(["latencyMs.p95", "cacheHitRatio"]);

        string[][] rows = Rows(html);
        Assert.Equal(["Latency p95 (ms)", "Cache hit ratio", "Bottleneck"], rows[1..].Select(r => r[0]));
        Assert.Throws<KeyNotFoundException>(() => run.Summaries[0].Summary.ToInlineHtml(["no-such-metric"]));
    }

    [Fact]
    public void Changes_ShowsSignedPairedDifferences_AndADashWhereAComparisonLacksTheMetric()
    {
        StackReplicationResult[] before = run.Runs[0].Runs, after = run.Runs[1].Runs;
        PhaseDifference p95 = PhaseDifference.Compare(before, after, StackMetrics.Get("latencyMs.p95"));
        PhaseDifference x = PhaseDifference.Compare(before, after, StackMetrics.Get("throughputPerSecond"));

        string html = InlineHtml.Changes([("gunicorn-workers", [p95, x]), ("only-p95", [p95])]);

        string[][] rows = Rows(html);
        Assert.Equal(["change (paired 95 % CI)", "gunicorn-workers", "only-p95"], rows[0]);
        Assert.Equal(["Latency p95 (ms)", "Throughput (req/s)"], rows[1..].Select(r => r[0]));
        Assert.StartsWith(p95.Difference < 0 ? "-" : "+", rows[1][1]);
        Assert.Equal("—", rows[2][2]);
    }

    [Fact]
    public void Table_EncodesCellText_AndPadsShortRows()
    {
        string html = InlineHtml.Table(["name", "value"], [["<b>&", "1"], ["short"]]);

        Assert.Contains("&lt;b&gt;&amp;", html);
        Assert.Equal([["name", "value"], ["<b>&", "1"], ["short", ""]], Rows(html));
    }
}
