using System.Globalization;
using System.Reflection;
using System.Text;
using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Cli.Commands;

/// <summary>
/// The first screen of <c>sim phases --out</c>'s report: what was run (date, version, command, scenario, overrides,
/// seed) and the verdict of each phase against the named SLO with its bottleneck and capacity, then what to change
/// next. Everything here is computed from the results; nothing is the seed document's.
/// </summary>
internal static class ReportSummary
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>How the run was asked for, for the report's record.</summary>
    /// <param name="CommandLine">The command as typed, e.g. <c>sim phases --set workers.count=8 --out sim-out</c>.</param>
    /// <param name="ScenarioSource">The scenario file's path, or "the built-in seed stack".</param>
    /// <param name="Fingerprint">The run's fingerprint (scenario text, overrides, phases, build).</param>
    /// <param name="Overrides">Every <c>--set</c> (and shorthand) applied, in order.</param>
    internal sealed record RunRecord(string CommandLine, string ScenarioSource, string Fingerprint, IReadOnlyList<string> Overrides);

    /// <summary>"p95 ≤ 500 ms and errors ≤ 1 %".</summary>
    internal static string Slo(SloSpec slo) =>
        string.Create(Inv, $"{LatencyObjective.QuantileName(slo.LatencyQuantile)}{SloClassText.Without(slo)} ≤ {Ms(slo.LatencyLimitSeconds)} ms{SloClassText.ClauseList(slo)} and errors ≤ {Percent(slo.MaxErrorRate)}");

    /// <summary>The one-line note under the title: when, by which build, and where the details are.</summary>
    internal static string Stamp(DateTimeOffset now) =>
        string.Create(Inv, $"Generated {now.UtcDateTime:yyyy-MM-dd HH:mm} UTC by sim {Version()}. Exact command, scenario, overrides and seed: \"About this run\" at the end.");

    /// <summary>The executive summary: SLO, growth of capacity, a table of verdicts, and what to do next.</summary>
    internal static void Add(PhasesReport report, IReadOnlyList<(ScenarioPhase Phase, StackSummary Summary, IReadOnlyList<StackReplicationResult> Runs)> phases,
        IReadOnlyList<CapacityResult?> capacity)
    {
        SloSpec slo = phases[0].Phase.Scenario.Slo;
        report.AddHeading(2, "Summary");
        var intro = new StringBuilder($"The service level objective (slo in the scenario): {Slo(slo)}.");
        bool allCapacities = capacity.Count == phases.Count && capacity.All(c => c is not null && c.Capacity > 0);
        if (allCapacities && phases.Count > 1)
        {
            CapacityResult first = capacity[0]!, last = capacity[^1]!;
            intro.Append(Inv, $" Under it, capacity grows from {CapacityText(first)} ({phases[0].Phase.Name}) to {CapacityText(last)} ({phases[^1].Phase.Name}), ×{last.Capacity / first.Capacity:0.#}.");
        }
        report.AddParagraph(intro.ToString());

        // A source's own figures (the document reproduced, a load test) beside the model's, where the scenario gives them.
        string? source = phases.Select(p => p.Phase.Reference).FirstOrDefault(r => r is { IsEmpty: false })?.Source;
        var table = new StringBuilder();
        table.Append(string.Create(Inv, $"| phase | load | {LatencyObjective.QuantileName(slo.LatencyQuantile)} (ms) | errors | SLO at this load | bottleneck (busy) | capacity under the SLO |"))
             .AppendLine(source is null ? "" : $" {MarkdownText.Escape(source)}'s figures |");
        table.AppendLine("| --- | ---: | ---: | ---: | --- | --- | ---: |" + (source is null ? "" : " ---: |"));
        for (int i = 0; i < phases.Count; i++)
        {
            var (phase, summary, runs) = phases[i];
            SloVerdict verdict = SloVerdict.Judge(phase.Scenario.Slo, runs);
            string load = phase.Scenario.Load.Closed is { } c ? c.Users.ToString("N0", Inv) + " users"
                : phase.Scenario.Load.Populations is { } pops ? $"{pops.Count} populations, " + CliFormat.Number(summary["throughputPerSecond"].Mean) + " req/s"
                : CliFormat.Number(summary["throughputPerSecond"].Mean) + " req/s";
            string judged = verdict.Unstable
                ? runs.All(r => !r.Unstable || (r.TaskQueueUnstable && !r.InFlightCapReached)) ? "violated: unstable (taskQueue backlog grows)" : "violated: unstable (overloaded)"
                : verdict.Met ? "met"
                : !verdict.LatencyMet ? (verdict.ClassLatency.Count > 0 || verdict.PopulationLatency.Count > 0 ? $"violated: {verdict.Binding.Name}" : "violated: latency")
                : "violated: errors";
            string bottleneck = string.Create(Inv, $"{summary.Bottleneck} ({Percent(summary["bottleneckUtilization"].Mean)})");
            string cap = i < capacity.Count && capacity[i] is { } r ? (r.Capacity > 0 ? CapacityText(r) : "none at any load") : "not searched";
            table.Append(string.Create(Inv,
                $"| {MarkdownText.Escape(phase.Name)} | {load} | {Ms(verdict.LatencySeconds)} | {Percent(verdict.ErrorRate)} | {judged} | {MarkdownText.Escape(bottleneck)} | {cap} |"))
                .AppendLine(source is null ? "" : $" {ReferenceText(phase.Reference)} |");
        }
        report.AddMarkdownTables(table.ToString());
        if (SloClassText.Any(slo))
        {
            // Each clause of the SLO at each phase's load, and at its capacity: which one binds.
            var lines = new StringBuilder("Each clause of the SLO, mean ± 95 % half-width across replications:\n\n");
            for (int i = 0; i < phases.Count; i++)
            {
                SloVerdict verdict = SloVerdict.Judge(phases[i].Phase.Scenario.Slo, phases[i].Runs);
                lines.Append(Inv, $"- {MarkdownText.Escape(phases[i].Phase.Name)} at its load: {MarkdownText.Escape(string.Join(", ", verdict.Clauses.Select(SloClassText.Measured)))}; binding: {MarkdownText.Escape(verdict.Binding.Name)}\n");
                if (i < capacity.Count && capacity[i] is { } r && SloClassText.AtCapacity(r) is { Length: > 0 } atCapacity)
                    lines.Append(Inv, $"- {MarkdownText.Escape(phases[i].Phase.Name)} at its capacity ({CapacityText(r)}): {MarkdownText.Escape(atCapacity)}\n");
            }
            report.AddParagraph(lines.ToString().TrimEnd());
        }
        if (source is not null)
            report.AddParagraph($"The last column is what the {source} itself gives for each phase (the scenario's reference figures), beside the model's own numbers; "
                + "it does not say under which latency its user counts hold, so compare it with the capacity column as an order of magnitude, not as a check of the same quantity.");
        report.AddParagraph("What to do next: " + NextStep(phases[^1].Phase, phases[^1].Summary, capacity.Count == phases.Count ? capacity[^1] : null));
    }

    /// <summary>The record of the run, for the section at the end of the report.</summary>
    internal static void AddRecord(PhasesReport report, RunRecord record, StackScenario scenario, IReadOnlyList<ScenarioPhase> phases, DateTimeOffset now)
    {
        report.AddHeading(2, "About this run");
        RunSettings run = scenario.Run;
        report.AddList(
        [
            string.Create(Inv, $"Generated: {now.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, sim {Version()}, .NET {Environment.Version}."),
            "Command: " + record.CommandLine,
            "Scenario: " + record.ScenarioSource + " — \"" + scenario.Name + "\"; run fingerprint " + record.Fingerprint + " (also in each phase's results.json).",
            "Overrides: " + (record.Overrides.Count == 0 ? "none (the scenario as written)." : string.Join(", ", record.Overrides) + "."),
            string.Create(Inv, $"Seed {run.Seed}; {run.Replications} replications × {run.DurationSeconds:G6} s after {(run.WarmupSeconds is { } w ? w.ToString("G6", Inv) + " s" : "an automatic")} warm-up per phase."),
            "Phases: " + string.Join(", ", phases.Select(p => p.Name)) + ".",
        ]);
    }

    /// <summary>
    /// What the last phase's bottleneck says to change next. With its capacity known, the utilizations are scaled from
    /// the simulated load to the throughput at capacity (utilization is proportional to throughput for a fixed work per
    /// request), so the advice is about what limits the capacity, not about a lightly loaded run.
    /// </summary>
    internal static string NextStep(ScenarioPhase phase, StackSummary s, CapacityResult? capacity)
    {
        double x = s["throughputPerSecond"].Mean;
        double scale = capacity is { Capacity: > 0 } c && x > 0 && double.IsFinite(c.ThroughputAtCapacity) ? c.ThroughputAtCapacity / x : 1;
        double busy = Math.Min(1, s["bottleneckUtilization"].Mean * scale), cpu = Math.Min(1, s["cpuUtilization"].Mean * scale),
            db = Math.Min(1, s["dbCpuUtilization"].Mean * scale), workers = Math.Min(1, s["workerUtilization"].Mean * scale);
        string at = scale != 1
            ? string.Create(Inv, $"at {phase.Name}'s capacity ({CapacityText(capacity!)}, about {CliFormat.Number(capacity!.ThroughputAtCapacity)} req/s) the busiest station would be")
            : $"in {phase.Name} the busiest station is";
        string where = string.Create(Inv, $"{char.ToUpperInvariant(at[0])}{at[1..]} {s.Bottleneck} at about {Percent(busy)} (web CPU {Percent(cpu)}, database CPU {Percent(db)}, workers {Percent(workers)}). ");
        if (busy < 0.6)
            return where + "Nothing saturates before the SLO is missed: the latency is mostly fixed costs (network, transfer, query and connect times), so the per-phase breakdown of where a request's time goes shows what to shorten.";
        return s.Bottleneck switch
        {
            "gunicorn workers" when cpu < 0.7 => where + "The workers are the limit while the cores have room: add gunicorn workers (workers.count), or shorten what a worker waits on (database, cache, external calls).",
            "gunicorn workers" => where + "Workers and cores are both near their limit: add servers behind the load balancer (loadBalancer.servers) rather than workers.",
            "web CPU" => where + "The web hosts' cores are the limit, so more workers will not help: add servers or cores, or cut CPU per request (gzip level, rendering).",
            "database CPU" => where + "The database is the limit: read replicas (database.replicas), query optimisation, or more caching in front of it.",
            _ => where + "Relieve that station first, then re-run to see what saturates next.",
        };
    }

    /// <summary>"700 users, 140 req/s, p95 120 ms" from what a reference gives; "—" for none.</summary>
    internal static string ReferenceText(PhaseReference? r)
    {
        if (r is null || r.IsEmpty) return "—";
        var parts = new List<string>();
        if (r.Users is { } u) parts.Add(u.ToString("N0", Inv) + " users");
        if (r.ThroughputPerSecond is { } x) parts.Add(CliFormat.Number(x) + " req/s");
        if (r.LatencyP95Seconds is { } p95) parts.Add("p95 " + Ms(p95) + " ms");
        return string.Join(", ", parts);
    }

    private static string CapacityText(CapacityResult r) =>
        r.Load == "users" ? r.Capacity.ToString("N0", Inv) + " users"
        : r.Load == "factor" ? CliFormat.Number(r.Capacity) + " " + CapacityCommand.Unit(r) + (CapacityCommand.Offered(r) is { Length: > 0 } o ? " = " + o : "")
        : CliFormat.Number(r.Capacity) + " req/s";

    private static string Ms(double seconds) => double.IsFinite(seconds) ? (seconds * 1000).ToString(seconds >= 0.1 ? "N0" : "G3", Inv) : "—";

    private static string Percent(double fraction) => !double.IsFinite(fraction) ? "—"
        : fraction == 0 ? "0 %" : fraction < 0.001 ? "< 0.1 %" : (fraction * 100).ToString(fraction < 0.1 ? "0.#" : "0", Inv) + " %";

    /// <summary>The tool's informational version with the commit it was built from (e.g. 0.1.0+2836ea5).</summary>
    internal static string Version()
    {
        string v = typeof(ReportSummary).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        int plus = v.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 && v.Length > plus + 8 ? v[..(plus + 8)] : v;
    }
}
