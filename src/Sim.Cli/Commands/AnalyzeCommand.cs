using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Sim.Scenarios;
using Sim.Stack;
using Spectre.Console;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>sim analyze [SCENARIO]</c>: the analytic estimate of one configuration (operational bounds, MVA for a
/// closed load, Erlang C / M/M/c/K for an open one) beside a short simulation of it, with the gap.
/// </summary>
internal static class AnalyzeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var options = new ConfigurationOptions();
        var format = new Option<string>("--format", "-f") { Description = "Output: table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("analyze", "Analytic estimate (bounds, MVA, Erlang C) of one configuration beside a short simulation, with the gap.");
        options.AddTo(command);
        command.Options.Add(format);
        command.SetAction(parse =>
        {
            ScenarioPhase chosen = options.Load(parse, notes: stderr);
            StackEstimate estimate = AnalyticCheck.TryEstimate(chosen.Scenario)
                ?? throw new UserInputException($"{chosen.Scenario.Name} / {chosen.Name}: the analytic formulas cannot be applied to this configuration.");
            bool table = parse.GetValue(format) == "table";
            if (table)
                stderr.WriteLine($"simulating {chosen.Name}: {chosen.Scenario.Run.Replications} replications × {chosen.Scenario.Run.DurationSeconds.ToString("G6", CultureInfo.InvariantCulture)} s …");
            StackReplicationResult[] runs = StackExperiment.Run(chosen.Scenario, cancellationToken: cancellationToken);
            StackSummary summary = StackSummary.From(runs);
            List<string> warnings = AnalyticCheck.Warnings(estimate, summary, latency: true);
            if (table) Print(chosen, estimate, summary, runs, warnings, stdout);
            else stdout.WriteLine(Json(chosen, estimate, summary, runs, warnings));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The rows compared: label, stable name, analytic value in the metric's unit, simulated metric name.</summary>
    private static (string Label, string Name, double Analytic)[] Rows(StackEstimate e) =>
    [
        ("Throughput (req/s)", "throughputPerSecond", e.ThroughputPerSecond),
        ("Latency mean (ms)", "latencyMs.mean", e.LatencyMeanSeconds * 1000),
        ("Error rate", "errorRate", e.ErrorRate),
        ("Worker utilization", "workerUtilization", e.WorkerUtilization),
        ("CPU utilization", "cpuUtilization", e.CpuUtilization),
        ("DB CPU utilization", "dbCpuUtilization", e.DbCpuUtilization),
    ];

    /// <summary>Per population (in the scenario's order): the analytic estimate's row and the replications' mean throughput and mean latency.</summary>
    private static IEnumerable<(StackPopulationEstimate Analytic, double[] Throughput, double[] Latency)> PopulationRows(StackEstimate e, StackReplicationResult[] runs) =>
        e.Populations.Select((p, i) => (p, runs.Select(r => r.Populations[i].ThroughputPerSecond).ToArray(), runs.Select(r => r.Populations[i].LatencyMeanSeconds).ToArray()));

    private static double FiniteMean(double[] values) => values.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();

    private static void Print(ScenarioPhase phase, StackEstimate e, StackSummary summary, StackReplicationResult[] runs, List<string> warnings, TextWriter stdout)
    {
        IAnsiConsole console = CliConsole.Create(stdout);
        string load = CliFormat.Load(phase.Scenario, summary.WarmupSeconds);
        CliConsole.Line(console, $"{phase.Scenario.Name} / {phase.Name}: {load}; analytic: {e.Method}; simulated: {summary.Replications} replications, warm-up {CliFormat.TableNumber(summary.WarmupSeconds)} s");
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("Metric");
        table.AddColumn(new TableColumn("Analytic").RightAligned());
        table.AddColumn(new TableColumn("Simulated (± 95 % CI)").RightAligned());
        table.AddColumn(new TableColumn("Gap").RightAligned());
        foreach (var (label, name, analytic) in Rows(e))
        {
            MetricSummary m = summary[name];
            // Fractions (error rate, utilizations) as percentages, as in every console table.
            double k = StackMetrics.TryGet(name, out StackMetric? metric) ? CliFormat.TableScale(metric) : 1;
            table.AddRow((k == 100 ? label + " (%)" : label).EscapeMarkup(), CliFormat.TableNumber(analytic * k), CliFormat.TableCell(m.Mean * k, m.Ci95 * k).EscapeMarkup(),
                AnalyticCheck.Percent(AnalyticCheck.Gap(analytic, m.Mean)));
        }
        table.AddRow("Bottleneck", e.Bottleneck.EscapeMarkup(), summary.Bottleneck.EscapeMarkup(), e.Bottleneck == summary.Bottleneck ? "same" : "differs");
        table.AddRow("Throughput bound (req/s)", CliFormat.TableNumber(e.ThroughputUpperBound), "", "");
        table.AddRow("Capacity at bottleneck (req/s)", CliFormat.TableNumber(e.CapacityPerSecond), CliFormat.TableNumber(summary["capacityPerSecond"].Mean), "");
        console.Write(table);
        if (e.Populations.Count > 0)
        {
            var rows = PopulationRows(e, runs).ToList();
            List<CliColumn> columns =
            [
                new("Population", [.. rows.Select(r => r.Analytic.Name)], RightAligned: false),
                new("Analytic X (req/s)", [.. rows.Select(r => CliFormat.TableNumber(r.Analytic.ThroughputPerSecond))]),
                new("Simulated X", [.. rows.Select(r => RunCommand.MeanText(r.Throughput, 1))]),
                new("X gap", [.. rows.Select(r => AnalyticCheck.Percent(AnalyticCheck.Gap(r.Analytic.ThroughputPerSecond, FiniteMean(r.Throughput))))]),
                new("Analytic mean (ms)", [.. rows.Select(r => CliFormat.TableNumber(r.Analytic.LatencyMeanSeconds * 1000))]),
                new("Simulated mean (ms)", [.. rows.Select(r => RunCommand.MeanText(r.Latency, 1000))]),
                new("Mean gap", [.. rows.Select(r => AnalyticCheck.Percent(AnalyticCheck.Gap(r.Analytic.LatencyMeanSeconds, FiniteMean(r.Latency))))]),
            ];
            console.Write(FitTables.Table("Per population (analytic; simulated mean ± 95 % CI across replications)", columns));
        }
        StackDemands d = e.Demands;
        CliConsole.Line(console, string.Create(CultureInfo.InvariantCulture,
            $"Per request: worker hold {d.WorkerHoldSeconds * 1000:G4} ms (scv {d.WorkerHoldScv:F2}) on {d.WorkerVisitRatio:P0} of requests; web CPU {d.CpuSecondsPerRequest * 1000:G4} ms; database {d.DbSecondsPerRequest * 1000:G4} ms; delays {d.DelaySecondsPerRequest * 1000:G4} ms; cache hits {d.CacheHitRatio:P0}."));
        foreach (string note in e.Notes) CliConsole.Line(console, "note: " + note);
        if (summary.Unstable) CliConsole.Line(console, "simulation: " + summary.Diagnosis);
        foreach (string w in warnings) CliConsole.Line(console, "warning: " + w);
    }

    private static string Json(ScenarioPhase phase, StackEstimate e, StackSummary summary, StackReplicationResult[] runs, List<string> warnings)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("scenario", phase.Scenario.Name);
            w.WriteString("phase", phase.Name);
            CliFormat.WriteLoad(w, phase.Scenario, summary.WarmupSeconds);
            w.WriteStartObject("analytic");
            w.WriteString("method", e.Method);
            Number(w, "throughputPerSecond", e.ThroughputPerSecond);
            Number(w, "latencyMsMean", e.LatencyMeanSeconds * 1000);
            Number(w, "errorRate", e.ErrorRate);
            Number(w, "workerUtilization", e.WorkerUtilization);
            Number(w, "cpuUtilization", e.CpuUtilization);
            Number(w, "dbCpuUtilization", e.DbCpuUtilization);
            w.WriteString("bottleneck", e.Bottleneck);
            Number(w, "throughputUpperBound", e.ThroughputUpperBound);
            Number(w, "capacityPerSecond", e.CapacityPerSecond);
            w.WriteBoolean("unstable", e.Unstable);
            w.WriteStartObject("demands");
            Number(w, "workerVisitRatio", e.Demands.WorkerVisitRatio);
            Number(w, "workerHoldMs", e.Demands.WorkerHoldSeconds * 1000);
            Number(w, "workerHoldScv", e.Demands.WorkerHoldScv);
            Number(w, "cpuMsPerRequest", e.Demands.CpuSecondsPerRequest * 1000);
            Number(w, "dbMsPerRequest", e.Demands.DbSecondsPerRequest * 1000);
            Number(w, "replicaDbMsPerRequest", e.Demands.ReplicaDbSecondsPerRequest * 1000);
            Number(w, "delayMsPerRequest", e.Demands.DelaySecondsPerRequest * 1000);
            Number(w, "cacheHitRatio", e.Demands.CacheHitRatio);
            w.WriteEndObject();
            w.WriteStartArray("notes");
            foreach (string note in e.Notes) w.WriteStringValue(note);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WritePropertyName("simulated");
            summary.WriteJson(w);
            // (analytic − simulated) / simulated, per compared metric.
            w.WriteStartObject("relativeGap");
            foreach (var (_, name, analytic) in Rows(e)) Number(w, name, AnalyticCheck.Gap(analytic, summary[name].Mean));
            w.WriteEndObject();
            if (e.Populations.Count > 0)
            {
                // Per population: the analytic row, the replications' means, and the gap between them.
                w.WriteStartArray("populations");
                foreach (var (p, throughput, latency) in PopulationRows(e, runs))
                {
                    double x = FiniteMean(throughput), r = FiniteMean(latency);
                    w.WriteStartObject();
                    w.WriteString("name", p.Name);
                    Number(w, "analyticThroughputPerSecond", p.ThroughputPerSecond);
                    Number(w, "simulatedThroughputPerSecond", x);
                    Number(w, "throughputGap", AnalyticCheck.Gap(p.ThroughputPerSecond, x));
                    Number(w, "analyticLatencyMsMean", p.LatencyMeanSeconds * 1000);
                    Number(w, "simulatedLatencyMsMean", r * 1000);
                    Number(w, "latencyGap", AnalyticCheck.Gap(p.LatencyMeanSeconds, r));
                    Number(w, "analyticErrorRate", p.ErrorRate);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteStartArray("warnings");
            foreach (string warning in warnings) w.WriteStringValue(warning);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }
}
