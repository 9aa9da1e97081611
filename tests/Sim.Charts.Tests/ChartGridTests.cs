using Sim.Scenarios;
using SkiaSharp;
using Sim.Stack;

namespace Sim.Charts.Tests;

public class ChartGridTests(StackRunFixture run) : IClassFixture<StackRunFixture>
{
    private ChartGrid Dashboard(int phase) => StackCharts.Dashboard(run.Runs[phase].Phase, run.Runs[phase].Runs, run.Scenarios[phase]);

    [Fact]
    public void Dashboard_ForEveryPhase_IsAPngOfTheDefaultSizeWithSixPanels()
    {
        for (int i = 0; i < run.Runs.Count; i++)
        {
            ChartGrid grid = Dashboard(i);
            Assert.Equal(6, grid.Panels.Count);
            Assert.Equal((2, 3), (grid.Columns, grid.Rows));
            string path = Path.Combine(run.OutputFolder, "dashboard", $"{i}-{run.Runs[i].Phase}.png");
            ChartExport.SavePng(grid, path);
            using SKBitmap bitmap = SKBitmap.Decode(path);
            Assert.Equal((1600, ChartGrid.TitleHeight + 1500), (bitmap.Width, bitmap.Height));
            Assert.True(Distinct(bitmap) > 150, path);
            foreach (ScottPlot.Plot panel in grid.Panels)
                Assert.False(string.IsNullOrWhiteSpace(panel.Axes.Title.Label.Text));
        }
    }

    [Fact]
    public void Png_EveryCell_HasItsPanelsOwnPixels()
    {
        // The panels are copied into their cells without going through a PNG of their own: the same pixels as drawing each alone.
        // Two fresh grids: a plot's second render may differ from its first (its axis limits are kept from the first).
        ChartGrid grid = Dashboard(0), twin = Dashboard(0);
        const int width = 1000, height = ChartGrid.TitleHeight + 3 * 300;
        byte[] all = ChartExportTests.Pixels(grid.GetPngBytes(width, height), out int w, out int h);
        Assert.Equal((width, height), (w, h));
        int cw = width / grid.Columns, ch = (height - ChartGrid.TitleHeight) / grid.Rows;
        for (int i = 0; i < grid.Panels.Count; i++)
        {
            byte[] alone = ChartExportTests.Pixels(ChartExport.GetPngBytes(twin.Panels[i], cw, ch), out _, out _);
            int x0 = i % grid.Columns * cw, y0 = ChartGrid.TitleHeight + i / grid.Columns * ch;
            for (int y = 0; y < ch; y++)
                Assert.True(alone.AsSpan(y * cw * 4, cw * 4).SequenceEqual(all.AsSpan(((y0 + y) * width + x0) * 4, cw * 4)), $"panel {i}, row {y}");
        }
    }

    [Fact]
    public void Dashboard_Svg_HasTheTitleEveryPanelTitleAndAxisLabels()
    {
        string svg = Dashboard(0).GetSvg(1600, 1556);
        Assert.Equal("svg", System.Xml.Linq.XDocument.Parse(svg).Root!.Name.LocalName);
        foreach (string text in new[] { "Backend performance dashboard — baseline", "Traffic", "Database", "Cache (Redis)", "CPU, memory, errors and availability", "WebSocket connections", "Availability", "Disk",
                     "Share of the limit (%)", "Simulated time (s)", "Active users", "Connection reuse", "Hit rate" })
            Assert.Contains(System.Security.SecurityElement.Escape(text), svg);
    }

    [Fact]
    public void ScalingStrategy_PutsServersAndWorkersSideBySide()
    {
        ChartGrid grid = StackCharts.ScalingStrategy("Scaling strategy — load-balancer", run.Scaling);
        string path = Path.Combine(run.OutputFolder, "scaling.png");
        ChartExport.SavePng(grid, path);
        using SKBitmap bitmap = SKBitmap.Decode(path);
        Assert.Equal((1600, ChartGrid.TitleHeight + 500), (bitmap.Width, bitmap.Height));
        Assert.True(Distinct(bitmap) > 150);
        string svg = grid.GetSvg(1600, 556);
        Assert.Contains("Throughput (req/s)", svg);
        Assert.DoesNotContain("p95 response time (ms)", svg); // measured at saturation it told the queue's length, not what users see
        Assert.Contains("Number of workers (N)", svg);
    }

