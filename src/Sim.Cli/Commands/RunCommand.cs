using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Sim.Statistics;
using Sim.Io;
using Sim.Scenarios;
using Sim.Stack;
using Spectre.Console;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>sim run [SCENARIO]</c>: one configuration — a phase of a scenario (the baseline by default; the
/// built-in seed stack when no file is given) — in independent replications: every metric with its
/// 95 % interval, per request class, and where the time goes.
/// </summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var options = new ConfigurationOptions();
        var format = new Option<string>("--format", "-f") { Description = "Output: table, json or csv.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Folder for results.json and results.csv (written atomically)." };
        var slo = new Option<string?>("--slo") { Description = "Check an SLO after the run, e.g. \"p95<=500ms,p99<=2s,errors<=0.1%\" (replaces the scenario's slo fields it names; every clause is judged): exit 1 when the mean across replications violates it." };
        var command = new Command("run", "Run one configuration of a scenario and report every metric with its 95 % interval.");
        options.AddTo(command);
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(slo);
        var precisionOptions = new PrecisionOptions();
        precisionOptions.AddTo(command);
        command.SetAction(parse =>
        {
            SloOption? sloOption = parse.GetValue(slo) is { } sloText ? SloOption.Parse(sloText) : null;
            var precision = precisionOptions.Read(parse);
            ScenarioPhase chosen = options.Load(parse, sloOption?.Overrides, stderr);
            DirectoryInfo? dir = parse.GetValue(output);
            if (dir is not null) OutputFolder.Prepare(dir);
            string outputFormat = parse.GetValue(format)!;
            if (outputFormat == "table" && (precision is not null || !CliProgress.IsTerminal(stderr)))
                stderr.WriteLine(precision is { } p
                    ? $"running {chosen.Name}: replications of {chosen.Scenario.Run.DurationSeconds.ToString("G6", CultureInfo.InvariantCulture)} s until ± {p.Target:P1} on {string.Join(", ", p.Metrics.Select(m => m.Name))} (at most {p.Max}) …"
                    : $"running {chosen.Name}: {chosen.Scenario.Run.Replications} replications × {chosen.Scenario.Run.DurationSeconds.ToString("G6", CultureInfo.InvariantCulture)} s …");
            StackReplicationResult[] runs;
            PrecisionRunResult<StackReplicationResult>? reached = null;
            bool cancelled;
            // A first Ctrl-C or SIGTERM keeps the replications that finished: they are reported, marked partial, and the exit code is 3.
            if (precision is { } want)
            {
                Action<PrecisionRunResult<StackReplicationResult>>? judged = outputFormat == "table"
                    ? batch => stderr.WriteLine($"after {batch.Replications} replications: {Widths(batch, want.Metrics)} (target ± {Percent(want.Target)}) …")
                    : null;
                reached = StackExperiment.RunToPrecisionKeepingFinished(chosen.Scenario, want.Metrics, want.Target, want.Max, cancellationToken: cancellationToken, batchJudged: judged);
                (runs, cancelled) = (reached.Results, reached.Cancelled);
            }
            else
            {
                string what = $"{chosen.Name}: {chosen.Scenario.Run.Replications} replications × {chosen.Scenario.Run.DurationSeconds.ToString("G6", CultureInfo.InvariantCulture)} s";
                (runs, cancelled) = CliProgress.Run(stderr, what, chosen.Scenario.Run.Replications,
                    step => StackExperiment.RunKeepingFinished(chosen.Scenario, cancellationToken: cancellationToken, replicationFinished: _ => step()));
            }
            StackSummary summary = StackSummary.From(runs);
            string? precisionLine = reached is null ? null : PrecisionLine(reached, precision!.Value.Metrics);
            string json = Json(chosen, summary, runs, reached, precision?.Metrics, cancelled);
            string csv = Csv(summary);

            // The result first, then the verdicts, then the files: a write that fails (exit 4) loses nothing already printed.
            switch (outputFormat)
            {
                case "json": stdout.WriteLine(json); break;
                case "csv": stdout.Write(csv); break;
                default: Print(chosen, summary, runs, stdout); break;
            }
            if (precisionLine is not null)
            {
                if (outputFormat == "table") stdout.WriteLine(precisionLine);
                else if (!reached!.TargetMet) stderr.WriteLine("sim: " + precisionLine);
            }
            int exit = ExitCodes.Success;
            if (cancelled)
            {
                string planned = reached is null ? $" of {chosen.Scenario.Run.Replications}" : "";
                stderr.WriteLine($"sim: cancelled — partial result: {runs.Length}{planned} replications finished; the numbers above are theirs.");
                exit = ExitCodes.Cancelled;
            }
            else
            {
                foreach (string warning in AnalyticCheck.Warnings(AnalyticCheck.TryEstimate(chosen.Scenario), summary, latency: false))
                    stderr.WriteLine("sim: warning: " + warning);
                if (sloOption is null && outputFormat == "table" && SloClassText.Any(chosen.Scenario.Slo))
                    stdout.WriteLine(SloVerdict.Judge(chosen.Scenario.Slo, runs).Describe()); // per-class clauses: shown, not an exit code (that is --slo)
                if (sloOption is not null)
                {
                    SloVerdict verdict = SloVerdict.Judge(chosen.Scenario.Slo, runs, sloOption.MoreLatency);
                    stderr.WriteLine("sim: " + verdict.Describe());
                    if (!verdict.Met) exit = ExitCodes.SloViolated;
                }
            }
            if (dir is not null)
            {
                AtomicFile.WriteAllText(Path.Combine(dir.FullName, "results.json"), json);
                AtomicFile.WriteAllText(Path.Combine(dir.FullName, "results.csv"), csv);
            }
            return exit;
        });
        return command;
    }


    private static void Print(ScenarioPhase phase, StackSummary summary, StackReplicationResult[] runs, TextWriter stdout)
    {
        IAnsiConsole console = CliConsole.Create(stdout);
        string load = CliFormat.Load(phase.Scenario, summary.WarmupSeconds);
        CliConsole.Line(console, $"{phase.Scenario.Name} / {phase.Name}: {load}, {summary.Replications} replications, warm-up {CliFormat.TableNumber(summary.WarmupSeconds)} s, bottleneck: {summary.Bottleneck}");
        var metrics = summary.Metrics.Select(m => (Metric: StackMetrics.TryGet(m.Name, out StackMetric? metric) ? metric : null, Summary: m)).ToList();
        double Scale(StackMetric? metric) => metric is null ? 1 : CliFormat.TableScale(metric);
        List<CliColumn> columns =
        [
            new("Metric", [.. metrics.Select(m => m.Metric is null ? m.Summary.Label : CliFormat.TableLabel(m.Metric))], RightAligned: false),
            new("Mean", [.. metrics.Select(m => CliFormat.TableNumber(m.Summary.Mean * Scale(m.Metric)))]),
            new("± 95 % CI", [.. metrics.Select(m => double.IsNaN(m.Summary.Mean) ? "—" : m.Summary.Ci95 > 0 ? CliFormat.TableNumber(m.Summary.Ci95 * Scale(m.Metric)) : "0")]),
        ];
        console.Write(FitTables.Table("", columns));
        CliConsole.Line(console, CliFormat.IntervalNote);
        // Below a nanosecond is rounding left by subtracting service from total, not time: show 0.
        static string Ms(double ms) => CliFormat.TableNumber(Math.Abs(ms) < 1e-6 ? 0 : ms);
        var shown = Enumerable.Range(0, runs[0].Breakdown.Count).Where(i => runs.Average(r => r.Breakdown[i].TotalSeconds) * 1000 >= 1e-6).ToList();
        List<CliColumn> breakdown =
        [
            new("Station", [.. shown.Select(i => runs[0].Breakdown[i].Category.ToString())], RightAligned: false),
            new("Total", [.. shown.Select(i => Ms(runs.Average(r => r.Breakdown[i].TotalSeconds) * 1000))]),
            new("Service", [.. shown.Select(i => Ms(runs.Average(r => r.Breakdown[i].ServiceSeconds) * 1000))]),
            new("Queueing", [.. shown.Select(i => Ms(runs.Average(r => r.Breakdown[i].QueueingSeconds) * 1000))]),
        ];
        console.Write(FitTables.Table("Where a request's time goes (mean per successful request, ms)", breakdown));
        if (runs[0].Populations.Count > 0) console.Write(FitTables.Table("Per population (mean ± 95 % CI across replications)", PopulationColumns(runs)));
        if (ErrorKinds.Seen(runs).Count > 0) console.Write(FitTables.Table("Errors by kind (mean ± 95 % CI across replications)", ErrorKindColumns(runs)));
        if (summary.CensoredNote.Length > 0) CliConsole.Line(console, summary.CensoredNote);
        if (summary.Unstable) CliConsole.Line(console, summary.Diagnosis);
        else if (!summary.WarmupSettled) CliConsole.Line(console, "warm-up not found — the system was still trending after half the run (MSER-5); lengthen run.duration before trusting these numbers.");
    }

    /// <summary>"mean ± half-width" of the finite values × <paramref name="scale"/> across replications ("—" when none is finite).</summary>
    internal static string MeanText(IEnumerable<double> values, double scale)
    {
        double[] finite = [.. values.Select(v => v * scale).Where(double.IsFinite)];
        if (finite.Length == 0) return "—";
        var ci = Sim.Statistics.ConfidenceInterval.FromSamples(finite);
        return CliFormat.TableNumber(ci.Mean) + (finite.Length > 1 && ci.HalfWidth > 0 ? " ± " + CliFormat.TableNumber(ci.HalfWidth) : "");
    }

    // Errors by kind: one row per kind that occurred — per second and as a share of the window's arrivals.
    private static List<CliColumn> ErrorKindColumns(StackReplicationResult[] runs)
    {
        List<ErrorKind> kinds = ErrorKinds.Seen(runs);
        return
        [
            new("Kind", [.. kinds.Select(ErrorKinds.Name)], RightAligned: false),
            new("Meaning", [.. kinds.Select(ErrorKinds.Meaning)], RightAligned: false),
            new("Per second", [.. kinds.Select(k => MeanText(runs.Select(r => ErrorKinds.PerSecond(r, k)), 1))]),
            new("% of arrivals", [.. kinds.Select(k => MeanText(runs.Select(r => ErrorKinds.Share(r, k)), 100))]),
        ];
    }

    // load.populations: one row per population — throughput and latency mean/p50/p95/p99, each "mean ± half-width".
    private static List<CliColumn> PopulationColumns(StackReplicationResult[] runs)
    {
        int n = runs[0].Populations.Count;
        var rows = Enumerable.Range(0, n).ToList();
        string Mean(int p, Func<StackPopulationResult, double> value, double scale) => MeanText(runs.Select(r => value(r.Populations[p])), scale);
        return
        [
            new("Population", [.. rows.Select(p => runs[0].Populations[p].Name)], RightAligned: false),
            new("Throughput (req/s)", [.. rows.Select(p => Mean(p, r => r.ThroughputPerSecond, 1))]),
            new("Errors", [.. rows.Select(p => Mean(p, r => r.Completed + r.Errors > 0 ? 100.0 * r.Errors / (r.Completed + r.Errors) : double.NaN, 1) + " %")]),
            new("Mean (ms)", [.. rows.Select(p => Mean(p, r => r.LatencyMeanSeconds, 1000))]),
            new("p50 (ms)", [.. rows.Select(p => Mean(p, r => r.LatencyP50Seconds, 1000))]),
            new("p95 (ms)", [.. rows.Select(p => Mean(p, r => r.LatencyP95Seconds, 1000))]),
            new("p99 (ms)", [.. rows.Select(p => Mean(p, r => r.LatencyP99Seconds, 1000))]),
        ];
    }

    /// <summary>
    /// "precision ± 5.0 % reached after 12 replications: latencyMs.p95 ± 4.1 %, …", "… not reached after 50 replications
    /// (the maximum): …", or "… not reached: cancelled after 7 replications: …".
    /// </summary>
    private static string PrecisionLine(PrecisionRunResult<StackReplicationResult> reached, StackMetric[] metrics)
    {
        string widths = Widths(reached, metrics);
        if (reached.TargetMet) return $"precision ± {Percent(reached.Target)} reached after {reached.Replications} replications: {widths}";
        return reached.Cancelled
            ? $"precision ± {Percent(reached.Target)} not reached: cancelled after {reached.Replications} replications: {widths}"
            : $"precision ± {Percent(reached.Target)} not reached after {reached.Replications} replications (the maximum): {widths}; raise --max-replications or lengthen run.duration.";
    }

    private static string Widths(PrecisionRunResult<StackReplicationResult> reached, StackMetric[] metrics) =>
        string.Join(", ", metrics.Select((m, i) => $"{m.Name} ± {Percent(reached.RelativeHalfWidths[i])}"));

    private static string Percent(double x) => double.IsFinite(x) ? (x * 100).ToString("0.0#", CultureInfo.InvariantCulture) + " %" : "∞";

    private static string Json(ScenarioPhase phase, StackSummary summary, StackReplicationResult[] runs, PrecisionRunResult<StackReplicationResult>? reached, StackMetric[]? metrics,
        bool partial)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("scenario", phase.Scenario.Name);
            w.WriteString("phase", phase.Name);
            if (partial)
            {
                // Ctrl-C or SIGTERM: only the replications that finished are summarised (a precision run plans no fixed number).
                w.WriteBoolean("partial", true);
                if (reached is null) w.WriteNumber("replicationsPlanned", phase.Scenario.Run.Replications);
            }
            CliFormat.WriteLoad(w, phase.Scenario, summary.WarmupSeconds);
            w.WritePropertyName("results");
            summary.WriteJson(w);
            if (reached is not null)
            {
                // The precision-driven run: the target, whether it was met, and each judged metric's final relative half-width.
                w.WriteStartObject("precision");
                w.WriteNumber("target", reached.Target);
                w.WriteBoolean("targetMet", reached.TargetMet);
                w.WriteNumber("replications", reached.Replications);
                w.WriteStartObject("relativeHalfWidth");
                for (int i = 0; i < metrics!.Length; i++)
                {
                    if (double.IsFinite(reached.RelativeHalfWidths[i])) w.WriteNumber(metrics[i].Name, reached.RelativeHalfWidths[i]);
                    else w.WriteNull(metrics[i].Name);
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteStartArray("classes");
            for (int c = 0; c < runs[0].Classes.Count; c++)
            {
                w.WriteStartObject();
                w.WriteString("name", runs[0].Classes[c].Name);
                WriteMean(w, "throughputPerSecond", runs.Select(r => r.Classes[c].ThroughputPerSecond));
                WriteMean(w, "latencyMsMean", runs.Select(r => r.Classes[c].LatencyMeanSeconds * 1000));
                WriteMean(w, "latencyMsP95", runs.Select(r => r.Classes[c].LatencyP95Seconds * 1000));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            // Each error kind that occurred: per second of the window and as a share of its arrivals (mean and 95 % interval).
            w.WriteStartObject("errorsByKind");
            foreach (ErrorKind k in ErrorKinds.Seen(runs))
            {
                w.WriteStartObject(ErrorKinds.Name(k));
                WriteMean(w, "perSecond", runs.Select(r => ErrorKinds.PerSecond(r, k)));
                WriteMean(w, "fractionOfArrivals", runs.Select(r => ErrorKinds.Share(r, k)));
                w.WriteEndObject();
            }
            w.WriteEndObject();
            // load.populations: each population's throughput, errors and latency, mean and 95 % interval across replications.
            StackPopulationResult.WriteJson(w, runs);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteMean(Utf8JsonWriter w, string name, IEnumerable<double> values)
    {
        double[] finite = values.Where(double.IsFinite).ToArray();
        w.WriteStartObject(name);
        if (finite.Length > 0)
        {
            var ci = Sim.Statistics.ConfidenceInterval.FromSamples(finite);
            w.WriteNumber("mean", ci.Mean);
            if (double.IsFinite(ci.HalfWidth)) w.WriteNumber("ci95", ci.HalfWidth);
            else w.WriteNull("ci95"); // JSON has no infinity: null, as for a missing value
        }
        else
        {
            w.WriteNull("mean");
            w.WriteNull("ci95");
        }
        w.WriteEndObject();
    }

    private static string Csv(StackSummary summary)
    {
        var sb = new StringBuilder("metric,mean,ci95\n");
        foreach (MetricSummary m in summary.Metrics)
            sb.Append(m.Name).Append(',').Append(m.Mean.ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(m.Ci95.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }
}
