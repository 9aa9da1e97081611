using Sim.Scenarios;
using ScottPlot;
using SkiaSharp;
using Sim.Stack;

namespace Sim.Charts.Tests;

public class StackChartsTests(StackRunFixture run) : IClassFixture<StackRunFixture>
{
    private const int Width = 1000;
    private const int Height = 600;
    private const double MinInk = 0.06;

    private static readonly string[] Names =
        ["latency-distribution", "latency-distribution-log", "latency-comparison", "worker-utilization", "db-connections", "cache-hit-ratio", "resources",
         "latency-breakdown", "scaling-servers", "scaling-workers", "scaling-users-servers", "capacity-growth", "sensitivity"];

    /// <summary>
    /// Capacity results in the shape <see cref="CapacitySearch"/> returns (a real search takes minutes; it is
    /// tested in Sim.Core.Tests and through <c>sim capacity</c>): the last one hit the search ceiling.
    /// </summary>
    internal static (string, CapacityResult)[] Capacities(IReadOnlyList<(string Phase, StackSummary Summary)> phases) =>
        phases.Select((p, i) => (p.Phase, new CapacityResult("users", 500 + 150 * i, i == phases.Count - 1 ? double.PositiveInfinity : 520 + 150 * i,
            p.Summary["throughputPerSecond"].Mean, 0.4, 0.02, 0, 9))).ToArray();

    public static TheoryData<string> ChartNames => new(Names);