    [Fact]
    public void ScalingStrategy_WithTheScenario_AddsTheUsersBoundUnderEachPanel_AndTheMeasuredCapacity()
    {
        StackScenario last = run.Scenarios[^1];
        var capacity = new CapacityResult("users", 1234, 1300, 280, 0.41, 0.02, 0, 9);
        ChartGrid grid = StackCharts.ScalingStrategy("Scaling strategy — load-balancer", run.Scaling, last, capacity);
        Assert.Equal((2, 2), (grid.Columns, grid.Rows));
        string svg = grid.GetSvg(1600, 1056);
        Assert.Contains("Users (at most)", svg);
        // The bound's factor Z + L is named with the scenario's own numbers, and the measured capacity where it was measured.
        double z = last.Load.Closed!.ThinkTimeSeconds.Mean;
        Assert.Contains($"Z = {z.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)} s think time", svg);
        Assert.Contains("L = 500 ms (p95 ≤ 500 ms)", svg);
        Assert.Contains($"1,234 users at N = {last.LoadBalancer.Servers}", svg);
        // The workers panel has no measured point: it says the bound is only a bound.
        Assert.Contains("An upper bound", svg);
    }

    [Fact]
    public void ScalingUsers_IsThroughputTimesThinkTimePlusTheLimit_AndRefusesAnOpenLoad()
    {
        StackScenario last = run.Scenarios[^1];
        ScottPlot.Plot plot = StackCharts.ScalingUsers(run.Scaling[0], last, null);
        double factor = last.Load.Closed!.ThinkTimeSeconds.Mean + last.Slo.LatencyLimitSeconds;
        var points = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Single(p => p.LegendText.StartsWith("Bound", StringComparison.Ordinal));
        double[] expected = run.Scaling[0].Points.Select(p => p.Summary["throughputPerSecond"].Mean * factor).ToArray();
        Assert.Equal(expected, points.Data.GetScatterPoints().Select(c => c.Y).ToArray());
        StackScenario open = last with { Load = new LoadSpec { Open = new OpenLoad { RatePerSecond = 100, Profile = [] }, Closed = null } };
        Assert.Throws<ArgumentException>(() => StackCharts.ScalingUsers(run.Scaling[0], open, null));
        Assert.Equal(1, StackCharts.ScalingStrategy("t", run.Scaling, open, null).Rows); // open: the throughput panels only
    }

    [Fact]
    public void ScalingStudy_ScalesTheLoadWithTheServers_AndFitsWhenThereAreThreePoints()
    {
        ScalingSeries servers = run.Scaling[0];
        Assert.Equal([1, 2, 3], servers.Points.Select(p => p.N));
        double u = run.SaturatingUsers;
        Assert.True(u > 500 / 3.0, $"{u} users per server do not saturate it"); // more than the last phase's own share
        Assert.Equal([u, 2 * u, 3 * u], servers.Points.Select(p => p.Load));
        Assert.Equal([u, u, u], run.Scaling[1].Points.Select(p => p.Load)); // the workers series keeps one server's load
        Assert.All(run.Scaling, s => Assert.NotNull(s.Fit));
        // More servers with proportionally more users: more throughput; more workers on a saturated server: more too.
        Assert.True(servers.Points[2].Summary["throughputPerSecond"].Mean > servers.Points[0].Summary["throughputPerSecond"].Mean * 2);
        Assert.True(run.Scaling[1].Points[2].Summary["throughputPerSecond"].Mean > run.Scaling[1].Points[0].Summary["throughputPerSecond"].Mean);
    }

    [Fact]
    public void Grid_RejectsTooSmallImages() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Dashboard(0).GetPngBytes(150, 1000));

    private static int Distinct(SKBitmap bitmap)
    {
        var colors = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y += 2)
            for (int x = 0; x < bitmap.Width; x += 2)
                colors.Add((uint)bitmap.GetPixel(x, y));
        return colors.Count;
    }
}
