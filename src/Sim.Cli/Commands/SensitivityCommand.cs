using System.CommandLine;
using System.Globalization;
using System.Text;
using Sim.Experiments;
using Sim.Io;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Units;
using Spectre.Console;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>sim sensitivity [SCENARIO]</c>: each numeric parameter of a configuration (or the ones named) at ±delta, run with
/// common random numbers, its effect on p95 latency and throughput (and, with --capacity, on the capacity under the SLO),
/// as a table by effect size, sensitivity.json and a tornado chart. The study is Sim.Core's <see cref="SensitivityStudy"/>.
/// </summary>
internal static class SensitivityCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var scenario = new Argument<FileInfo?>("scenario") { Description = "Scenario JSON file; omitted: the built-in seed stack.", Arity = ArgumentArity.ZeroOrOne };
        var parameters = new Option<string[]>("--param") { Description = "Vary only this parameter: a dotted path as for --set, e.g. dbConnections.connectTime or cache.hitRatio. Repeatable; omitted: every numeric parameter the configuration sets (never run.* — run control —, the SLO, a load profile's times, a field that is 0, a count that rounds to itself)." };
        var delta = new Option<string>("--delta") { Description = "Relative change either side, in (0 %, 100 %): low = base × (1 − delta), high = base × (1 + delta); a count is rounded, a ratio clamped to [0, 1], a distribution scaled (its mean moves, its shape stays).", DefaultValueFactory = _ => "20%" };
        var phase = new Option<string>("--phase", "-p") { Description = "The configuration studied: 'baseline' or a phase name (the phases up to it applied).", DefaultValueFactory = _ => "baseline" };
        var set = new Option<string[]>("--set") { Description = "Override a field before phases apply: path=value. Repeatable." };
        var replications = new Option<int?>("--replications", "-n") { Description = $"Replications per configuration, ≥ 2 (default: the scenario's, at most {SensitivityOptions.DefaultReplications})." };
        var seed = new Option<ulong?>("--seed") { Description = "Shorthand for --set run.seed=S (every configuration runs with it: common random numbers)." };
        var duration = new Option<string?>("--duration", "-d") { Description = $"Observed simulated time per replication, e.g. 300s (default: the scenario's, at most {SensitivityOptions.DefaultDurationSeconds:0} s)." };
        var capacity = new Option<bool>("--capacity") { Description = "Also search the capacity under the SLO of the base and of every low and high configuration (a quick search each: slow)." };
        var list = new Option<bool>("--list") { Description = "Only list the parameters with their base, low and high values, and the fields skipped; run nothing." };
        var format = new Option<string>("--format", "-f") { Description = "Output: table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Folder for sensitivity.json and the tornado chart sensitivity.png (written atomically)." };
        var command = new Command("sensitivity", "Vary each numeric parameter by ±delta with common random numbers and rank them by their effect on p95 latency.")
        {
            scenario, parameters, delta, phase, set, replications, seed, duration, capacity, list, format, output,
        };
        command.SetAction(parse =>
        {
            var overrides = new List<string>(parse.GetValue(set) ?? []);
            if (parse.GetValue(seed) is { } sd) overrides.Add($"run.seed={sd.ToString(CultureInfo.InvariantCulture)}");
            double? seconds = null;
            if (parse.GetValue(duration) is { } d)
            {
                if (!Quantity.TryParseDuration(d, out double s, out string why) || s <= 0)
                    throw new UserInputException($"--duration: '{d}' is not allowed ({(why.Length > 0 ? why : "must be > 0")}); allowed: a duration > 0 with a unit, e.g. 300s.");
                seconds = s;
            }
            var options = new SensitivityOptions
            {
                Overrides = overrides,
                Phase = parse.GetValue(phase)!,
                Parameters = parse.GetValue(parameters) ?? [],
                Delta = ParseDelta(parse.GetValue(delta)!),
                Replications = parse.GetValue(replications),
                DurationSeconds = seconds,
                SearchCapacity = parse.GetValue(capacity),
            };
            FileInfo? file = parse.GetValue(scenario);
            string source = file?.FullName ?? BuiltInScenarios.SeedStackName + " (built-in)";
            string text = file is null ? BuiltInScenarios.SeedStack() : ScenarioInput.Read(file.FullName);
            // Loads through the same pipeline as the other commands first, so a bad scenario or --set reads the same.
            ScenarioInput.Load(file, overrides, [options.Phase], stderr);
            SensitivityPlan plan;
            try
            {
                plan = SensitivityStudy.Plan(text, source, options);
            }
            catch (ArgumentException ex)
            {
                throw new UserInputException(AsOption(FirstLine(ex.Message)));
            }
            if (parse.GetValue(list))
            {
                PrintPlan(plan, stdout);
                return ExitCodes.Success;
            }
            if (plan.Parameters.Count == 0) throw new UserInputException($"no parameter to vary in the {plan.Configuration} configuration: every numeric field is skipped (--list says why).");
            if (parse.GetValue(output) is { } outDir) OutputFolder.Prepare(outDir);
            string format1 = parse.GetValue(format)!;
            if (format1 == "table")
                stderr.WriteLine($"sensitivity of {plan.Scenario.Name} / {plan.Configuration}: {plan.Parameters.Count} parameters at ±{Percent(plan.Delta)}, "
                    + $"{plan.Runs} configurations × {plan.Scenario.Run.Replications} replications × {plan.Scenario.Run.DurationSeconds.ToString("G6", CultureInfo.InvariantCulture)} s"
                    + (options.SearchCapacity ? ", each with a capacity search" : "") + " …");
            SensitivityResult result = CliProgress.Run(stderr, $"sensitivity: {plan.Runs} configurations", plan.Runs * (options.SearchCapacity ? 2 : 1), step =>
                SensitivityStudy.Run(plan, new Reporter(step, CliProgress.IsTerminal(stderr) || format1 != "table" ? TextWriter.Null : stderr), cancellationToken));
            if (format1 == "json") stdout.WriteLine(result.ToJson());
            else Print(result, stdout);
            if (parse.GetValue(output) is { } dir)
            {
                AtomicFile.WriteAllText(Path.Combine(dir.FullName, "sensitivity.json"), result.ToJson() + "\n");
                Charts.ChartExport.SavePng(Charts.StackCharts.Sensitivity(result), Path.Combine(dir.FullName, "sensitivity.png"), 1200, ChartHeight(result));
                if (format1 == "table") stdout.WriteLine($"Wrote {dir.FullName}/sensitivity.json and sensitivity.png.");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Height of the tornado chart, pixels: room for each row shown.</summary>
    internal static int ChartHeight(SensitivityResult result) => 160 + 46 * Math.Min(result.Entries.Count, 15);

    private static string FirstLine(string message)
    {
        int cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut];
        cut = message.IndexOf('\n', StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).TrimEnd();
    }

    /// <summary>A message of <see cref="SensitivityStudy.Plan"/> in the words of the command line: "parameter 'x': …" → "--param 'x': …".</summary>
    private static string AsOption(string message) => message.StartsWith("parameter ", StringComparison.Ordinal)
        ? "--param " + message["parameter ".Length..]
        : "--" + message;

    /// <summary>Reads --delta: "20%" or a fraction such as 0.2; anything outside (0, 1) → a one-line message naming the value and the range.</summary>
    internal static double ParseDelta(string text)
    {
        string t = text.Trim();
        bool percent = t.EndsWith('%');
        if (double.TryParse(percent ? t[..^1] : t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
        {
            double fraction = percent ? v / 100 : v;
            if (fraction > 0 && fraction < 1) return fraction;
        }
        throw new UserInputException($"--delta: '{text}' is not allowed; allowed: a relative change in (0 %, 100 %), e.g. 20% or 0.2.");
    }

    private static string Percent(double fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    /// <summary>Progress: a bar step per run, and on a log one line per configuration with its p95 change.</summary>
    private sealed class Reporter(Action step, TextWriter lines) : IProgress<SensitivityProgress>
    {
        public void Report(SensitivityProgress value)
        {
            step();
            string what = value.Parameter.Length == 0 ? "base" : $"{value.Parameter} {value.Side}";
            string change = double.IsFinite(value.P95ChangeMs) ? $": p95 {(value.P95ChangeMs > 0 ? "+" : "")}{CliFormat.TableNumber(value.P95ChangeMs)} ms" : "";
            lines.WriteLine($"[{value.Completed}/{value.Total}] {what}{(value.Capacity ? " capacity" : "")}{change}");
        }
    }

    private static void PrintPlan(SensitivityPlan plan, TextWriter stdout)
    {
        IAnsiConsole console = CliConsole.Create(stdout);
        var keys = new List<CliColumn> { new("parameter", [.. plan.Parameters.Select(p => p.Path)], RightAligned: false) };
        var columns = new List<CliColumn>
        {
            new("base", [.. plan.Parameters.Select(p => p.Format(p.BaseValue))]),
            new($"low (−{Percent(plan.Delta)})", [.. plan.Parameters.Select(p => p.Format(p.LowValue))]),
            new($"high (+{Percent(plan.Delta)})", [.. plan.Parameters.Select(p => p.Format(p.HighValue))]),
        };
        foreach (Table table in FitTables.Build(keys, [new FitTables.Group($"Parameters of {plan.Scenario.Name} / {plan.Configuration} ({plan.Parameters.Count}, {plan.Runs} configurations)", columns)], console.Profile.Width))
            console.Write(table);
        foreach (SkippedParameter s in plan.Skipped) CliConsole.Line(console, $"skipped {s.Path}: {s.Reason}");
    }

    private static void Print(SensitivityResult result, TextWriter stdout)
    {
        IAnsiConsole console = CliConsole.Create(stdout);
        // A parameter the configuration never reads (gzip's cost with gzip off) leaves every run identical — common random
        // numbers make that exact —, so it gets a line, not a row.
        var unused = result.Entries.Where(e => e.Low.IdenticalToBase && e.High.IdenticalToBase).ToList();
        var entries = result.Entries.Except(unused).ToList();
        string pct = Percent(result.Plan.Delta);
        var keys = new List<CliColumn> { new("parameter", [.. entries.Select(e => e.Parameter.Path)], RightAligned: false) };
        string P95(SensitivitySide s) => CliFormat.TableChange(s.Difference("latencyMs.p95").Difference, s.Difference("latencyMs.p95").PairedCi95);
        string Thr(SensitivitySide s) => CliFormat.TableChange(s.Difference("throughputPerSecond").Difference, s.Difference("throughputPerSecond").PairedCi95);
        var columns = new List<CliColumn>
        {
            new("base", [.. entries.Select(e => e.Parameter.Format(e.Parameter.BaseValue))]),
            new("low / high", [.. entries.Select(e => $"{e.Parameter.Format(e.Low.Value)} / {e.Parameter.Format(e.High.Value)}".Replace("mean ", "", StringComparison.Ordinal))]),
            new("Δ p95 ms\nlow", [.. entries.Select(e => P95(e.Low))]),
            new("Δ p95 ms\nhigh", [.. entries.Select(e => P95(e.High))]),
            new("Δ req/s\nlow", [.. entries.Select(e => Thr(e.Low))]),
            new("Δ req/s\nhigh", [.. entries.Select(e => Thr(e.High))]),
        };
        if (result.BaseCapacity is { } bc)
            columns.Add(new($"capacity ({CapacityCommand.ShortUnit(bc)})\nlow / high", [.. entries.Select(e =>
                $"{CapacityCommand.TableCell(e.Low.Capacity)} / {CapacityCommand.TableCell(e.High.Capacity)}")]));
        MetricSummary p95 = result.Base["latencyMs.p95"], thr = result.Base["throughputPerSecond"];
        string title = $"Sensitivity of {result.Plan.Scenario.Name} / {result.Plan.Configuration} to ±{pct} (base: p95 {CliFormat.TableCell(p95.Mean, p95.Ci95)} ms, "
            + $"{CliFormat.TableCell(thr.Mean, thr.Ci95)} req/s{(result.BaseCapacity is { } c ? $", capacity {CapacityCommand.TableCell(c)}" : "")}; "
            + $"changes paired by replication, ± 95 % CI; largest p95 swing first)";
        foreach (Table table in FitTables.Build(keys, [new FitTables.Group(title, columns)], console.Profile.Width))
            console.Write(table);
        if (unused.Count > 0)
            CliConsole.Line(console, $"No effect at all (every run identical to the base): {string.Join(", ", unused.Select(e => e.Parameter.Path))}.");
        if (result.Plan.Skipped.Count > 0)
            CliConsole.Line(console, $"Not varied: {string.Join(", ", result.Plan.Skipped.Select(s => s.Path))} (--list says why).");
    }
}
