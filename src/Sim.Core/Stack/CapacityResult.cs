namespace Sim.Stack;

/// <summary>The largest load that meets a scenario's SLO, found by <see cref="CapacitySearch"/>.</summary>
/// <param name="Load">"users" for a closed load, "rate" (requests/s) for an open load, "factor" for several populations (the common
/// factor on all of them, 1 = the scenario as written; see <see cref="Populations"/>).</param>
/// <param name="Capacity">The largest load tested that met the SLO (users, requests/s, or the populations' factor); 0 when even the smallest failed.</param>
/// <param name="FirstViolation">The smallest load tested that violated it. [Capacity, FirstViolation) is where the search stopped, a verdict on estimates from finite runs; how far noise could move the capacity is <see cref="CapacityCi95"/>.</param>
/// <param name="ThroughputAtCapacity">Throughput at <paramref name="Capacity"/>, requests/s (mean across replications).</param>
/// <param name="LatencyAtCapacity">The SLO's overall latency quantile at capacity, seconds (mean across replications; per-class clauses are in <see cref="ClausesAtCapacity"/>).</param>
/// <param name="LatencyCi95AtCapacity">Its 95 % half-width across replications, seconds.</param>
/// <param name="ErrorRateAtCapacity">Error rate at capacity.</param>
/// <param name="Evaluations">Loads simulated during the search (full and screening runs; see <see cref="FullEvaluations"/>).</param>
/// <param name="CapacityCi95">Approximate 95 % half-width of the capacity itself (users or requests/s): the binding latency clause's
/// half-width at capacity divided by how fast that latency rises with the load there (a least-squares slope over the
/// loads tried within ±25 % of the capacity; the delta method), and never less than the search's bracket. NaN when the
/// slope cannot be measured (e.g. the next load tried was unstable).</param>
public sealed record CapacityResult(string Load, double Capacity, double FirstViolation, double ThroughputAtCapacity,
    double LatencyAtCapacity, double LatencyCi95AtCapacity, double ErrorRateAtCapacity, int Evaluations, double CapacityCi95 = double.NaN)
{
    /// <summary>
    /// How many of the <see cref="Evaluations"/> ran with the scenario's full run settings (all of them in the exhaustive
    /// search; the rest were short screening runs). <see cref="Capacity"/> and <see cref="FirstViolation"/> are always
    /// judged on full runs. 0 when not recorded.
    /// </summary>
    public int FullEvaluations { get; init; }

    /// <summary>Simulated time the search spent, seconds: warm-up, window and drain summed over every replication of every load (screens included). A measure of work that does not depend on the machine; 0 when not recorded.</summary>
    public double ReplicationSeconds { get; init; }

    /// <summary>
    /// The SLO clause that limits the capacity, as <see cref="SloClauseVerdict.Name"/> ("p95", "page p95", "errors"): the one
    /// furthest past its limit at <see cref="FirstViolation"/> (when that load was simulated in full; "unstable" when that run
    /// was unstable, whatever the clauses), else the one closest to its limit at <see cref="Capacity"/>. "" when not recorded.
    /// </summary>
    public string BindingClause { get; init; } = "";

    /// <summary>Every clause of the SLO at <see cref="Capacity"/> (overall latency, per class, errors) with its measured value and 95 % half-width; empty when nothing met the SLO or not recorded.</summary>
    public IReadOnlyList<SloClauseVerdict> ClausesAtCapacity { get; init; } = [];

    /// <summary>Value equality, <see cref="ClausesAtCapacity"/> compared item by item (two searches with the same result are equal).</summary>
    /// <param name="other">The result to compare with.</param>
    public bool Equals(CapacityResult? other) =>
        other is not null
        && (Load, Capacity, FirstViolation, ThroughputAtCapacity, LatencyAtCapacity, LatencyCi95AtCapacity, ErrorRateAtCapacity, Evaluations, CapacityCi95)
            .Equals((other.Load, other.Capacity, other.FirstViolation, other.ThroughputAtCapacity, other.LatencyAtCapacity, other.LatencyCi95AtCapacity, other.ErrorRateAtCapacity, other.Evaluations, other.CapacityCi95))
        && (FullEvaluations, ReplicationSeconds, ObservedRequests, BindingClause).Equals((other.FullEvaluations, other.ReplicationSeconds, other.ObservedRequests, other.BindingClause))
        && (Populations, OfferedUsersAtCapacity, OfferedRateAtCapacity).Equals((other.Populations, other.OfferedUsersAtCapacity, other.OfferedRateAtCapacity))
        && ClausesAtCapacity.SequenceEqual(other.ClausesAtCapacity);

    /// <summary>A hash consistent with <see cref="Equals(CapacityResult?)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(Load, Capacity, FirstViolation, LatencyAtCapacity, Evaluations, BindingClause, ClausesAtCapacity.Count);

    /// <summary>With several populations (<see cref="Load"/> "factor"): the populations at factor 1 in words, e.g. "browsers 400 users, api 20/s"; "" otherwise.</summary>
    public string Populations { get; init; } = "";

    /// <summary>With several populations: users of the closed ones at <see cref="Capacity"/> (each × the factor, rounded, at least 1), summed; 0 otherwise or when none is closed or nothing met the SLO.</summary>
    public double OfferedUsersAtCapacity { get; init; }

    /// <summary>With several populations: mean arrival rates of the open ones at <see cref="Capacity"/>, requests/s, summed; 0 otherwise or when none is open or nothing met the SLO.</summary>
    public double OfferedRateAtCapacity { get; init; }

    /// <summary>Requests that arrived in the observation windows, summed over every replication of every load (warm-ups excluded); 0 when not recorded.</summary>
    public long ObservedRequests { get; init; }
}
