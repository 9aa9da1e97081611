using System.CommandLine;
using System.Globalization;
using Sim.Analytic;
using Sim.Distributions;
using Sim.Io;
using Sim.Models;
using Sim.Scenarios;
using Sim.Units;
using Spectre.Console;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>sim mmc</c>: the textbook M/M/c example — a multi-server FIFO station — in independent
/// replications, with the simulated metrics beside Erlang C and their 95 % confidence intervals.
/// </summary>
internal static class MmcCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var servers = new Option<int>("--servers", "-c") { Description = "Servers (workers) c, ≥ 1.", DefaultValueFactory = _ => 8 };
        var rate = new Option<string>("--arrival-rate", "-r") { Description = "Poisson arrival rate, e.g. 7.2/s or 432/min.", DefaultValueFactory = _ => "7.2/s" };
        var service = new Option<string>("--service-time", "-s") { Description = "Mean exponential service time, e.g. 1s or 120ms.", DefaultValueFactory = _ => "1s" };
        var duration = new Option<string>("--duration", "-d") { Description = "Observed simulated time per replication, e.g. 20000s.", DefaultValueFactory = _ => "20000s" };
        var warmup = new Option<string>("--warmup") { Description = "Simulated time discarded first, e.g. 500s.", DefaultValueFactory = _ => "500s" };
        var replications = new Option<int>("--replications", "-n") { Description = "Independent replications, ≥ 2 for an interval.", DefaultValueFactory = _ => 10 };
        var seed = new Option<ulong>("--seed") { Description = "Scenario seed; same seed, same results.", DefaultValueFactory = _ => 1UL };
        var format = new Option<string>("--format", "-f") { Description = "Output: table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Folder for results.json and summary.md (written atomically)." };

        var command = new Command("mmc", "Simulate an M/M/c queue (a worker pool) and compare it with Erlang C.")
        {
            servers, rate, service, duration, warmup, replications, seed, format, output,
        };
        command.SetAction(parse =>
        {
            var options = new RunOptions(
                Servers: Positive(parse.GetValue(servers), "--servers"),
                ArrivalRate: Parse(parse.GetValue(rate)!, "--arrival-rate", Quantity.TryParseRate, positive: true),
                ServiceTime: Parse(parse.GetValue(service)!, "--service-time", Quantity.TryParseDuration, positive: true),
                Duration: Parse(parse.GetValue(duration)!, "--duration", Quantity.TryParseDuration, positive: true),
                Warmup: Parse(parse.GetValue(warmup)!, "--warmup", Quantity.TryParseDuration, positive: false),
                Replications: Positive(parse.GetValue(replications), "--replications"),
                Seed: parse.GetValue(seed),
                Json: parse.GetValue(format) == "json",
                Output: parse.GetValue(output));
            return Execute(options, stdout, stderr, cancellationToken);
        });
        return command;
    }

    private delegate bool QuantityParser(string? text, out double value, out string error);

    private static double Parse(string text, string option, QuantityParser parser, bool positive)
    {
        if (!parser(text, out double value, out string error))
            throw new UserInputException($"{option}: '{text}' is not valid — {error}");
        if (positive && !(value > 0))
            throw new UserInputException($"{option}: '{text}' must be greater than zero.");
        return value;
    }

    private static int Positive(int value, string option) =>
        value >= 1 ? value : throw new UserInputException($"{option}: {value} is not allowed — use a whole number ≥ 1.");

    private sealed record RunOptions(int Servers, double ArrivalRate, double ServiceTime, double Duration, double Warmup,
        int Replications, ulong Seed, bool Json, DirectoryInfo? Output);

    /// <summary>Customers one command may simulate in all: about ten minutes on a 2-core machine (M/M/8 runs at ≈ 5 M events/s per core).</summary>
    private const double MaxCustomers = 1e9;

    private static int Execute(RunOptions o, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (o.Replications > RunSettings.MaxReplications)
            throw new UserInputException($"--replications: {o.Replications} is not allowed — at most {RunSettings.MaxReplications} (each replication's results stay in memory).");
        double customers = o.ArrivalRate * (o.Warmup + o.Duration) * o.Replications;
        if (customers > MaxCustomers)
        {
            throw new UserInputException(
                $"--duration, --warmup, --replications: this run would simulate about {customers.ToString("G3", CultureInfo.InvariantCulture)} customers " +
                $"(arrival rate × (warm-up + duration) × replications); at most {MaxCustomers.ToString("G3", CultureInfo.InvariantCulture)} are allowed, about ten minutes of work here. " +
                "Shorten --duration or use fewer --replications.");
        }
        MMcResult theory = MMc.Compute(o.ArrivalRate, 1 / o.ServiceTime, o.Servers);
        if (!theory.IsStable)
        {
            throw new UserInputException(
                $"unstable: {o.ArrivalRate.ToString("G4", CultureInfo.InvariantCulture)} req/s offered, but {o.Servers} servers saturate at " +
                $"{(o.Servers / o.ServiceTime).ToString("G4", CultureInfo.InvariantCulture)} req/s (utilization {theory.Utilization:P0}); the queue would grow without bound. " +
                "Lower --arrival-rate or raise --servers.");
        }
        if (o.Output is { } outDir) OutputFolder.Prepare(outDir);
        var config = new QueueConfig(Exponential.FromRate(o.ArrivalRate), Exponential.FromMean(o.ServiceTime), o.Servers, int.MaxValue, o.Warmup, o.Duration);
        var started = System.Diagnostics.Stopwatch.StartNew();
        QueueReplicationResult[] runs = QueueExperiment.Run(config, o.Replications, o.Seed, cancellationToken: cancellationToken);
        double seconds = started.Elapsed.TotalSeconds;
        var report = MmcReport.Create(o.Servers, o.ArrivalRate, o.ServiceTime, o.Warmup, o.Duration, o.Seed, runs, theory);

        // The result first, then the files: a write that fails (exit 4) loses nothing already printed.
        if (o.Json)
        {
            stdout.WriteLine(report.ToJson());
        }
        else
        {
            IAnsiConsole console = CliConsole.Create(stdout);
            CliConsole.Line(console, report.ParametersLine);
            console.Write(report.ToTable());
            long events = runs.Sum(r => r.Events);
            CliConsole.Line(console, string.Create(CultureInfo.InvariantCulture, $"{o.Replications} replications × {o.Duration:G6} s observed after {o.Warmup:G6} s warm-up; ") +
                             $"{events:N0} events in {seconds:F1} s wall time ({events / seconds / 1e6:F1} M events/s).");
        }
        if (o.Output is { } folder)
        {
            AtomicFile.WriteAllText(Path.Combine(folder.FullName, "results.json"), report.ToJson());
            AtomicFile.WriteAllText(Path.Combine(folder.FullName, "summary.md"), report.ToMarkdown());
            if (!o.Json) stdout.WriteLine($"Wrote {Path.Combine(folder.FullName, "results.json")} and summary.md.");
        }
        return ExitCodes.Success;
    }
}
