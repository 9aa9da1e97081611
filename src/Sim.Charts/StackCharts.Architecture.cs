using System.Globalization;
using ScottPlot;
using Sim.Scenarios;
using Sim.Stack;
using static Sim.Charts.ChartStyle;

namespace Sim.Charts;

public static partial class StackCharts
{
    private static readonly Color BoxFill = Color.FromHex("#eef3f8");
    private static readonly Color BoxLine = Color.FromHex("#4a6a8a");
    private static readonly Color ArrowColor = Color.FromHex("#555555");

    /// <summary>
    /// The architecture of one configuration, drawn from its scenario as the seed document draws its "current" and
    /// "optimized" stacks: clients, the load balancer (when there are several servers), each server's nginx and
    /// gunicorn workers (one server drawn, "× N"), Redis, PostgreSQL with its connection handling and read replicas,
    /// and RabbitMQ + Celery when the scenario has a task queue (the broker's queue, outlined red when its backlog grows; the
    /// workers' tasks done/s and wait p95) — each box with the configuration's numbers. With
    /// <paramref name="summary"/> the arrows carry the simulated flows (requests/s, cache hit ratio, new database
    /// connections/s or reuse, tasks/s) and the bottleneck's box is outlined in red with its utilization.
    /// </summary>
    /// <param name="phase">The configuration's name, shown in the title.</param>
    /// <param name="scenario">The configuration.</param>
    /// <param name="summary">Its simulated results, or null to draw the configuration alone.</param>
    public static Plot Architecture(string phase, StackScenario scenario, StackSummary? summary = null)
    {
        ArgumentNullException.ThrowIfNull(phase);
        ArgumentNullException.ThrowIfNull(scenario);
        Plot plot = NewPlot("", "", "");
        var inv = CultureInfo.InvariantCulture;
        string bottleneck = summary?.Bottleneck ?? "";
        string Busy(string metric) => summary is null ? "" : $"\n{Num(summary[metric].Mean * 100)} % busy";
        // The bottleneck is outlined only when it is busy enough to matter; at light load the note says nothing saturates.
        bool saturating = summary is not null && summary["bottleneckUtilization"].Mean >= 0.7;
        bool hot(string station) => saturating && station == bottleneck;

        // Clients.
        string clients = scenario.Load.Populations is { } pops
            ? $"Clients\n{pops.Count} populations\n" + string.Join(", ", pops.Select(p => p.Closed is { } pc ? $"{p.Name} {pc.Users.ToString("N0", inv)}" : $"{p.Name} {Num(p.Open!.RatePerSecond)}/s"))
            : scenario.Load.Closed is { } c
            ? $"Clients\n{c.Users.ToString("N0", inv)} users\nthink {Num(c.ThinkTimeSeconds.Mean)} s"
            : scenario.Load.Open!.Trace is { } trace
                ? $"Clients\nreplayed log\n{Num(trace.MeanRatePerSecond)} req/s"
                : $"Clients\nopen load\n{Num(scenario.Load.Open!.RatePerSecond)} req/s";
        Box(plot, 1, 15, 24, 40, clients, false);

        int servers = scenario.LoadBalancer.Servers;
        double serverLeft = 22;
        if (servers > 1)
        {
            Box(plot, 20, 33, 24, 40, $"Load balancer\n{scenario.LoadBalancer.Policy}\n{servers} servers", false);
            Arrow(plot, 15, 32, 20, 32, summary is null ? "" : $"{Num(summary["throughputPerSecond"].Mean)} req/s");
            serverLeft = 38;
        }

        // One web server: nginx and the gunicorn workers on the host's cores (drawn once, "× N").
        double serverRight = serverLeft + 34;
        var frame = plot.Add.Rectangle(serverLeft, serverRight, 12, 52);
        frame.FillStyle.Color = hot("web CPU") ? Bad.WithAlpha(0.08) : Colors.White;
        frame.LineStyle.Color = hot("web CPU") ? Bad : BoxLine;
        frame.LineStyle.Width = hot("web CPU") ? 3 : 1.5f;
        frame.LineStyle.Pattern = LinePattern.Dashed;
        Label(plot, (serverLeft + serverRight) / 2, 50.5,
            $"web server{(servers > 1 ? $" × {servers}" : "")}: {scenario.Host.Cores} cores{(summary is null ? "" : $", CPU {Num(summary["cpuUtilization"].Mean * 100)} % busy")}", 11, Alignment.UpperCenter);
        string gzip = scenario.Proxy.Gzip.Enabled ? "gzip on" : "gzip off";
        string nginx = $"nginx\n{gzip}\nbuffering {(scenario.Proxy.Buffering ? "on" : "off")}\nkeepalive {(scenario.Proxy.ClientKeepalive ? "on" : "off")}";
        if (scenario.Proxy.StaticHitRatio > 0) nginx += $"\nmicro-cache {Num(scenario.Proxy.StaticHitRatio * 100)} %";
        Box(plot, serverLeft + 2, serverLeft + 15, 18, 44, nginx, false);
        string gunicorn = $"gunicorn\n{scenario.Workers.Count} sync workers\nbacklog {scenario.Workers.Backlog.ToString("N0", inv)}{Busy("workerUtilization")}";
        Box(plot, serverLeft + 19, serverLeft + 32, 18, 44, gunicorn, hot("gunicorn workers"));
        Arrow(plot, serverLeft + 15, 31, serverLeft + 19, 31, "");
        if (servers == 1) Arrow(plot, 15, 32, serverLeft + 2, 32, summary is null ? "" : $"{Num(summary["throughputPerSecond"].Mean)} req/s");
        else Arrow(plot, 33, 32, serverLeft + 2, 32, "");

        // Back ends.
        double backLeft = serverRight + 6, backRight = 99;
        double from = serverLeft + 32;
        if (scenario.Cache.Enabled)
        {
            string redis = $"Redis{(scenario.Cache.Nodes > 1 ? $" × {scenario.Cache.Nodes} nodes" : "")}\nmax {scenario.Cache.MaxConnections} connections\n"
                + (scenario.Cache.KeySpace is null ? $"hit ratio {Num(scenario.Cache.HitRatio * 100)} % (set)" : "Zipf key space, LRU/TTL");
            Box(plot, backLeft, backRight, 44, 56, redis, hot("Redis CPU"));
            Arrow(plot, from, 40, backLeft, 50, summary is null ? "" : $"hits {Num(summary["cacheHitRatio"].Mean * 100)} %");
        }
        string connections = scenario.DbConnections.Pool is { } pool ? $"pool of {pool.Size}"
            : scenario.DbConnections.ConnMaxAgeSeconds > 0 ? $"CONN_MAX_AGE {Num(scenario.DbConnections.ConnMaxAgeSeconds)} s" : "a connection per request";
        string replicas = scenario.Database.ReadReplicas > 0 ? $"\n+ {scenario.Database.ReadReplicas} read replica{(scenario.Database.ReadReplicas > 1 ? "s" : "")}" : "";
        string db = $"PostgreSQL\n{scenario.Database.Cores} cores, max_connections {scenario.Database.MaxConnections}\n{connections}{replicas}{Busy("dbCpuUtilization")}";
        Box(plot, backLeft, backRight, 20, 40, db, hot("database CPU"));
        string dbFlow = summary is null ? ""
            : summary["dbConnectionsCreatedPerSecond"].Mean > 0.005 ? $"{Num(summary["dbConnectionsCreatedPerSecond"].Mean)} new conn/s"
            : $"reuse {Num(summary["dbConnectionReusePercent"].Mean)} %";
        Arrow(plot, from, 30, backLeft, 30, dbFlow);
        if (scenario.TaskQueue is { } tasks)
        {
            // The document draws RabbitMQ (the queue) and Celery (the workers) as two boxes: so do we, with the broker's
            // queue and the workers' throughput, and the broker outlined when its backlog grows (the run is unstable).
            double mid = (backLeft + backRight) / 2;
            bool growing = summary is not null && summary.TaskBacklogGrows;
            string broker = "RabbitMQ" + (summary is null ? "" : $"\nqueue {Num(summary["taskQueueLengthMean"].Mean)}")
                + (growing ? $"\ngrows {Num(summary!["taskBacklogGrowthPerSecond"].Mean)}/s" : "");
            Box(plot, backLeft, mid - 1, 2, 15, broker, growing, 10);
            string celery = $"Celery\n{tasks.Concurrency} workers"
                + (summary is null ? "" : $"\n{Num(summary["tasksPerSecond"].Mean)} done/s\nwait p95 {Seconds(summary["taskWaitMs.p95"].Mean / 1000)}");
            Box(plot, mid + 1, backRight, 2, 15, celery, false, 10);
            Arrow(plot, mid - 1, 8.5, mid + 1, 8.5, "");
            Arrow(plot, from, 22, backLeft, 10, summary is null ? "" : $"{Num(summary["tasksPublishedPerSecond"].Mean)} tasks/s");
        }

        plot.Axes.SetLimits(0, 100, 0, 64);
        plot.HideGrid();
        plot.Axes.Frameless(); // no axes: the title is drawn as text inside the frame
        var title = plot.Add.Text($"Architecture — {phase}", 50, 63.5);
        title.LabelFontSize = 18;
        title.LabelAlignment = Alignment.UpperCenter;
        title.LabelFontColor = Colors.Black;
        if (summary is not null && bottleneck.Length > 0)
            Label(plot, 1, 0.5, saturating
                ? $"Red outline: the bottleneck ({bottleneck}, {Num(summary["bottleneckUtilization"].Mean * 100)} % busy)"
                  + (summary.TaskBacklogGrows ? ", and the broker, whose backlog grows (the run is unstable)." : ".")
                : $"The busiest station is {bottleneck} at {Num(summary["bottleneckUtilization"].Mean * 100)} %: nothing is near saturation at this load.", 11, Alignment.LowerLeft);
        return Finish(plot);
    }

