namespace Sim.Analytic;

/// <summary>
/// The Erlang C formula: the probability that an arrival to an M/M/c queue must wait. Computed from
/// Erlang B as C = c·B / (c − E·(1 − B)), so it is stable for thousands of servers.
/// </summary>
/// <remarks>Pure functions; thread safe. Reference: Kleinrock, <i>Queueing Systems</i> vol. 1 (1975), §3.5.</remarks>
public static class ErlangC
{
    /// <summary>P(wait) for offered load E on c servers; 1 when E ≥ c (the queue is unstable and everyone waits).</summary>
    /// <param name="offeredLoadErlangs">Offered load E = λ/μ, in erlangs; finite, ≥ 0.</param>
    /// <param name="servers">Number of servers c; ≥ 1.</param>
    /// <returns>C(E, c) in [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range, NaN or infinite.</exception>
    public static double WaitProbability(double offeredLoadErlangs, int servers)
    {
        Guard.NonNegative(offeredLoadErlangs, nameof(offeredLoadErlangs));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(servers);
        if (offeredLoadErlangs >= servers) return 1.0;
        double b = ErlangB.Blocking(offeredLoadErlangs, servers);
        return servers * b / (servers - offeredLoadErlangs * (1.0 - b));
    }
}