    private Plot Chart(string name, int phaseIndex = 0)
    {
        (string phase, StackReplicationResult[] runs) = run.Runs[phaseIndex];
        return name switch
        {
            "latency-distribution" => StackCharts.LatencyDistribution(phase, runs),
            "latency-comparison" => StackCharts.LatencyComparison(run.Summaries, run.Scenarios[0].Slo),
            "worker-utilization" => StackCharts.WorkerUtilization(phase, runs),
            "db-connections" => StackCharts.DbConnections(run.Summaries),
            "cache-hit-ratio" => StackCharts.CacheHitRatio(run.Summaries),
            "resources" => StackCharts.Resources([.. run.Summaries.Select((p, i) => (p.Phase, p.Summary, run.Scenarios[i]))]),
            "latency-breakdown" => StackCharts.LatencyBreakdown(phase, runs),
            "latency-distribution-log" => StackCharts.LatencyDistribution(phase, runs, logScale: true),
            "scaling-servers" => StackCharts.Scaling(run.Scaling[0]),
            "scaling-workers" => StackCharts.Scaling(run.Scaling[1]),
            "scaling-users-servers" => StackCharts.ScalingUsers(run.Scaling[0], run.Scenarios[^1], null),
            "capacity-growth" => StackCharts.CapacityGrowth(Capacities(run.Summaries), "p95 ≤ 500 ms and errors ≤ 0.10 %"),
            "sensitivity" => StackCharts.Sensitivity(run.Sensitivity),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }

    [Fact]
    public void Sensitivity_HasARowPerParameter_LargestSwingOnTop_AndBarsForBothSides()
    {
        Plot plot = StackCharts.Sensitivity(run.Sensitivity);
        Assert.True(ChartExport.GetPngBytes(plot, Width, Height).Length > 10_000); // a render lays out the ticks
        var ticks = plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor).OrderByDescending(t => t.Position).Select(t => t.Label).ToList();
        Assert.Equal(run.Sensitivity.Entries.Select(e => e.Parameter.Path), ticks.Select(t => t[..t.IndexOf(" (", StringComparison.Ordinal)]));
        Assert.Equal("workers.count (3)", ticks[0]);
        var bars = plot.GetPlottables().OfType<ScottPlot.Plottables.BarPlot>().Single();
        // Two bars per parameter, each from the base (0) to its paired change, with the change's interval as the whisker.
        Assert.Equal(2 * run.Sensitivity.Entries.Count, bars.Bars.Count);
        var top = run.Sensitivity.Entries[0];
        Assert.Contains(bars.Bars, b => b.ValueBase == 0 && b.Value == top.Low.Difference("latencyMs.p95").Difference && b.Error == top.Low.Difference("latencyMs.p95").PairedCi95);
        Assert.All(bars.Bars, b => Assert.Equal(Orientation.Horizontal, b.Orientation));
        Plot oneRow = StackCharts.Sensitivity(run.Sensitivity, "throughputPerSecond", 1);
        Assert.Contains("top 1 of 4", oneRow.Axes.Title.Label.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ChartNames))]
    public void Chart_SavedAsPng_IsAValidImageOfTheRequestedSizeWithContent(string name)
    {
        string path = Path.Combine(run.OutputFolder, name + ".png");
        ChartExport.SavePng(Chart(name), path, Width, Height);

        using SKBitmap bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.Equal(Width, bitmap.Width);
        Assert.Equal(Height, bitmap.Height);
        (int distinct, double inked) = Ink(bitmap);
        // An empty titled frame has a few dozen anti-aliasing shades and a few % ink; data bars and lines add far more.
        Assert.True(distinct > 150, $"{name}: only {distinct} distinct colours");
        // Line-and-marker charts (scaling) put no more ink on the page than an empty frame's grid; for them the
        // check is the series colours, absent from an empty frame: throughput (blue markers, curve) or the users bound (green).
        if (name.StartsWith("scaling-users", StringComparison.Ordinal))
        {
            Assert.True(Pixels(bitmap, 0x2c, 0xa0, 0x2c) > 400, $"{name}: {Pixels(bitmap, 0x2c, 0xa0, 0x2c)} users-bound pixels");
        }
        else if (name.StartsWith("scaling", StringComparison.Ordinal))
        {
            Assert.True(Pixels(bitmap, 0x1f, 0x77, 0xb4) > 400, $"{name}: {Pixels(bitmap, 0x1f, 0x77, 0xb4)} throughput pixels");
        }
        else Assert.True(inked > MinInk, $"{name}: only {inked:P1} of pixels are not background");
    }

    [Fact]
    public void EmptyFrame_FailsTheContentCheck_SoTheCheckCanFail()
    {
        var plot = new Plot();
        plot.Font.Set(ChartFonts.Resolve());
        plot.Title("Response time per phase (mean of replications, 95 % CI)");
        plot.XLabel("Phase");
        plot.YLabel("Response time (ms)");
        using var image = plot.GetImage(Width, Height);
        using SKBitmap bitmap = SKBitmap.Decode(image.GetImageBytes());
        (int distinct, double inked) = Ink(bitmap);
        Assert.False(distinct > 150 && inked > MinInk, $"{distinct} colours, {inked:P1} ink");
        Assert.Equal(0, Pixels(bitmap, 0x1f, 0x77, 0xb4));
    }

    [Fact]
    public void PerPhaseCharts_RenderForEveryPhase()
    {
        for (int i = 0; i < run.Runs.Count; i++)
        {
            foreach (string name in new[] { "latency-distribution", "worker-utilization", "latency-breakdown" })
            {
                string path = Path.Combine(run.OutputFolder, "phases", $"{i}-{run.Runs[i].Phase}-{name}.png");
                ChartExport.SavePng(Chart(name, i), path, Width, Height);
                using SKBitmap bitmap = SKBitmap.Decode(path);
                Assert.True(Ink(bitmap).Distinct > 150, path);
            }
        }
    }

    [Theory]
    [InlineData("latency-comparison", "Response time per phase", "Response time (ms)")]
    [InlineData("latency-distribution", "Response-time distribution", "Share of requests (%)")]
    [InlineData("worker-utilization", "Worker utilization and backlog", "Backlog (requests waiting)")]
    [InlineData("cache-hit-ratio", "Cache hit rate per phase", "Share of cache lookups (%)")]
    [InlineData("latency-distribution-log", "Response-time distribution", "Response time (ms, log scale)")]
    [InlineData("scaling-servers", "Throughput vs servers", "Number of servers behind the load balancer (N)")]
    [InlineData("scaling-users-servers", "Users held under the SLO vs servers", "Users (at most)")]
    [InlineData("capacity-growth", "Capacity growth path (SLO: p95 ≤ 500 ms and errors ≤ 0.10 %)", "Users within the SLO")]
    [InlineData("sensitivity", "Sensitivity of Latency p95 to ±20 % — seed-stack / baseline", "Change of Latency p95 (ms) from the base")]
    public void Chart_SavedAsSvg_ContainsTitleAndAxisLabelText(string name, string title, string axisLabel)
    {
        string path = Path.Combine(run.OutputFolder, name + ".svg");
        ChartExport.SaveSvg(Chart(name), path, Width, Height);
        string svg = File.ReadAllText(path);
        Assert.Equal("svg", System.Xml.Linq.XDocument.Parse(svg).Root!.Name.LocalName);
        Assert.Contains(Escape(title), svg);
        Assert.Contains(Escape(axisLabel), svg);
    }

    [Fact]
    public void Charts_ShowALegendAndPhaseNames()
    {
        foreach (string name in Names)
        {
            Plot plot = Chart(name);
            Assert.False(string.IsNullOrWhiteSpace(plot.Axes.Title.Label.Text), name);
            // Inside the data area, or as a panel beside it (ShowLegend(Edge)).
            bool legendShown = plot.Legend.IsVisible || plot.Axes.GetPanels().OfType<ScottPlot.Panels.LegendPanel>().Any(p => p.IsVisible);
            Assert.True(legendShown, name);
            // DB connections and capacity growth draw one quantity (the other is in the bar labels, not on a second axis): their legend explains the labels.
            int wanted = name is "db-connections" or "capacity-growth" ? 1 : 2;
            Assert.True(plot.Legend.GetItems().Length >= wanted, $"{name}: {plot.Legend.GetItems().Length} legend items");
        }
        Assert.Contains(run.Runs[0].Phase, StackCharts.LatencyBreakdown(run.Runs[0].Phase, run.Runs[0].Runs).Axes.Title.Label.Text);
    }

    [Fact]
    public void LatencyBreakdown_DrawsNetworkAndTransferAsGreyDelay_AndTheWorkerQueueAsQueueing()
    {
        (string phase, StackReplicationResult[] runs) = run.Runs[0]; // baseline: workers saturated
        Plot plot = StackCharts.LatencyBreakdown(phase, runs);
        ChartExport.GetPngBytes(plot, Width, Height); // the manual tick generator publishes its ticks when rendered
        var rows = ((ScottPlot.TickGenerators.NumericManual)plot.Axes.Left.TickGenerator).Ticks.ToDictionary(t => t.Label, t => t.Position);
        var bars = plot.GetPlottables().OfType<ScottPlot.Plottables.BarPlot>().SelectMany(b => b.Bars).Where(b => b.Value > b.ValueBase).ToArray();
        Color[] Colours(string row) => bars.Where(b => b.Position == rows[row]).Select(b => b.FillColor).Distinct().ToArray();

        Color grey = Color.FromHex("#9e9e9e");
        Assert.Equal([grey], Colours("Network"));
        Assert.Equal([grey], Colours("Transfer"));
        Assert.Contains(Color.FromHex("#d62728"), Colours("Worker queue"));
    }

    [Fact]
    public void LatencyDistribution_LabelsThePercentilesOfTheMergedHistogram()
    {
        (string phase, StackReplicationResult[] runs) = run.Runs[0];
        var merged = runs[0].LatencyHistogram.Clone();
        foreach (var r in runs.Skip(1)) merged.Merge(r.LatencyHistogram);
        long[] before = runs.Select(r => r.LatencyHistogram.Count).ToArray();
        Plot plot = StackCharts.LatencyDistribution(phase, runs);
        Assert.Equal(before, runs.Select(r => r.LatencyHistogram.Count)); // the inputs are not merged into
        double[] lines = plot.GetPlottables<ScottPlot.Plottables.VerticalLine>().Select(l => l.X).ToArray();
        double[] expected = [merged.Quantile(0.5) * 1000, merged.Quantile(0.95) * 1000, merged.Quantile(0.99) * 1000, merged.Quantile(0.999) * 1000];
        // p99.9 has a line when it is on the (linear) axis; otherwise the legend names it as beyond the axis.
        Assert.InRange(lines.Length, 3, 4);
        Assert.Equal(expected[..lines.Length], lines);
        string[] legend = [.. plot.Legend.ManualItems.Select(i => i.LabelText)];
        if (lines.Length == 3) Assert.Contains(legend, l => l.StartsWith("p99.9 = ", StringComparison.Ordinal) && l.EndsWith("(beyond the axis)", StringComparison.Ordinal));
        Assert.Contains(legend, l => l.StartsWith("max = ", StringComparison.Ordinal));
    }

    [Fact]
    public void LatencyDistribution_Auto_GoesLogExactlyWhenTheTailOutrunsALinearAxis()
    {
        foreach ((string phase, StackReplicationResult[] runs) in run.Runs)
        {
            var merged = runs[0].LatencyHistogram.Clone();
            foreach (var r in runs.Skip(1)) merged.Merge(r.LatencyHistogram);
            bool longTail = merged.Quantile(0.999) > 2 * merged.Quantile(0.99);
            Plot auto = StackCharts.LatencyDistribution(phase, runs, LatencyAxis.Auto);
            Assert.Equal(longTail, auto.Axes.Bottom.Label.Text.Contains("log", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void LatencyScale_Shared_PutsEveryPhaseOnOneAxis_LogWhenThePhasesDifferWidely()
    {
        StackReplicationResult[][] phases = [.. run.Runs.Select(r => r.Runs)];
        LatencyScale scale = LatencyScale.Shared(phases)!;
        double max = phases.Max(runs => runs.Max(r => r.LatencyHistogram.Max));
        // The seed's baseline (p95 over a second) and its tuned phases (around 100 ms) differ far more than fourfold.
        Assert.True(scale.Log);
        Assert.InRange(scale.MaxSeconds, max, max * 1.11);
        var limits = phases.Select((runs, i) => StackCharts.LatencyDistribution(run.Runs[i].Phase, runs, scale).Axes.GetLimits()).ToArray();
        Assert.All(limits, l => Assert.Equal((limits[0].Left, limits[0].Right), (l.Left, l.Right)));
        Assert.Equal(Math.Log10(scale.MaxSeconds * 1000), limits[0].Right, 9);
        // One phase alone with a short tail gets a linear axis from 0; --log-latency forces log.
        StackReplicationResult[] last = phases[^1];
        var merged = last[0].LatencyHistogram.Clone();
        foreach (var r in last.Skip(1)) merged.Merge(r.LatencyHistogram);
        if (merged.Quantile(0.999) <= 2 * merged.Quantile(0.99)) Assert.Equal(new LatencyScale(false, 0, scale.MaxSeconds) with { MaxSeconds = LatencyScale.Shared([last])!.MaxSeconds }, LatencyScale.Shared([last]));
        Assert.True(LatencyScale.Shared([last], log: true)!.Log);
        Assert.Null(LatencyScale.Shared([]));
        Assert.Throws<ArgumentException>(() => StackCharts.LatencyDistribution("x", last, new LatencyScale(true, 0, 1)));
    }

    [Fact]
    public void Resources_BarsAreSharesOfEachResourcesLimit()
    {
        var input = run.Summaries.Select((p, i) => (p.Phase, p.Summary, run.Scenarios[i])).ToArray();
        Plot plot = StackCharts.Resources(input);
        var bars = plot.GetPlottables().OfType<ScottPlot.Plottables.BarPlot>().SelectMany(b => b.Bars).ToArray();
        int n = input.Length;
        Assert.Equal(6 * n, bars.Length);
        for (int i = 0; i < n; i++)
        {
            StackSummary s = input[i].Summary;
            Assert.Equal(s["cpuUtilization"].Mean * 100, bars[i].Value, 9);                                                 // web CPU, % of the cores
            Assert.Equal(s["dbConnectionsOpenMean"].Mean / input[i].Item3.Database.MaxConnections * 100, bars[4 * n + i].Value, 9); // % of max_connections
        }
        Assert.Contains(plot.GetPlottables<ScottPlot.Plottables.VerticalLine>(), l => l.X == 100);
    }

    [Fact]
    public void DbConnectionsAndCapacityGrowth_UseOneYAxis_WithTheSecondQuantityInTheLabels()
    {
        foreach (string name in new[] { "db-connections", "capacity-growth" })
        {
            Plot plot = Chart(name);
            // A plottable on the default axes has no YAxis of its own until rendered; one moved to the right axis has it set.
            Assert.All(plot.GetPlottables().OfType<ScottPlot.Plottables.BarPlot>(), b => Assert.True(b.Axes.YAxis is null || ReferenceEquals(b.Axes.YAxis, plot.Axes.Left)));
            Assert.True(string.IsNullOrEmpty(plot.Axes.Right.Label.Text), plot.Axes.Right.Label.Text);
            Assert.Contains(plot.GetPlottables<ScottPlot.Plottables.Text>(), t => t.LabelText.Contains(name == "db-connections" ? "reuse " : " req/s", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void CapacityGrowth_DrawsASourcesOwnFigures_WherePhasesHaveThem()
    {
        var capacities = Capacities(run.Summaries);
        PhaseReference?[] references = [.. capacities.Select((_, i) => i % 2 == 0 ? new PhaseReference { Source = "document", Users = 1000 + i } : null)];
        Plot plot = StackCharts.CapacityGrowth(capacities, "p95 ≤ 500 ms", references);
        var marks = plot.GetPlottables<ScottPlot.Plottables.Scatter>().Single();
        Assert.Equal("The document's own figure for the phase (not necessarily under the same SLO)", marks.LegendText);
        Assert.Equal(references.Where(r => r is not null).Select(r => (double)r!.Users!), marks.Data.GetScatterPoints().Select(c => c.Y));
        Assert.Empty(StackCharts.CapacityGrowth(capacities, "p95 ≤ 500 ms").GetPlottables<ScottPlot.Plottables.Scatter>());
        Assert.Throws<ArgumentException>(() => StackCharts.CapacityGrowth(capacities, "p95 ≤ 500 ms", [null]));
    }

    [Fact]
    public void Architecture_DrawsEachPhasesStackWithItsNumbers_AndOutlinesOnlyASaturatedBottleneck()
    {
        for (int i = 0; i < run.Summaries.Count; i++)
        {
            var scenario = run.Scenarios[i];
            StackSummary summary = run.Summaries[i].Summary;
            Plot plot = StackCharts.Architecture(run.Summaries[i].Phase, scenario, summary);
            string text = string.Join("\n", plot.GetPlottables<ScottPlot.Plottables.Text>().Select(t => t.LabelText));
            Assert.Contains($"Architecture — {run.Summaries[i].Phase}", text);
            Assert.Contains($"{scenario.Workers.Count} sync workers", text);
            Assert.Contains($"max_connections {scenario.Database.MaxConnections}", text);
            // The document's two boxes for background work: the broker's queue and the Celery workers.
            if (scenario.TaskQueue is { } tasks)
            {
                Assert.Contains("RabbitMQ\nqueue ", text);
                Assert.Contains($"Celery\n{tasks.Concurrency} workers\n", text);
                Assert.DoesNotContain("grows", text); // 500 users: every phase's Celery keeps up
            }
            Assert.Equal(scenario.LoadBalancer.Servers > 1, text.Contains($"web server × {scenario.LoadBalancer.Servers}", StringComparison.Ordinal));
            Assert.Equal(scenario.Cache.Enabled, text.Contains("Redis", StringComparison.Ordinal));
            Assert.Equal(scenario.TaskQueue is not null, text.Contains("Celery", StringComparison.Ordinal));
            Assert.Contains(" req/s", text); // the simulated flow on the clients' arrow
            bool saturated = summary["bottleneckUtilization"].Mean >= 0.7;
            bool outlined = plot.GetPlottables<ScottPlot.Plottables.Rectangle>().Any(r => r.LineStyle.Color == Color.FromHex("#d62728"));
            Assert.Equal(saturated, outlined);
            Assert.True(ChartExport.GetPngBytes(plot, Width, Height).Length > 10_000);
        }
        Assert.DoesNotContain(StackCharts.Architecture("bare", run.Scenarios[0]).GetPlottables<ScottPlot.Plottables.Text>(), t => t.LabelText.Contains("req/s", StringComparison.Ordinal) && !t.LabelText.Contains("open load", StringComparison.Ordinal));
    }

    [Fact]
    public void LatencyComparison_DrawsTheSloLimit()
    {
        Plot plot = StackCharts.LatencyComparison(run.Summaries, run.Scenarios[0].Slo);
        var line = Assert.Single(plot.GetPlottables<ScottPlot.Plottables.HorizontalLine>());
        Assert.Equal(run.Scenarios[0].Slo.LatencyLimitSeconds * 1000, line.Y);
        Assert.Equal("SLO: p95 ≤ 500 ms", line.LegendText);
    }

    [Fact]
    public void Charts_RejectMissingInput()
    {
        Assert.Throws<ArgumentException>(() => StackCharts.LatencyDistribution("x", []));
        Assert.Throws<ArgumentNullException>(() => StackCharts.WorkerUtilization("x", null!));
        Assert.Throws<ArgumentException>(() => StackCharts.Resources(Array.Empty<(string, StackSummary)>()));
        Assert.Throws<ArgumentException>(() => StackCharts.Resources(Array.Empty<(string, StackSummary, Sim.Scenarios.StackScenario)>()));
        Assert.Throws<ArgumentNullException>(() => StackCharts.CacheHitRatio(null!));
    }

    private static string Escape(string text) => System.Security.SecurityElement.Escape(text)!;

    private static int Pixels(SKBitmap bitmap, byte r, byte g, byte b)
    {
        int count = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
                if (bitmap.GetPixel(x, y) == new SKColor(r, g, b)) count++;
        return count;
    }

    private static (int Distinct, double Inked) Ink(SKBitmap bitmap)
    {
        var colors = new HashSet<uint>();
        long inked = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                SKColor c = bitmap.GetPixel(x, y);
                colors.Add((uint)c);
                if (c.Red < 235 || c.Green < 235 || c.Blue < 235) inked++;
            }
        return (colors.Count, (double)inked / (bitmap.Width * bitmap.Height));
    }
}
