using System.CommandLine;
using System.Globalization;
using System.Text;
using Sim.Experiments;
using Sim.Scenarios;
using Sim.Stack;
using Spectre.Console;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>sim capacity [SCENARIO]</c>: for the baseline and every phase, the largest closed population
/// (or open rate) that meets the scenario's SLO — the capacity growth path.
/// </summary>
internal static class CapacityCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var scenario = new Argument<FileInfo?>("scenario") { Description = "Scenario JSON file; omitted: the built-in seed stack.", Arity = ArgumentArity.ZeroOrOne };
        var set = new Option<string[]>("--set") { Description = "Override a field before phases apply: path=value. Repeatable." };
        var slo = new Option<string?>("--slo") { Description = "Override the SLO, e.g. \"p95<=500ms,errors<=0.1%\"." };
        var only = new Option<string[]>("--phase", "-p") { Description = "Only these phases. Repeatable." };
        var replications = new Option<int?>("--replications", "-n") { Description = "Shorthand for --set run.replications=R." };
        var seed = new Option<ulong?>("--seed") { Description = "Shorthand for --set run.seed=S." };
        var duration = new Option<string?>("--duration", "-d") { Description = "Shorthand for --set run.duration=D, e.g. 300s." };
        var format = new Option<string>("--format", "-f") { Description = "Output: table or markdown.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "markdown");
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Folder for capacity.md and the capacity growth chart capacity-growth.png (written atomically)." };
        var command = new Command("capacity", "The largest load each phase holds within the SLO.") { scenario, set, slo, only, replications, seed, duration, format, output };
        command.SetAction(parse =>
        {
            var overrides = new List<string>(parse.GetValue(set) ?? []);
            if (parse.GetValue(replications) is { } r) overrides.Add($"run.replications={r.ToString(CultureInfo.InvariantCulture)}");
            if (parse.GetValue(seed) is { } sd) overrides.Add($"run.seed={sd.ToString(CultureInfo.InvariantCulture)}");
            if (parse.GetValue(duration) is { } d) overrides.Add($"run.duration={d}");
            if (parse.GetValue(slo) is { } text) overrides.AddRange(SloOption.Parse(text).WithOneLatencyClause("capacity").Overrides);
            List<ScenarioPhase> phases = ScenarioInput.Load(parse.GetValue(scenario), overrides, parse.GetValue(only) ?? [], stderr);
            if (parse.GetValue(output) is { } outDir) OutputFolder.Prepare(outDir);
            IReadOnlyList<CapacityResult> found = CliStudyProgress.Run(stderr,
                p => $"capacity search: {p.Total} phase(s)",
                (p, terminal) => p.Stage == StudyStage.CapacityStarting && !terminal ? [$"searching {p.Phase} …"] : [],
                progress => CapacityStudy.Run(phases, quick: false, progress, cancellationToken));
            var rows = phases.Zip(found, (phase, result) => (Phase: phase, Result: result)).ToList();
            SloSpec used = rows[0].Phase.Scenario.Slo;
            string sloText = SloText(used);
            // The result first, then the files (the summary before the chart): a write that fails loses nothing printed.
            if (parse.GetValue(format) == "markdown") stdout.Write(Markdown(rows, sloText));
            else Print(rows, sloText, stdout);
            if (parse.GetValue(output) is { } dir)
            {
                Sim.Io.AtomicFile.WriteAllText(Path.Combine(dir.FullName, "capacity.md"), Markdown(rows, sloText) + "\n![Capacity growth path](capacity-growth.png)\n");
                Charts.ChartExport.SavePng(Charts.StackCharts.CapacityGrowth(rows.Select(r => (r.Phase.Name, r.Result)).ToArray(), sloText),
                    Path.Combine(dir.FullName, "capacity-growth.png"));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>A capacity with its unit and, where known, its 95 % half-width: "406 ± 4 users", "≥ 8000 users", "none".</summary>
    internal static string Cell(CapacityResult r)
    {
        string unit = r.Load == "users" ? "users" : "req/s";
        if (r.Capacity <= 0) return "none";
        if (double.IsPositiveInfinity(r.FirstViolation)) return $"≥ {CliFormat.Number(r.Capacity)} {unit}";
        return double.IsFinite(r.CapacityCi95)
            ? $"{CliFormat.Number(r.Capacity)} ± {CliFormat.Number(r.CapacityCi95)} {unit}"
            : $"{CliFormat.Number(r.Capacity)} {unit}";
    }

    /// <summary>The first load that violated the SLO: a number, or "none found" when every load tried (up to the search's ceiling) met it.</summary>
    internal static string FirstViolationCell(CapacityResult r) =>
        double.IsPositiveInfinity(r.FirstViolation) ? "none found" : CliFormat.Number(r.FirstViolation);

    private static void Print(List<(ScenarioPhase Phase, CapacityResult Result)> rows, string slo, TextWriter stdout)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
        console.Profile.Width = Math.Max(console.Profile.Width, 120);
        var table = new Table().Border(TableBorder.Rounded).Title($"Capacity under the SLO: {slo}".EscapeMarkup());
        table.AddColumn("Phase");
        table.AddColumn(new TableColumn("Capacity").RightAligned());
        table.AddColumn(new TableColumn("First violation").RightAligned());
        table.AddColumn(new TableColumn("Throughput (req/s)").RightAligned());
        table.AddColumn(new TableColumn("Latency at capacity (ms)").RightAligned());
        foreach (var (phase, r) in rows)
        {
            table.AddRow(phase.Name.EscapeMarkup(), Cell(r).EscapeMarkup(), FirstViolationCell(r),
                r.ThroughputAtCapacity.ToString("F1", CultureInfo.InvariantCulture),
                double.IsNaN(r.LatencyAtCapacity) ? "—" : $"{r.LatencyAtCapacity * 1000:F0} ± {r.LatencyCi95AtCapacity * 1000:F0}");
        }
        console.Write(table);
    }

    private static string Markdown(List<(ScenarioPhase Phase, CapacityResult Result)> rows, string slo)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Capacity under the SLO: {slo}").AppendLine();
        sb.AppendLine("| phase | capacity | first violation | throughput (req/s) | latency at capacity (ms) |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (phase, r) in rows)
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {MarkdownText.Escape(phase.Name)} | {Cell(r)} | {FirstViolationCell(r)} | {r.ThroughputAtCapacity:F1} | {(double.IsNaN(r.LatencyAtCapacity) ? "—" : $"{r.LatencyAtCapacity * 1000:F0} ± {r.LatencyCi95AtCapacity * 1000:F0}")} |");
        return sb.ToString();
    }

    /// <summary>An SLO in words for titles and tables, e.g. "p95 ≤ 500 ms and errors ≤ 0.10 %".</summary>
    internal static string SloText(SloSpec slo) =>
        string.Create(CultureInfo.InvariantCulture, $"{LatencyObjective.QuantileName(slo.LatencyQuantile)} ≤ {slo.LatencyLimitSeconds * 1000:G4} ms and errors ≤ {slo.MaxErrorRate:P2}");
}