    /// <summary>"96 s", "1.2 s" or "40 ms": a wait short enough for a small box.</summary>
    private static string Seconds(double seconds) => !double.IsFinite(seconds) ? "n/a" : seconds >= 1 ? Num(seconds) + " s" : Ms(seconds);

    private static void Box(Plot plot, double left, double right, double bottom, double top, string text, bool hot, float fontSize = 12)
    {
        var box = plot.Add.Rectangle(left, right, bottom, top);
        box.FillStyle.Color = hot ? Bad.WithAlpha(0.12) : BoxFill;
        box.LineStyle.Color = hot ? Bad : BoxLine;
        box.LineStyle.Width = hot ? 3 : 1.5f;
        Label(plot, (left + right) / 2, (bottom + top) / 2, text, fontSize, Alignment.MiddleCenter);
    }

    private static void Label(Plot plot, double x, double y, string text, float size, Alignment alignment)
    {
        var label = plot.Add.Text(text, x, y);
        label.LabelFontSize = size;
        label.LabelAlignment = alignment;
        label.LabelFontColor = Colors.Black;
    }

    private static void Arrow(Plot plot, double x1, double y1, double x2, double y2, string label)
    {
        var arrow = plot.Add.Arrow(new Coordinates(x1, y1), new Coordinates(x2, y2));
        arrow.ArrowLineColor = ArrowColor;
        arrow.ArrowFillColor = ArrowColor;
        arrow.ArrowWidth = 2;
        if (label.Length == 0) return;
        var text = plot.Add.Text(label, (x1 + x2) / 2, (y1 + y2) / 2);
        text.LabelFontSize = 11;
        text.LabelAlignment = Alignment.LowerCenter;
        text.OffsetY = -3;
        text.LabelFontColor = Colors.Black;
        text.LabelBackgroundColor = Colors.White.WithAlpha(0.9);
    }
}
