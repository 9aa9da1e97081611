namespace Sim.Stack;

/// <summary>
/// One clause of an SLO — the overall latency quantile, a request class's latency quantile, or the error rate — and how it
/// fared: the mean across replications and its 95 % half-width. Immutable.
/// </summary>
/// <param name="Name">The clause as shown: "p95" (overall), "page p95" (a class), "errors".</param>
/// <param name="Class">The request class the clause judges; null for an overall clause and the error rate.</param>
/// <param name="Quantile">The latency quantile in (0, 1); NaN for the error-rate clause.</param>
/// <param name="Measured">Mean across replications: the latency at <paramref name="Quantile"/>, seconds (+∞ when a replication completed nothing of it), or the error rate in [0, 1].</param>
/// <param name="Ci95">95 % half-width of <paramref name="Measured"/> across replications (widened by the histogram's resolution for a latency), same unit; NaN with one replication.</param>
/// <param name="Limit">The clause's limit: seconds for a latency, a fraction in [0, 1] for the error rate.</param>
public sealed record SloClauseVerdict(string Name, string? Class, double Quantile, double Measured, double Ci95, double Limit)
{
    /// <summary>True for the error-rate clause.</summary>
    public bool IsErrorRate => double.IsNaN(Quantile);

    /// <summary>True when the clause holds (measured ≤ limit).</summary>
    public bool Met => Measured <= Limit;

    /// <summary>
    /// How close the clause is to its limit: measured ÷ limit (above 1: violated). The clause with the largest ratio binds.
    /// +∞ when the limit is 0 and the measure is not; 0 when both are.
    /// </summary>
    public double Ratio => Limit > 0 ? Measured / Limit : Measured > 0 ? double.PositiveInfinity : 0;
}
