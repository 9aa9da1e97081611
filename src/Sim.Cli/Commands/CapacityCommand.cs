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
            var reasons = CapacityFloor.Explain(phases, [.. found], cancellationToken);
            if (parse.GetValue(format) == "markdown") stdout.Write(Markdown(rows, sloText, reasons));
            else Print(rows, used, reasons, stdout);
            if (parse.GetValue(output) is { } dir)
            {
                Sim.Io.AtomicFile.WriteAllText(Path.Combine(dir.FullName, "capacity.md"), Markdown(rows, sloText, reasons) + "\n![Capacity growth path](capacity-growth.png)\n");
                Charts.ChartExport.SavePng(Charts.StackCharts.CapacityGrowth(rows.Select(r => (r.Phase.Name, r.Result)).ToArray(), sloText, [.. rows.Select(r => r.Phase.Reference)]),
                    Path.Combine(dir.FullName, "capacity-growth.png"));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// A capacity's unit: "users", "req/s", or with several populations "× the scenario's populations (browsers 400 users, api
    /// 20/s at 1×)" — the capacity is then the common factor on all of them.
    /// </summary>
    internal static string Unit(CapacityResult r) =>
        r.Load == "users" ? "users" : r.Load == "factor" ? $"× the scenario's populations ({r.Populations} at 1×)" : "req/s";

    /// <summary>A unit short enough for a column header: "users", "req/s" or "× populations".</summary>
    internal static string ShortUnit(CapacityResult? r) => r?.Load switch { "rate" => "req/s", "factor" => "× populations", _ => "users" };

    /// <summary>With several populations, the load a capacity factor means: "492 users + 24.6 req/s" (the closed populations' users, the open ones' mean rates); "" otherwise.</summary>
    internal static string Offered(CapacityResult r)
    {
        if (r.Load != "factor" || r.Capacity <= 0) return "";
        var parts = new List<string>();
        if (r.OfferedUsersAtCapacity > 0) parts.Add(r.OfferedUsersAtCapacity.ToString("N0", CultureInfo.InvariantCulture) + " users");
        if (r.OfferedRateAtCapacity > 0) parts.Add(CliFormat.Number(r.OfferedRateAtCapacity) + " req/s");
        return string.Join(" + ", parts);
    }

    /// <summary>
    /// A capacity with its unit and, where known, its 95 % half-width: "406 ± 4 users", "≥ 8000 users", "none"; with several
    /// populations "1.23 ± 0.02 × the scenario's populations (browsers 400 users, api 20/s at 1×) = 492 users + 24.6 req/s".
    /// </summary>
    internal static string Cell(CapacityResult r)
    {
        string unit = Unit(r);
        if (r.Capacity <= 0) return "none";
        if (r.Load == "factor" && Offered(r) is { Length: > 0 } offered) unit += " = " + offered;
        if (double.IsPositiveInfinity(r.FirstViolation)) return $"≥ {CliFormat.Number(r.Capacity)} {unit}";
        return double.IsFinite(r.CapacityCi95)
            ? $"{CliFormat.Number(r.Capacity)} ± {CliFormat.Number(r.CapacityCi95)} {unit}"
            : $"{CliFormat.Number(r.Capacity)} {unit}";
    }

    /// <summary>The first load that violated the SLO: a number, or "none found" when every load tried (up to the search's ceiling) met it.</summary>
    internal static string FirstViolationCell(CapacityResult r) =>
        double.IsPositiveInfinity(r.FirstViolation) ? "none found" : CliFormat.Number(r.FirstViolation);

    /// <summary>A capacity without its unit, for a column whose header names it: "1,308 ± 12", "≥ 8,000", "none", "—" when not searched.</summary>
    internal static string TableCell(CapacityResult? r)
    {
        if (r is null) return "—";
        if (r.Capacity <= 0) return "none";
        if (double.IsPositiveInfinity(r.FirstViolation)) return $"≥ {CliFormat.TableNumber(r.Capacity)}";
        return CliFormat.TableCell(r.Capacity, double.IsFinite(r.CapacityCi95) ? r.CapacityCi95 : 0);
    }

    /// <summary>The SLO's clauses as header lines: "p95 ≤ 500 ms" (with "without static" and a line per class clause when set) and "errors ≤ 0.10 %".</summary>
    internal static (string Latency, string Errors) SloClauses(SloSpec slo) => (
        string.Create(CultureInfo.InvariantCulture, $"{LatencyObjective.QuantileName(slo.LatencyQuantile)}{SloClassText.Without(slo)} ≤ {slo.LatencyLimitSeconds * 1000:G4} ms")
            + string.Concat(SloClassText.Clauses(slo).Select(c => "\n" + c)),
        string.Create(CultureInfo.InvariantCulture, $"errors ≤ {slo.MaxErrorRate:P2}"));

    /// <summary>The capacity column of a table with a row per phase, its header naming the unit and the SLO.</summary>
    internal static CliColumn Column(IReadOnlyList<CapacityResult?> capacity, SloSpec slo)
    {
        string unit = ShortUnit(capacity.FirstOrDefault(c => c is not null));
        var (latency, errors) = SloClauses(slo);
        return new CliColumn($"capacity ({unit})\nunder the SLO\n{latency}\n{errors}", [.. capacity.Select(TableCell)]);
    }

    private static void Print(List<(ScenarioPhase Phase, CapacityResult Result)> rows, SloSpec slo, IReadOnlyList<(string Phase, string Reason)> reasons, TextWriter stdout)
    {
        IAnsiConsole console = CliConsole.Create(stdout);
        var (latency, _) = SloClauses(slo);
        string quantile = LatencyObjective.QuantileName(slo.LatencyQuantile);
        var keys = new List<CliColumn> { new("phase", [.. rows.Select(r => r.Phase.Name)], RightAligned: false) };
        var columns = new List<CliColumn>
        {
            Column([.. rows.Select(r => r.Result)], slo),
            new("first load\nthat failed", [.. rows.Select(r => double.IsPositiveInfinity(r.Result.FirstViolation) ? "none found" : CliFormat.TableNumber(r.Result.FirstViolation))]),
            new("req/s at\ncapacity", [.. rows.Select(r => r.Result.Capacity > 0 ? CliFormat.TableNumber(r.Result.ThroughputAtCapacity) : "—")]),
            new($"{quantile} ms at\ncapacity", [.. rows.Select(r => CliFormat.TableCell(r.Result.LatencyAtCapacity * 1000, r.Result.LatencyCi95AtCapacity * 1000))]),
        };
        if (SloClassText.Any(slo)) columns.Add(new("binding\nclause", [.. rows.Select(r => r.Result.Capacity > 0 || r.Result.BindingClause.Length > 0 ? r.Result.BindingClause : "—")]));
        foreach (Table table in FitTables.Build(keys, [new FitTables.Group($"Capacity under the SLO ({SloText(slo)})", columns)], console.Profile.Width))
            console.Write(table);
        foreach (var (phase, reason) in reasons) CliConsole.Line(console, $"{phase}: no capacity under the SLO — {reason}");
        // Several populations: the factor's unit in full and the load it means, per phase.
        foreach (var (phase, r) in rows)
            if (r.Load == "factor") CliConsole.Line(console, $"{phase.Name}: capacity {Cell(r)}");
        if (SloClassText.Any(slo))
            foreach (var (phase, r) in rows)
                if (SloClassText.AtCapacity(r) is { Length: > 0 } clauses) CliConsole.Line(console, $"{phase.Name} at capacity: {clauses}");
    }

    private static string Markdown(List<(ScenarioPhase Phase, CapacityResult Result)> rows, string slo, IReadOnlyList<(string Phase, string Reason)> reasons)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Capacity under the SLO: {slo}").AppendLine();
        bool classes = rows.Count > 0 && SloClassText.Any(rows[0].Phase.Scenario.Slo);
        sb.AppendLine("| phase | capacity | first violation | throughput (req/s) | latency at capacity (ms) |" + (classes ? " binding clause |" : ""));
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: |" + (classes ? " --- |" : ""));
        foreach (var (phase, r) in rows)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {MarkdownText.Escape(phase.Name)} | {Cell(r)} | {FirstViolationCell(r)} | {r.ThroughputAtCapacity:F1} | {(double.IsNaN(r.LatencyAtCapacity) ? "—" : $"{r.LatencyAtCapacity * 1000:F0} ± {r.LatencyCi95AtCapacity * 1000:F0}")} |")
                + (classes ? $" {(r.BindingClause.Length > 0 ? MarkdownText.Escape(r.BindingClause) : "—")} |" : ""));
        if (reasons.Count > 0 || classes) sb.AppendLine();
        foreach (var (phase, reason) in reasons) sb.AppendLine(CultureInfo.InvariantCulture, $"- {MarkdownText.Escape(phase)}: no capacity under the SLO — {MarkdownText.Escape(reason)}");
        if (classes)
            foreach (var (phase, r) in rows)
                if (SloClassText.AtCapacity(r) is { Length: > 0 } clauses) sb.AppendLine(CultureInfo.InvariantCulture, $"- {MarkdownText.Escape(phase.Name)} at capacity: {MarkdownText.Escape(clauses)}");
        return sb.ToString();
    }

    /// <summary>An SLO in words for titles and tables, e.g. "p95 ≤ 500 ms and errors ≤ 0.10 %".</summary>
    internal static string SloText(SloSpec slo) =>
        string.Create(CultureInfo.InvariantCulture, $"{LatencyObjective.QuantileName(slo.LatencyQuantile)}{SloClassText.Without(slo)} ≤ {slo.LatencyLimitSeconds * 1000:G4} ms{SloClassText.ClauseList(slo)} and errors ≤ {slo.MaxErrorRate:P2}");
}
