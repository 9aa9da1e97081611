using System.CommandLine;
using System.Globalization;
using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Cli;

/// <summary><c>--precision 5% [--metric p95]… [--max-replications 50]</c>: keep adding replications until the chosen metrics are that precise.</summary>
internal sealed class PrecisionOptions
{
    public Option<string?> Precision { get; } = new("--precision") { Description = "Add replications (in batches of the scenario's count) until the 95 % interval of each --metric is within this relative half-width, e.g. 5%." };
    public Option<string[]> Metric { get; } = new("--metric") { Description = "Metric judged by --precision: p50, p90, p95, p99, p999, mean, throughput, or any result name (latencyMs.p95, errorRate, …). Repeatable; default p95 and throughput." };
    public Option<int?> MaxReplications { get; } = new("--max-replications") { Description = "Most replications --precision may use (default 50)." };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Precision);
        command.Options.Add(Metric);
        command.Options.Add(MaxReplications);
    }

    /// <summary>The request, or null when --precision was not given; bad values → <see cref="UserInputException"/>.</summary>
    public (double Target, StackMetric[] Metrics, int Max)? Read(ParseResult parse)
    {
        string? text = parse.GetValue(Precision);
        string[] metrics = parse.GetValue(Metric) ?? [];
        int? max = parse.GetValue(MaxReplications);
        if (text is null)
        {
            if (metrics.Length > 0 || max is not null) throw new UserInputException("--metric and --max-replications go with --precision, e.g. --precision 5% --metric p95.");
            return null;
        }
        string number = text.Trim().TrimEnd('%');
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double target) || !double.IsFinite(target))
            throw new UserInputException($"--precision: '{text}' is not allowed — write a relative half-width like 5% or 0.05.");
        if (text.Trim().EndsWith('%')) target /= 100;
        if (!(target > 0 && target <= 1)) throw new UserInputException($"--precision: '{text}' is not allowed — the relative half-width must be above 0 and at most 100%.");
        if (max is < 2) throw new UserInputException($"--max-replications: {max} is not allowed — an interval needs at least 2 replications.");
        if (max is > RunSettings.MaxReplications)
            throw new UserInputException($"--max-replications: {max} is not allowed — at most {RunSettings.MaxReplications} (as run.replications: each replication's results stay in memory).");
        StackMetric[] chosen = (metrics.Length == 0 ? ["p95", "throughput"] : metrics).Select(Resolve).Distinct().ToArray();
        // A percentile's interval includes the histogram's resolution: a target at or below it would run to the maximum for nothing.
        foreach (StackMetric m in chosen)
        {
            if (m.RelativeResolution < target) continue;
            string resolution = (m.RelativeResolution * 100).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " %";
            throw new UserInputException($"--precision: '{text}' is not allowed for {m.Name} — latency percentiles are read from a histogram with {resolution} resolution, so their interval is never narrower; ask for more than {resolution}, or judge other metrics with --metric.");
        }
        return (target, chosen, max ?? 50);
    }

    private static StackMetric Resolve(string name)
    {
        string full = name switch
        {
            "p50" or "p90" or "p95" or "p99" or "p999" or "mean" or "max" => "latencyMs." + name,
            "throughput" => "throughputPerSecond",
            "errors" => "errorRate",
            _ => name,
        };
        if (StackMetrics.TryGet(full, out StackMetric? m)) return m;
        throw new UserInputException($"--metric: '{name}' is not allowed — use p50, p90, p95, p99, p999, mean, throughput, errors, or one of {string.Join(", ", StackMetrics.Names)}.");
    }
}
