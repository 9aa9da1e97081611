using System.Globalization;
using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Cli;

/// <summary>
/// The per-class parts of an SLO (<c>slo.classes</c>, <c>slo.excludeClasses</c>) in words, for the console and the report.
/// Every method gives nothing for an SLO without them, so the default output is unchanged.
/// </summary>
internal static class SloClassText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>True when the SLO has a per-class clause or leaves a class out of the overall one.</summary>
    public static bool Any(SloSpec slo) => slo.Classes.Count > 0 || slo.ExcludeClasses.Count > 0;

    /// <summary>" without static" after the overall latency clause (the classes it leaves out), or "".</summary>
    public static string Without(SloSpec slo) => slo.ExcludeClasses.Count == 0 ? "" : " without " + string.Join(", ", slo.ExcludeClasses);

    /// <summary>Each per-class clause as "page p95 ≤ 500 ms", in order.</summary>
    public static IEnumerable<string> Clauses(SloSpec slo) =>
        slo.Classes.Select(c => string.Create(Inv, $"{c.Class} {LatencyObjective.QuantileName(c.LatencyQuantile)} ≤ {c.LatencyLimitSeconds * 1000:G4} ms"));

    /// <summary>The per-class clauses after the overall latency one: ", page p95 ≤ 500 ms, static p95 ≤ 50 ms", or "".</summary>
    public static string ClauseList(SloSpec slo) => string.Concat(Clauses(slo).Select(c => ", " + c));

    /// <summary>One clause measured: "page p95 480 ± 12 ms ≤ 500 ms", "errors 0.00 % ≤ 0.10 %", with "(failed)" when it does not hold.</summary>
    public static string Measured(SloClauseVerdict c)
    {
        bool met = c.Met;
        string ci(double scale, string format) => double.IsFinite(c.Ci95) && double.IsFinite(c.Measured) ? " ± " + (c.Ci95 * scale).ToString(format, Inv) : "";
        return c.IsErrorRate
            ? string.Create(Inv, $"{c.Name} {c.Measured:P2}{ci(100, "0.00")}{(double.IsFinite(c.Ci95) ? " %" : "")} {(met ? "≤" : ">")} {c.Limit:P2}{(met ? "" : " (failed)")}")
            : string.Create(Inv, $"{c.Name} {c.Measured * 1000:0.#}{ci(1000, "0.#")} ms {(met ? "≤" : ">")} {c.Limit * 1000:0.#} ms{(met ? "" : " (failed)")}");
    }

    /// <summary>"page p95 480 ± 12 ms ≤ 500 ms, …; binding: page p95" for every clause of a capacity result at capacity, or "" when not recorded.</summary>
    public static string AtCapacity(CapacityResult r) =>
        r.ClausesAtCapacity.Count == 0 ? "" : string.Join(", ", r.ClausesAtCapacity.Select(Measured)) + $"; binding: {r.BindingClause}";
}
