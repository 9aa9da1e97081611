using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Sim.Experiments;
using Sim.Io;
using Sim.Scenarios;
using Sim.Stack;
using Spectre.Console;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>sim phases [SCENARIO]</c>: the baseline and every cumulative phase of a scenario (the built-in
/// seed stack by default), each run in independent replications, side by side with 95 % intervals.
/// </summary>
internal static class PhasesCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var scenario = new Argument<FileInfo?>("scenario") { Description = "Scenario JSON file; omitted: the built-in seed stack.", Arity = ArgumentArity.ZeroOrOne };
        var set = new Option<string[]>("--set") { Description = "Override a field before phases apply: path=value, e.g. workers.count=8 or load.closed.users=842. Repeatable.", AllowMultipleArgumentsPerToken = false };
        var users = new Option<int?>("--users", "-u") { Description = "Closed load with N users: the scenario's think time stays (a closed scenario only)." };
        var replications = new Option<int?>("--replications", "-n") { Description = "Shorthand for --set run.replications=R." };
        var seed = new Option<ulong?>("--seed") { Description = "Shorthand for --set run.seed=S." };
        var duration = new Option<string?>("--duration", "-d") { Description = "Shorthand for --set run.duration=D, e.g. 300s." };
        var only = new Option<string[]>("--phase", "-p") { Description = "Run only these phases (names; 'baseline' for the baseline). Repeatable." };
        var format = new Option<string>("--format", "-f") { Description = "Output: table, markdown or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "markdown", "json");
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Folder for <phase>/results.json, the charts, summary.md, report.md and report.html (written atomically)." };
        var imageFormat = new Option<string>("--image-format") { Description = "Chart files with --out: png or svg.", DefaultValueFactory = _ => "png" };
        imageFormat.AcceptOnlyFromAmong("png", "svg");
        var noScaling = new Option<bool>("--no-scaling") { Description = "With --out, skip the scaling study of the last phase (scaling chart; a few seconds of short runs)." };
        var logLatency = new Option<bool>("--log-latency") { Description = "Draw every response-time distribution on a log latency axis (by default a phase gets one when its tail is long: p99.9 > 2 × p99)." };
        var capacity = new Option<bool>("--capacity") { Description = "Search each phase's capacity under the scenario's SLO (a quick search: at most 2 replications × 200 s per load; 'sim capacity' for the full one). On by default with --out." };
        var noCapacity = new Option<bool>("--no-capacity") { Description = "With --out, skip the capacity search (the capacity growth chart and the capacity column)." };
        var wide = new Option<bool>("--wide") { Description = "Table output: every metric, not only the key ones (more tables, each still as wide as the terminal)." };

        var command = new Command("phases", "Run the baseline and every cumulative phase of a scenario and compare them.")
        {
            scenario, set, users, replications, seed, duration, only, format, output, imageFormat, noScaling, logLatency, capacity, noCapacity, wide,
        };
        command.SetAction(parse =>
        {
            var overrides = new List<string>(parse.GetValue(set) ?? []);
            ScenarioInput.AddLoadOverrides(parse.GetValue(scenario), overrides, parse.GetValue(users), null);
            if (parse.GetValue(replications) is { } r) overrides.Add($"run.replications={r.ToString(CultureInfo.InvariantCulture)}");
            if (parse.GetValue(seed) is { } sd) overrides.Add($"run.seed={sd.ToString(CultureInfo.InvariantCulture)}");
            if (parse.GetValue(duration) is { } d) overrides.Add($"run.duration={d}");
            var phases = ScenarioInput.Load(parse.GetValue(scenario), overrides, parse.GetValue(only) ?? [], out string text, stderr);
            if (parse.GetValue(output) is { } outDir)
            {
                PhasesOutput.CheckFolderNames(phases);
                OutputFolder.Prepare(outDir);
            }
            string fingerprint = PhasesOutput.FingerprintOf(phases[0].Scenario.Name, text, overrides, phases.Select(p => p.Name));
            var record = new ReportSummary.RunRecord("sim " + string.Join(' ', parse.Tokens.Select(t => ShellWord(t.Value))),
                parse.GetValue(scenario)?.ToString() ?? "the built-in seed stack", fingerprint, overrides);
            var identity = new RunIdentity(phases[0].Scenario.Name, fingerprint, record);
            bool searchCapacity = parse.GetValue(capacity) || (parse.GetValue(output) is not null && !parse.GetValue(noCapacity));
            bool scaling = !parse.GetValue(noScaling);
            var charts = new ChartOptions(parse.GetValue(imageFormat)!, scaling, parse.GetValue(logLatency));
            return Execute(phases, identity, parse.GetValue(format)!, parse.GetValue(output), charts, searchCapacity, parse.GetValue(wide), stdout, stderr, cancellationToken);
        });
        return command;
    }

    /// <summary>How <c>--out</c> draws charts: file format ("png" or "svg"), whether to run the scaling study, log latency axis.</summary>
    private sealed record ChartOptions(string ImageFormat, bool Scaling, bool LogLatency);

    /// <summary>What tells one run's results.json from another's: the scenario's name and the run's fingerprint (<see cref="PhasesOutput.FingerprintOf"/>).</summary>
    private sealed record RunIdentity(string Scenario, string Fingerprint, ReportSummary.RunRecord Record);

    /// <summary>A command-line word as a POSIX shell would need it to read it back: quoted when it has anything but safe characters.</summary>
    private static string ShellWord(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_=./:,+@%".Contains(c)) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static int Execute(List<ScenarioPhase> phases, RunIdentity identity, string format, DirectoryInfo? output, ChartOptions chartOptions, bool searchCapacity,
        bool wide, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        // The study (phases, paired changes, the quick capacity search) is Sim.Core's; the command shows progress and writes results.
        PhasesResult result = CliStudyProgress.Run(stderr,
            p => p.Stage == StudyStage.CapacityStarting
                ? $"capacity under the SLO: {p.Total} phase(s)"
                : $"{p.Phase}: {phases[p.Index].Scenario.Run.Replications} replications × {phases[p.Index].Scenario.Run.DurationSeconds.ToString("G6", CultureInfo.InvariantCulture)} s",
            (p, terminal) => p.Stage switch
            {
                StudyStage.PhaseStarting when format == "table" && !terminal =>
                    [$"running {p.Phase}: {phases[p.Index].Scenario.Run.Replications} replications × {phases[p.Index].Scenario.Run.DurationSeconds.ToString("G6", CultureInfo.InvariantCulture)} s …"],
                StudyStage.PhaseFinished => AnalyticCheck.Warnings(AnalyticCheck.TryEstimate(phases[p.Index].Scenario), p.Summary!, latency: false)
                    .Select(w => $"sim: {p.Phase}: warning: {w}"),
                StudyStage.CapacityStarting when format == "table" && !terminal => [$"searching the capacity of {p.Phase} …"],
                _ => [],
            },
            progress => PhasesStudy.Run(phases, new PhasesStudyOptions { SearchCapacity = searchCapacity }, progress, cancellationToken));
        var summaries = result.Phases.Select(o => (o.Phase, o.Summary)).ToList();
        var changes = result.Phases.Select(o => o.ComparedDifferences).ToList();
        var allRuns = result.Phases.Select(o => o.Replications.ToArray()).ToList();
        bool partial = result.Partial;
        CapacityResult?[] capacity = [.. result.Phases.Select(o => o.Capacity)];
        bool capacityCancelled = result.CapacityCancelled;
        // The result first, then the files — the small ones (results.json, summary.md) before the charts — so a write that
        // fails (exit 4) or a Ctrl-C/SIGTERM during the charts loses nothing already computed.
        switch (format)
        {
            case "json":
                stdout.WriteLine(result.ToJson());
                break;
            case "markdown":
                stdout.Write(Markdown(summaries, changes, capacity));
                break;
            default:
                var console = CliConsole.Create(stdout);
                PrintTables(console, summaries, changes, capacity, wide);
                foreach (var (phase, reason) in CapacityFloor.Explain(summaries.Select(x => x.Phase).ToList(), capacity, cancellationToken))
                    CliConsole.Line(console, $"{phase}: no capacity under the SLO — {reason}");
                for (int i = 0; i < summaries.Count; i++)
                {
                    // Per-class SLO clauses: each phase's verdict at its load, and at its capacity which clause binds.
                    ScenarioPhase phase = summaries[i].Phase;
                    if (!SloClassText.Any(phase.Scenario.Slo)) continue;
                    CliConsole.Line(console, $"{phase.Name}: {SloVerdict.Judge(phase.Scenario.Slo, allRuns[i]).Describe()}");
                    if (capacity.Length > i && capacity[i] is { } c && SloClassText.AtCapacity(c) is { Length: > 0 } atCapacity)
                        CliConsole.Line(console, $"{phase.Name} at capacity: {atCapacity}");
                }
                foreach (var (phase, summary) in summaries)
                    if (summary.Unstable) CliConsole.Line(console, $"{phase.Name}: {summary.Diagnosis}");
                    else if (!summary.WarmupSettled)
                        CliConsole.Line(console, $"{phase.Name}: warm-up not found — the system was still trending after half the run (MSER-5); lengthen run.duration before trusting these numbers.");
                break;
        }
        bool chartsCut = false;
        if (output is not null)
        {
            chartsCut = WriteOutput(output.FullName, phases.Count, identity, result, summaries, changes, allRuns, capacity, chartOptions,
                format == "table" ? stderr : TextWriter.Null, stderr, cancellationToken);
            if (format == "table")
            {
                // The folder on a line of its own: a long path then overruns the terminal alone, and copies whole.
                stdout.WriteLine(chartsCut
                    ? "Wrote report.html, report.md, summary.md, results.json (charts cut short) to:"
                    : "Wrote report.html, report.md, summary.md, the charts and results.json to:");
                stdout.WriteLine($"  {output.FullName}");
            }
        }
        if (capacityCancelled)
        {
            stderr.WriteLine($"sim: cancelled — partial result: the capacity search finished for {capacity.Count(c => c is not null)} of {summaries.Count} phase(s).");
            return ExitCodes.Cancelled;
        }
        if (partial)
        {
            stderr.WriteLine($"sim: cancelled — {PartialNote(summaries.Count, phases.Count)}");
            return ExitCodes.Cancelled;
        }
        if (chartsCut)
        {
            stderr.WriteLine("sim: cancelled — every phase ran and its results are written; the charts were not all drawn.");
            return ExitCodes.Cancelled;
        }
        return ExitCodes.Success;
    }

    /// <summary>
    /// Writes --out: each phase's results.json and summary.md first, then removes what an earlier run wrote there and this
    /// one does not (<see cref="PhasesOutput"/>), then the charts — checking for cancellation before each — then summary.md
    /// with the charts, the report, and the folder's manifest. Returns true when a cancellation cut the charts short.
    /// </summary>
    private static bool WriteOutput(string folder, int phaseCount, RunIdentity identity, PhasesResult result, List<(ScenarioPhase Phase, StackSummary Summary)> summaries,
        List<IReadOnlyList<PhaseDifference>> changes, List<StackReplicationResult[]> allRuns, CapacityResult?[] capacity, ChartOptions chartOptions,
        TextWriter progress, TextWriter notes, CancellationToken cancellationToken)
    {
        bool partial = summaries.Count < phaseCount;
        List<(string File, string Caption)> planned = PlannedCharts(summaries, capacity, chartOptions);
        string[] results = [.. summaries.Select(s => s.Phase.Name + "/results.json")];
        var files = new PhasesOutput(folder, identity.Scenario, identity.Fingerprint,
            [.. results, .. planned.Select(c => c.File), "summary.md", "report.md", "report.html"]);
        for (int i = 0; i < summaries.Count; i++)
            files.WriteText(results[i], result.PhaseJson(i, identity.Scenario, identity.Fingerprint));
        string tables = (partial ? $"> {PartialNote(summaries.Count, phaseCount)}\n\n" : "") + Markdown(summaries, changes, capacity) + ErrorsMarkdown(summaries, allRuns);
        files.WriteText("summary.md", tables);
        files.Clear(new HashSet<string>([.. results, .. planned.Select(c => c.File), "summary.md", "report.md", "report.html"], StringComparer.Ordinal), notes: null);

        var report = new PhasesReport();
        ScenarioPhase first = summaries[0].Phase;
        report.AddHeading(1, $"Sim report — {first.Scenario.Name}");
        if (partial) report.AddParagraph(PartialNote(summaries.Count, phaseCount));
        if (first.Scenario.Description.Length > 0) report.AddParagraph(first.Scenario.Description);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        report.AddParagraph(ReportSummary.Stamp(now));
        ReportSummary.Add(report, [.. summaries.Select((x, i) => (x.Phase, x.Summary, (IReadOnlyList<StackReplicationResult>)allRuns[i]))], capacity);
        report.AddContents();
        report.AddHeading(2, "Results per phase");
        report.AddMarkdownTables(Markdown(summaries, changes, capacity));
        report.AddHeading(2, "Errors by kind");
        report.AddParagraph(ErrorsIntro);
        var clean = new List<string>();
        for (int i = 0; i < summaries.Count; i++)
        {
            if (ErrorKinds.Markdown(allRuns[i]) is not { } errors) { clean.Add(summaries[i].Phase.Name); continue; }
            report.AddHeading(3, summaries[i].Phase.Name);
            report.AddMarkdownTables(errors);
        }
        if (clean.Count > 0) report.AddParagraph(ErrorKinds.NoneIn(clean, summaries.Count));
        if (summaries.Any(x => x.Phase.Scenario.TaskQueue is not null))
        {
            report.AddHeading(2, "Celery and its broker");
            report.AddParagraph("Tasks published and done per second, the broker's queue (tasks waiting for a Celery worker), the wait and the "
                + "publish-to-done latency, mean ± 95 % half-width per phase. A backlog that grows over the window makes the run unstable "
                + "(docs/components/celery.md).");
            report.AddMarkdownTables(CeleryMarkdown(summaries));
        }
        bool cut;
        string charts;
        if (cancellationToken.IsCancellationRequested)
        {
            // Cancelled before the chart stage (phases or capacity cut short): draw nothing more.
            (charts, cut) = (CutNote(report, new StringBuilder()), true);
        }
        else
        {
            if (!CliProgress.IsTerminal(notes)) progress.WriteLine($"drawing the charts ({planned.Count} files{(chartOptions.Scaling ? " and a scaling study" : "")}) …");
            (charts, cut) = CliProgress.Run(notes, $"charts: {planned.Count} files", planned.Count + (chartOptions.Scaling ? 1 : 0),
                step => WriteCharts(files, summaries, allRuns, capacity, chartOptions, report, progress, step, cancellationToken));
        }
        files.WriteText("summary.md", tables + charts);
        report.AddHeading(2, "Model assumptions");
        report.AddList(PhasesReport.Assumptions(first.Scenario));
        report.AddList(summaries.Skip(first.Name == "baseline" ? 1 : 0).Select(x => x.Phase.Changes.Count == 0
            ? $"{x.Phase.Name}: {x.Phase.Description}"
            : $"{x.Phase.Name}: {x.Phase.Description} Changes: {string.Join(", ", x.Phase.Changes.Select(c => $"{c.Key} = {c.Value}"))}.").ToList());
        ReportSummary.AddRecord(report, identity.Record, first.Scenario, [.. summaries.Select(x => x.Phase)], now);
        report.Write(folder);
        files.Wrote("report.md");
        files.Wrote("report.html");
        files.Clear(files.Written, notes);
        files.Save();
        return cut;
    }

    /// <summary>The note where the chart stage stopped, in the report and in summary.md's chart section.</summary>
    private static string CutNote(PhasesReport report, StringBuilder sb)
    {
        const string note = "The run was cancelled: the charts were not drawn from this point on (run again without interrupting to get them).";
        report.AddParagraph(note);
        return sb.AppendLine(note).AppendLine().ToString();
    }

    /// <summary>The chart files WriteCharts draws for these results (relative paths, '/'-separated), in order, with their captions.</summary>
    private static List<(string File, string Caption)> PlannedCharts(List<(ScenarioPhase Phase, StackSummary Summary)> summaries, CapacityResult?[] capacity,
        ChartOptions options)
    {
        string ext = "." + options.ImageFormat;
        var charts = new List<(string, string)>();
        if (summaries.Count > 1)
        {
            charts.Add(("latency-comparison" + ext, "Latency by phase"));
            charts.Add(("db-connections" + ext, "Database connections by phase"));
            charts.Add(("cache-hit-ratio" + ext, "Cache hit ratio by phase"));
            charts.Add(("resources" + ext, "System resources by phase"));
        }
        if (capacity.Length > 0 && capacity.All(c => c is not null)) charts.Add(("capacity-growth" + ext, $"Capacity growth path under the SLO ({CapacityCommand.SloText(summaries[0].Phase.Scenario.Slo)})"));
        foreach (var (phase, _) in summaries)
        {
            charts.Add(($"{phase.Name}/architecture{ext}", $"{phase.Name}: the stack, with the simulated flows"));
            charts.Add(($"{phase.Name}/dashboard{ext}", $"{phase.Name}: backend performance dashboard"));
            charts.Add(($"{phase.Name}/latency-distribution{ext}", $"{phase.Name}: response-time distribution"));
            charts.Add(($"{phase.Name}/worker-utilization{ext}", $"{phase.Name}: worker utilization and backlog"));
            charts.Add(($"{phase.Name}/latency-breakdown{ext}", $"{phase.Name}: where a request's time goes"));
        }
        if (options.Scaling) charts.Add(("scaling" + ext, $"Scaling strategy: throughput and the users held under the SLO vs servers and workers ({summaries[^1].Phase.Name})"));
        return charts;
    }

    /// <summary>
    /// Writes the charts (PNG or SVG, atomically; <see cref="PlannedCharts"/> names them), adds them to <paramref name="report"/>,
    /// and returns the Markdown that shows them in summary.md. The files are drawn side by side (each chart is independent; the
    /// scaling study's short runs start first, beside them); the report and the Markdown are then put together in order, so
    /// they are the same as drawing one chart after another. The token is checked before each chart (and the scaling study
    /// watches it): a cancellation stops the stage at the first chart not drawn, and the Markdown and the report say where.
    /// </summary>
    private static (string Markdown, bool Cut) WriteCharts(PhasesOutput files, List<(ScenarioPhase Phase, StackSummary Summary)> summaries, List<StackReplicationResult[]> runs,
        CapacityResult?[] capacity, ChartOptions options, PhasesReport report, TextWriter progress, Action step, CancellationToken cancellationToken)
    {
        var sb = new StringBuilder().AppendLine().AppendLine("## Charts").AppendLine();
        var phases = summaries.Select(s => (s.Phase.Name, s.Summary)).ToList();
        var planned = PlannedCharts(summaries, capacity, options).ToDictionary(c => c.File, c => c.Caption);
        string ext = "." + options.ImageFormat;
        // What to draw (jobs, run side by side) and what to write to the report and the Markdown (text, replayed in order once
        // the jobs are done; a chart's entry stops the replay when its file was not drawn).
        var jobs = new List<Action>();
        var text = new List<Action>();
        var drawn = new List<bool>();
        void Save(string relative, Func<ScottPlot.Plot> plot) => Draw(relative, path =>
        {
            if (options.ImageFormat == "svg") Charts.ChartExport.SaveSvg(plot(), path);
            else Charts.ChartExport.SavePng(plot(), path);
        });
        void SaveGrid(string relative, Func<Charts.ChartGrid> grid) => Draw(relative, path =>
        {
            if (options.ImageFormat == "svg") Charts.ChartExport.SaveSvg(grid(), path);
            else Charts.ChartExport.SavePng(grid(), path);
        });
        Action Job(string relative, Action<string> save)
        {
            int index = drawn.Count;
            drawn.Add(false);
            text.Add(() =>
            {
                if (!drawn[index]) throw new OperationCanceledException(cancellationToken);
                files.Wrote(relative);
                string caption = planned[relative];
                sb.Append("![").Append(MarkdownText.Escape(caption)).Append("](").Append(MarkdownText.LinkPath(relative)).AppendLine(")").AppendLine();
                report.AddChart(caption, relative);
            });
            return () =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                save(files.PathOf(relative));
                drawn[index] = true;
                step();
            };
        }
        void Draw(string relative, Action<string> save) => jobs.Add(Job(relative, save));

        if (phases.Count > 1)
        {
            text.Add(() => report.AddHeading(2, "Phases compared"));
            Save("latency-comparison" + ext, () => Charts.StackCharts.LatencyComparison(phases, summaries[0].Phase.Scenario.Slo));
            Save("db-connections" + ext, () => Charts.StackCharts.DbConnections(phases));
            Save("cache-hit-ratio" + ext, () => Charts.StackCharts.CacheHitRatio(phases));
            Save("resources" + ext, () => Charts.StackCharts.Resources([.. summaries.Select(s => (s.Phase.Name, s.Summary, s.Phase.Scenario))]));
        }
        if (capacity.Length > 0 && capacity.All(c => c is not null))
        {
            string slo = CapacityCommand.SloText(summaries[0].Phase.Scenario.Slo);
            text.Add(() =>
            {
                report.AddHeading(2, $"Capacity growth path under the SLO ({slo})");
                report.AddParagraph($"The largest load each phase holds with {slo}, found by a quick search (at most 2 replications × 200 s per load tried; "
                    + "'sim capacity' runs the full one). Each capacity in the table above carries its approximate 95 % interval (the whisker in the chart); "
                    + "the first load that violated the SLO is in each phase's results.json (capacityUnderSlo.firstViolation).");
            });
            Save("capacity-growth" + ext, () => Charts.StackCharts.CapacityGrowth(summaries.Select((s, i) => (s.Phase.Name, capacity[i]!)).ToArray(), slo, [.. summaries.Select(s => s.Phase.Reference)]));
        }
        // One latency axis for every phase's distribution, so the phases compare by eye (log when any tail is long or the phases differ widely).
        Charts.LatencyScale? latencyScale = Charts.LatencyScale.Shared(runs, options.LogLatency);
        for (int i = 0; i < summaries.Count; i++)
        {
            ScenarioPhase phase = summaries[i].Phase;
            string name = phase.Name;
            StackReplicationResult[] phaseRuns = runs[i];
            StackSummary summary = summaries[i].Summary;
            text.Add(() =>
            {
                sb.Append("### ").AppendLine(MarkdownText.Escape(name)).AppendLine();
                report.AddHeading(2, $"Phase: {name}");
                if (phase.Description.Length > 0) report.AddParagraph(phase.Description);
            });
            Save($"{name}/architecture{ext}", () => Charts.StackCharts.Architecture(name, phase.Scenario, summary));
            SaveGrid($"{name}/dashboard{ext}", () => Charts.StackCharts.Dashboard(name, phaseRuns, phase.Scenario));
            Save($"{name}/latency-distribution{ext}", () => latencyScale is null
                ? Charts.StackCharts.LatencyDistribution(name, phaseRuns, options.LogLatency ? Charts.LatencyAxis.Log : Charts.LatencyAxis.Auto)
                : Charts.StackCharts.LatencyDistribution(name, phaseRuns, latencyScale));
            Save($"{name}/worker-utilization{ext}", () => Charts.StackCharts.WorkerUtilization(name, phaseRuns));
            Save($"{name}/latency-breakdown{ext}", () => Charts.StackCharts.LatencyBreakdown(name, phaseRuns));
        }
        if (options.Scaling)
        {
            ScenarioPhase last = summaries[^1].Phase;
            ScalingStrategy? scaling = null;
            bool studied = false;
            Action chart = Job("scaling" + ext, path =>
            {
                Charts.ChartGrid grid = Charts.StackCharts.ScalingStrategy($"Scaling strategy — {last.Name}", [scaling!.Servers, scaling.Workers], last.Scenario,
                    capacity.Length > 0 ? capacity[^1] : null);
                if (options.ImageFormat == "svg") Charts.ChartExport.SaveSvg(grid, path);
                else Charts.ChartExport.SavePng(grid, path);
            });
            // The study first: it is the longest job, and its chart waits for it.
            jobs.Insert(0, () =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress.WriteLine($"scaling study of {last.Name}: servers 1–4 and workers 1–8, short runs …");
                scaling = ScalingStrategy.Study(last.Scenario, cancellationToken);
                studied = true;
                step();
                if (scaling is not null) chart();
            });
            Action chartText = text[^1];
            text[^1] = () =>
            {
                if (!studied) throw new OperationCanceledException(cancellationToken);
                sb.Append("### Scaling strategy (").Append(MarkdownText.Escape(last.Name)).AppendLine(")").AppendLine();
                report.AddHeading(2, $"Scaling strategy: {last.Name}");
                if (scaling is null)
                {
                    const string none = "No scaling study: the phase offers no load (an open load whose rate is 0 throughout), so there is no throughput to scale.";
                    sb.AppendLine(none).AppendLine();
                    report.AddParagraph(none);
                    return;
                }
                var (servers, workers) = (scaling.Servers, scaling.Workers);
                report.AddParagraph($"Short runs ({scaling.Run.DurationSeconds:G4} s after {scaling.Run.WarmupSeconds:G4} s warm-up, {scaling.Run.Replications} replications per point) "
                    + $"at a load that saturates one server. {servers.Description} {workers.Description} Servers: {servers.FitNote} Workers: {workers.FitNote}");
                chartText();
            };
        }

        Exception? failure = null;
        int next = -1;
        int workersCount = Math.Max(1, Math.Min(Environment.ProcessorCount, jobs.Count));
        var threads = new Thread[workersCount - 1];
        void Work()
        {
            for (int k = Interlocked.Increment(ref next); k < jobs.Count; k = Interlocked.Increment(ref next))
            {
                try
                {
                    jobs[k]();
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return; // the replay stops at the first chart not drawn
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                    Interlocked.Exchange(ref next, jobs.Count); // start no more
                    return;
                }
            }
        }
        for (int t = 0; t < threads.Length; t++) (threads[t] = new Thread(Work) { IsBackground = true }).Start();
        Work();
        foreach (Thread t in threads) t.Join();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        try
        {
            foreach (Action write in text) write();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (CutNote(report, sb), true);
        }
        return (sb.ToString(), false);
    }

    private static string ChangeCell(PhaseDifference d) =>
        double.IsNaN(d.Difference) ? "—" : $"{(d.Difference >= 0 ? "+" : "")}{CliFormat.Number(d.Difference)} ± {CliFormat.Number(d.PairedCi95)}";

    private static string Cell(MetricSummary m) => StackMetrics.FormatCell(m.Mean, m.Ci95);


    // The capacity with its own interval, as `sim capacity` prints it. The search's first violation is not
    // shown beside it: "402 ± 18.5 users (< 406)" read as a contradiction (the interval reaching past a load
    // said to fail), and that verdict is itself an estimate; it stays in the JSON as firstViolation.
    private static string CapacityCell(CapacityResult? c) => c is null ? "—" : CapacityCommand.Cell(c);

    /// <summary>"Capacity under the SLO (p95 ≤ 500 ms and errors ≤ 0.10 %)": the row label of summary.md and the report.</summary>
    private static string CapacityLabel(List<(ScenarioPhase Phase, StackSummary Summary)> summaries) =>
        $"Capacity under the SLO ({CapacityCommand.SloText(summaries[0].Phase.Scenario.Slo)})";

    /// <summary>The key metrics of the first console table (with the capacity) and of the second (where the load goes).</summary>
    private static readonly string[] LatencyMetrics = ["throughputPerSecond", "latencyMs.p50", "latencyMs.p95", "latencyMs.p99", "errorRate"];

    private static readonly string[] ResourceMetrics = ["workerUtilization", "cpuUtilization", "queueLengthMean", "dbConnectionsCreatedPerSecond", "dbConnectionReusePercent", "cacheHitRatio"];

    /// <summary>
    /// The console tables: one row per phase, the key metrics (throughput, latency, errors, capacity under the SLO; then the
    /// resources) in tables as wide as the console, split further when it is narrow; every other metric with
    /// <paramref name="wide"/>, else a line naming them. Then the changes from phase to phase, likewise.
    /// </summary>
    private static void PrintTables(IAnsiConsole console, List<(ScenarioPhase Phase, StackSummary Summary)> summaries, List<IReadOnlyList<PhaseDifference>> changes,
        CapacityResult?[] capacity, bool wide)
    {
        int width = console.Profile.Width;
        List<string> loads = [.. summaries.Select(s => CliFormat.Load(s.Phase.Scenario, s.Summary.WarmupSeconds))];
        bool sameLoad = loads.Distinct().Count() == 1;
        var keys = new List<CliColumn> { new("phase", [.. summaries.Select(s => s.Phase.Name)], RightAligned: false) };
        if (!sameLoad) keys.Add(new("load", loads, RightAligned: false));
        CliColumn Column(string name)
        {
            StackMetric m = StackMetrics.Get(name);
            return new(CliFormat.ColumnHeader(m), [.. summaries.Select(s => CliFormat.TableCell(s.Summary[name]))]);
        }
        string at = sameLoad ? $" at {loads[0]}" : "";
        CliConsole.Line(console, $"{summaries[0].Phase.Scenario.Name}: {summaries.Count} phase(s){at}; mean ± 95 % CI of {summaries[0].Summary.Replications} replications each.");
        var first = new List<CliColumn>(LatencyMetrics.Select(Column));
        bool withCapacity = capacity.Any(c => c is not null);
        if (withCapacity) first.Add(CapacityCommand.Column(capacity, summaries[0].Phase.Scenario.Slo));
        var groups = new List<FitTables.Group>
        {
            new(withCapacity ? "Throughput, latency and capacity under the SLO" : "Throughput and latency", first),
            new("Resources", [.. ResourceMetrics.Select(Column)]),
        };
        List<StackMetric> rest = [.. StackMetrics.All.Where(m => !LatencyMetrics.Contains(m.Name) && !ResourceMetrics.Contains(m.Name))];
        if (wide) groups.Add(new("Every other metric", [.. rest.Select(m => Column(m.Name))]));
        foreach (Table table in FitTables.Build(keys, groups, width)) console.Write(table);
        CliConsole.Line(console, CliFormat.IntervalNote);
        if (!wide) CliConsole.Line(console, $"--wide shows {rest.Count} more metrics: {string.Join("; ", rest.Select(m => m.Label))}.");
        if (summaries.Count > 1)
        {
            var changeKeys = new List<CliColumn> { new("phase", [.. summaries.Skip(1).Select(s => s.Phase.Name)], RightAligned: false) };
            var changeColumns = new List<CliColumn>();
            for (int m = 0; m < StackMetrics.Compared.Count; m++)
            {
                StackMetric metric = StackMetrics.Compared[m];
                double k = CliFormat.TableScale(metric);
                string header = metric.Unit == "fraction" ? CliFormat.ColumnHeader(metric).Replace("%", "pp", StringComparison.Ordinal) : CliFormat.ColumnHeader(metric);
                changeColumns.Add(new(header, [.. Enumerable.Range(1, summaries.Count - 1).Select(i =>
                    changes[i].Count > m ? CliFormat.TableChange(changes[i][m].Difference * k, changes[i][m].PairedCi95 * k) : "—")]));
            }
            console.WriteLine();
            foreach (Table table in FitTables.Build(changeKeys, [new("Change from the previous phase (paired, 95 % CI)", changeColumns)], width))
                console.Write(table);
            CliConsole.Line(console, "pp: percentage points.");
        }
    }

    private const string ErrorsIntro = "Failed requests by kind in each phase's observation window, per second and as a share of the window's arrivals "
        + "(mean ± 95 % CI across replications); only the kinds that occurred. The kinds of failed requests add up to the error rate when every "
        + "request of the window finished; cacheConnections counts cache operations that went on without a connection, not failed requests.";

    /// <summary>summary.md's "Errors by kind": a table (<see cref="ErrorKinds.Markdown"/>) per phase in which something failed, then one line for the rest.</summary>
    private static string ErrorsMarkdown(List<(ScenarioPhase Phase, StackSummary Summary)> summaries, List<StackReplicationResult[]> runs)
    {
        var sb = new StringBuilder().AppendLine().AppendLine("## Errors by kind").AppendLine().AppendLine(ErrorsIntro);
        var clean = new List<string>();
        for (int i = 0; i < summaries.Count; i++)
        {
            if (ErrorKinds.Markdown(runs[i]) is not { } errors) { clean.Add(summaries[i].Phase.Name); continue; }
            sb.AppendLine().Append("### ").AppendLine(MarkdownText.Escape(summaries[i].Phase.Name)).AppendLine();
            sb.Append(errors);
        }
        if (clean.Count > 0) sb.AppendLine().AppendLine(MarkdownText.Escape(ErrorKinds.NoneIn(clean, summaries.Count)));
        return sb.ToString();
    }

    /// <summary>The Celery table of the report: one row per phase with a task queue.</summary>
    private static string CeleryMarkdown(List<(ScenarioPhase Phase, StackSummary Summary)> summaries)
    {
        var sb = new StringBuilder("| phase | published/s | done/s | queue (mean) | queue (max) | wait p95 ms | latency p95 ms | backlog growth/s | verdict |\n");
        sb.Append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var (phase, summary) in summaries)
        {
            if (phase.Scenario.TaskQueue is null) continue;
            string Cell(string metric) => StackMetrics.FormatCell(summary[metric].Mean, summary[metric].Ci95);
            string verdict = summary.TaskBacklogGrows ? "unstable: backlog grows" : "stable";
            sb.Append("| ").Append(MarkdownText.Escape(phase.Name)).Append(" | ").Append(Cell("tasksPublishedPerSecond")).Append(" | ").Append(Cell("tasksPerSecond"))
              .Append(" | ").Append(Cell("taskQueueLengthMean")).Append(" | ").Append(Cell("taskQueueLengthMax")).Append(" | ").Append(Cell("taskWaitMs.p95"))
              .Append(" | ").Append(Cell("taskLatencyMs.p95")).Append(" | ").Append(Cell("taskBacklogGrowthPerSecond")).Append(" | ").Append(verdict).Append(" |\n");
        }
        return sb.ToString();
    }

    private static string Markdown(List<(ScenarioPhase Phase, StackSummary Summary)> summaries, List<IReadOnlyList<PhaseDifference>> changes, CapacityResult?[] capacity)
    {
        var sb = new StringBuilder();
        sb.Append("| metric (mean ± 95 % CI) |");
        foreach (var (phase, _) in summaries) sb.Append(' ').Append(MarkdownText.Escape(phase.Name)).Append(" |");
        sb.AppendLine().Append("| --- |");
        foreach (var _ in summaries) sb.Append(" ---: |");
        sb.AppendLine().Append("| Users |");
        foreach (var (phase, _) in summaries)
            sb.Append(' ').Append(phase.Scenario.Load.Closed?.Users.ToString(CultureInfo.InvariantCulture)
                ?? (phase.Scenario.Load.Populations is { } pops ? $"{pops.Count} populations" : "open")).Append(" |");
        sb.AppendLine();
        foreach (string name in StackMetrics.Headline.Select(m => m.Name))
        {
            sb.Append("| ").Append(summaries[0].Summary[name].Label).Append(" |");
            foreach (var (_, summary) in summaries) sb.Append(' ').Append(Cell(summary[name])).Append(" |");
            sb.AppendLine();
        }
        if (capacity.Any(c => c is not null))
        {
            sb.Append("| ").Append(CapacityLabel(summaries)).Append(" |");
            foreach (CapacityResult? c in capacity) sb.Append(' ').Append(CapacityCell(c)).Append(" |");
            sb.AppendLine();
        }
        sb.AppendLine().AppendLine(CliFormat.IntervalNote);
        if (summaries.Count > 1)
        {
            sb.AppendLine().AppendLine("Change from the previous phase (paired by replication, 95 % CI):").AppendLine();
            sb.Append("| metric |");
            for (int i = 1; i < summaries.Count; i++) sb.Append(' ').Append(MarkdownText.Escape(summaries[i].Phase.Name)).Append(" |");
            sb.AppendLine().Append("| --- |");
            for (int i = 1; i < summaries.Count; i++) sb.Append(" ---: |");
            sb.AppendLine();
            for (int m = 0; m < StackMetrics.Compared.Count; m++)
            {
                sb.Append("| ").Append(StackMetrics.Compared[m].Label).Append(" |");
                for (int i = 1; i < summaries.Count; i++) sb.Append(' ').Append(changes[i].Count > m ? ChangeCell(changes[i][m]) : "—").Append(" |");
                sb.AppendLine();
            }
        }
        return sb.ToString();
    }

    private static string PartialNote(int finished, int total) =>
        $"partial result: cancelled after {finished} of {total} phase(s); the phases shown finished every replication, the rest did not run.";
}
