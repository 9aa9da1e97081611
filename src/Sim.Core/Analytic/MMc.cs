namespace Sim.Analytic;

/// <summary>
/// The M/M/c queue: Poisson arrivals, exponential service, c identical servers, unlimited FIFO waiting room.
/// </summary>
/// <remarks>
/// Formulas (Kleinrock, <i>Queueing Systems</i> vol. 1, 1975, §3.5; Gross et al., <i>Fundamentals of
/// Queueing Theory</i>, 4th ed., §2.3): E = λ/μ, ρ = E/c, C = Erlang C(E, c),
/// Wq = C/(cμ − λ), W = Wq + 1/μ, Lq = λWq, L = λW, P(Wq &gt; t) = C·e^{−(cμ−λ)t}.
/// Pure function; thread safe.
/// </remarks>
public static class MMc
{
    /// <summary>Steady-state measures of an M/M/c queue. An unstable queue (ρ ≥ 1) is reported, not thrown: see <see cref="MMcResult.IsStable"/>.</summary>
    /// <param name="arrivalRate">λ, arrivals per second; finite, &gt; 0.</param>
    /// <param name="serviceRate">μ, completions per second of one busy server (1/mean service time); finite, &gt; 0.</param>
    /// <param name="servers">c, number of servers; ≥ 1 (stable and O(c) for thousands of servers).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range, NaN or infinite.</exception>
    public static MMcResult Compute(double arrivalRate, double serviceRate, int servers)
    {
        Guard.Positive(arrivalRate, nameof(arrivalRate));
        Guard.Positive(serviceRate, nameof(serviceRate));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(servers);
        return new MMcResult(arrivalRate, serviceRate, servers);
    }
}
