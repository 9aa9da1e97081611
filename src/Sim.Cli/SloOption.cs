using System.Globalization;
using System.Text.RegularExpressions;
using Sim.Stack;
using Sim.Units;

namespace Sim.Cli;

/// <summary>
/// <c>--slo "p95&lt;=500ms,p99&lt;=2s,errors&lt;=0.1%"</c>: latency clauses (pNN&lt;=duration, any number, each quantile once) and at
/// most one error clause. The first latency clause and the error clause replace the scenario's <c>slo</c> fields (as
/// <c>--set</c> overrides, so the scenario loader checks them as it checks a file); further latency clauses are judged
/// beside them. A clause left out keeps the scenario's value — the latency clauses as a group.
/// </summary>
internal sealed partial class SloOption
{
    // The scenario schema's key pattern (ScenarioSchema.SloKeyPattern): p50, p95, p99.9 …
    [GeneratedRegex(@"^p(100|[1-9]?[0-9])(\.[0-9]+)?$")]
    private static partial Regex QuantileKey();

    private const string Syntax = "write clauses like p95<=500ms, p99<=2s or errors<=0.1%, separated by commas";

    private SloOption(IReadOnlyList<(string Key, string Value)> latency, IReadOnlyList<LatencyObjective> moreLatency, string? errors)
    {
        Latency = latency;
        MoreLatency = moreLatency;
        Errors = errors;
    }

    /// <summary>The latency clauses as written (key "p95", value "500ms"), in order.</summary>
    public IReadOnlyList<(string Key, string Value)> Latency { get; }

    /// <summary>The latency clauses after the first, judged beside the scenario's SLO.</summary>
    public IReadOnlyList<LatencyObjective> MoreLatency { get; }

    /// <summary>The error clause's value ("0.1%"), or null.</summary>
    public string? Errors { get; }

    /// <summary>The scenario fields the option replaces, as path=value overrides.</summary>
    public IEnumerable<string> Overrides
    {
        get
        {
            if (Latency.Count > 0) yield return $"slo.{Latency[0].Key}={Latency[0].Value}";
            if (Errors is not null) yield return $"slo.errorRate={Errors}";
        }
    }

    /// <summary>Reads <c>--slo</c>; every problem → <see cref="UserInputException"/> naming the clause.</summary>
    /// <param name="text">The option's value.</param>
    public static SloOption Parse(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new UserInputException($"--slo: empty — {Syntax}.");
        var latency = new List<(string Key, string Value)>();
        var more = new List<LatencyObjective>();
        var quantiles = new HashSet<double>();
        string? errors = null;
        foreach (string part in parts)
        {
            string[] kv = part.Split("<=", 2, StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || kv[1].Length == 0) throw new UserInputException($"--slo: '{part}' is not allowed — {Syntax}.");
            string key = kv[0], value = kv[1];
            if (key == "errors")
            {
                if (errors is not null) throw new UserInputException("--slo: errors is given twice; give each clause once.");
                errors = value;
                continue;
            }
            if (!key.StartsWith('p')) throw new UserInputException($"--slo: '{key}' is not allowed — use pNN (p50, p95, p99, p99.9) or errors.");
            double quantile = QuantileKey().IsMatch(key) ? double.Parse(key[1..], CultureInfo.InvariantCulture) / 100 : double.NaN;
            if (!(quantile > 0 && quantile < 1))
                throw new UserInputException($"--slo: '{part}' is not allowed — a latency quantile strictly between p0 and p100, e.g. p95 or p99.9.");
            if (!Quantity.TryParseDuration(value, out double limit, out string error))
                throw new UserInputException($"--slo: '{part}' is not allowed — {error}.");
            if (!(limit > 0)) throw new UserInputException($"--slo: '{part}' is not allowed — the latency limit must be above 0.");
            if (!quantiles.Add(quantile)) throw new UserInputException($"--slo: {key} is given twice; give each clause once.");
            if (latency.Count > 0) more.Add(new LatencyObjective(quantile, limit));
            latency.Add((key, value));
        }
        return new SloOption(latency, more, errors);
    }

    /// <summary>Refuses a second latency clause where only one can be followed (the capacity search).</summary>
    /// <param name="command">The command, for the message.</param>
    public SloOption WithOneLatencyClause(string command)
    {
        if (Latency.Count > 1)
            throw new UserInputException($"--slo: 'sim {command}' searches against one latency clause (it follows one quantile as the load grows); "
                + $"give one of {string.Join(", ", Latency.Select(l => l.Key))}, or judge several at one load with 'sim run --slo'.");
        return this;
    }
}
