using System.CommandLine;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Sim.Experiments;
using Sim.Io;
using Sim.Scenarios;
using Sim.Stack;
using Spectre.Console;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>sim sweep [SCENARIO] --param path=a..b[:step]…</c>: a grid over scenario fields, each point run in
/// replications like <c>sim run</c>, in parallel across cores; <c>--shard i/n</c> runs a deterministic slice and
/// <c>--out</c> keeps every finished point so a re-run (after Ctrl-C, say) skips it.
/// </summary>
internal static class SweepCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var options = new ConfigurationOptions();
        var param = new Option<string[]>("--param", "-P")
        {
            Description = "A swept field: path=a..b[:step] (step default 1; units allowed, e.g. 0s..600s:300s) or path=v1,v2,…; "
                + "aliases users, workers, servers. Repeatable: the grid is the product, first --param slowest.",
        };
        var shard = new Option<string?>("--shard") { Description = "Run only slice i of n (points with index mod n = i − 1), e.g. 2/4; join the outputs with 'sim merge'." };
        var threads = new Option<int?>("--threads") { Description = "Threads to use (default: all cores); results do not depend on it." };
        var format = new Option<string>("--format", "-f") { Description = "Output: table, json or csv.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Folder for sweep.json, sweep.csv and points/<index>.json (written atomically); a re-run skips the points already there." };
        var emit = new SweepEmit(); // --emit slurm|k8s --shards N --image: write scheduler jobs instead of running
        var command = new Command("sweep", "Run a grid over scenario fields, in parallel, resumable and shardable.");
        command.Options.Add(param);
        options.AddTo(command); // [SCENARIO] --phase --users --rate --set --replications --seed --duration, as in sim run
        foreach (Option option in new Option[] { shard, threads, format, output }) command.Options.Add(option);
        emit.AddTo(command);
        command.SetAction(parse =>
        {
            List<string> settings = options.Overrides(parse);

            var parameters = new List<SweepParameter>();
            foreach (string text in parse.GetValue(param) ?? [])
            {
                if (!SweepParameter.TryParse(text, out SweepParameter? p, out string error)) throw new UserInputException($"--param: {error}.");
                parameters.Add(p);
            }
            if (!SweepGrid.TryCreate(parameters, out SweepGrid? grid, out string gridError)) throw new UserInputException($"--param: {gridError}.");
            SweepShard slice = SweepShard.All;
            if (parse.GetValue(shard) is { } shardText && !SweepShard.TryParse(shardText, out slice, out string shardError))
                throw new UserInputException($"--shard: {shardError}.");
            int? threadCount = parse.GetValue(threads);
            if (threadCount is < 1) throw new UserInputException($"--threads: '{threadCount}' is not valid — expected a whole number ≥ 1 (default: all cores).");
            if (emit.Requested(parse))
                return emit.Write(parse, options, grid, parse.GetValue(param) ?? [], parse.GetValue(shard), threadCount,
                    parse.GetResult(format) is { Implicit: false } ? parse.GetValue(format) : null, parse.GetValue(output), stdout, stderr);

            var plan = SweepPlan.Prepare(parse.GetValue(options.Scenario), settings, parse.GetValue(options.Phase)!, grid, slice, parse.GetValue(output));
            ScenarioInput.WriteReplacedOverrides(plan.ReplacedOverrides, stderr);
            return Execute(plan, threadCount ?? -1, parse.GetValue(format)!, stdout, stderr, cancellationToken);
        });
        return command;
    }

    private static int Execute(SweepPlan plan, int threads, string format, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        int total = plan.Indices.Count, finished = plan.Done.Count;
        if (finished > 0) stderr.WriteLine($"{plan.Output!.FullName}: {finished} of {total} point(s) already done; running the other {total - finished}.");
        var gate = new Lock();
        SweepOutcome outcome;
        if (ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr), Interactive = InteractionSupport.Yes });
            outcome = console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    ProgressTask task = ctx.AddTask($"sweep {plan.Phase}: {total} point(s)", maxValue: total);
                    task.Increment(finished);
                    return Sweep.Run(plan.Grid, plan.ToRun, point =>
                    {
                        plan.Keep(point);
                        lock (gate) task.Increment(1);
                    }, threads, cancellationToken);
                });
        }
        else
        {
            outcome = Sweep.Run(plan.Grid, plan.ToRun, point =>
            {
                plan.Keep(point);
                lock (gate) stderr.WriteLine($"point {++finished}/{total} [#{point.Index} {Describe(point)}]: {Headline(point)}");
            }, threads, cancellationToken);
        }

        SweepResult result = plan.Result(outcome);
        string json = result.ToJson();
        // The result first, then the files: a write that fails (exit 4) loses nothing already printed.
        switch (format)
        {
            case "json": stdout.Write(json); break;
            case "csv": stdout.Write(result.ToCsv()); break;
            default: Print(result, stdout); break;
        }
        if (outcome.Cancelled)
        {
            string kept = plan.Output is { } o ? $"; they are in {o.FullName} (sweep.json marked partial) — re-run the same command to finish the rest" : "";
            stderr.WriteLine($"sim: cancelled — {result.Points.Count} of {total} point(s) finished{kept}.");
        }
        if (plan.Output is { } dir)
        {
            AtomicFile.WriteAllText(Path.Combine(dir.FullName, "sweep.json"), json);
            AtomicFile.WriteAllText(Path.Combine(dir.FullName, "sweep.csv"), result.ToCsv());
        }
        if (plan.WriteFailure is { } failure) ExceptionDispatchInfo.Throw(failure); // reported as a failed write, exit 4
        return outcome.Cancelled ? ExitCodes.Cancelled : ExitCodes.Success;
    }

    internal static string Describe(SweepPoint point) => string.Join(", ", point.Values.Select(kv => $"{kv.Key}={kv.Value}"));

    private static string Headline(SweepPoint point) =>
        $"{TableCell(point, StackMetrics.Get("throughputPerSecond"))} req/s, p95 {TableCell(point, StackMetrics.Get("latencyMs.p95"))} ms, errors {TableCell(point, StackMetrics.Get("errorRate"))} %";

    internal static void Print(SweepResult result, TextWriter stdout)
    {
        IAnsiConsole console = CliConsole.Create(stdout);
        string slice = result.Shard is { } s ? $", shard {s}" : "";
        CliConsole.Line(console, $"{result.Scenario} / {result.Phase}: {result.Points.Count} of {result.PointCount} point(s){slice}{(result.Partial ? " (partial)" : "")}; mean ± 95 % CI across replications");
        var keys = new List<CliColumn> { new("#", [.. result.Points.Select(p => p.Index.ToString(CultureInfo.InvariantCulture))]) };
        for (int i = 0; i < result.Parameters.Count; i++)
        {
            int at = i;
            // "load.closed.users" over three lines: the values are short, the path should not make the column wide.
            keys.Add(new(result.Parameters[i].Path.Replace(".", ".\n", StringComparison.Ordinal), [.. result.Points.Select(p => p.Values[at].Value)]));
        }
        var columns = new List<CliColumn>(StackMetrics.Brief.Select(m => new CliColumn(CliFormat.ColumnHeader(m), [.. result.Points.Select(p => TableCell(p, m))])))
        {
            new("bottleneck", [.. result.Points.Select(p => p.Results.TryGetProperty("bottleneck", out JsonElement b) ? b.GetString() ?? "" : "")], RightAligned: false),
        };
        foreach (Table table in FitTables.Build(keys, [new FitTables.Group("Points", columns)], console.Profile.Width)) console.Write(table);
        foreach (SweepPoint point in result.Points)
            if (point.Results.TryGetProperty("diagnosis", out JsonElement diagnosis))
                CliConsole.Line(console, $"#{point.Index.ToString(CultureInfo.InvariantCulture)} ({Describe(point)}): {diagnosis.GetString()}");
    }

    /// <summary>A metric of a point as a console table cell (percentages for fractions), or "—".</summary>
    private static string TableCell(SweepPoint point, StackMetric metric)
    {
        JsonElement e = point.Results.GetProperty("metrics");
        foreach (string part in metric.Name.Split('.'))
            if (!e.TryGetProperty(part, out e)) return "—";
        if (e.GetProperty("mean").ValueKind != JsonValueKind.Number) return "—";
        double k = CliFormat.TableScale(metric);
        double ci = e.GetProperty("ci95").ValueKind == JsonValueKind.Number ? e.GetProperty("ci95").GetDouble() : 0;
        return CliFormat.TableCell(e.GetProperty("mean").GetDouble() * k, ci * k);
    }
}
