namespace Sim.Analytic;

/// <summary>
/// The Erlang B (Erlang loss) formula: the blocking probability of an M/M/c/c system (c servers, no
/// waiting room; also M/G/c/c, by insensitivity). Computed by the stable recursion
/// B(0) = 1, B(k) = E·B(k−1) / (k + E·B(k−1)), which needs no factorials and never overflows.
/// </summary>
/// <remarks>Pure functions; thread safe. Reference: Kleinrock, <i>Queueing Systems</i> vol. 1 (1975), §3.7.</remarks>
public static class ErlangB
{
    /// <summary>Probability that an arrival finds all <paramref name="servers"/> busy and is lost.</summary>
    /// <param name="offeredLoadErlangs">Offered load E = λ/μ = λ·E[S], in erlangs; finite, ≥ 0.</param>
    /// <param name="servers">Number of servers c; ≥ 0 (0 servers block everything).</param>
    /// <returns>B(E, c) in [0, 1]. O(c) time up to <see cref="RecursionLimit"/> servers; beyond, O(1) below the
    /// servers' capacity (E &lt; c) and O(√c) at or above it.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range, NaN or infinite.</exception>
    public static double Blocking(double offeredLoadErlangs, int servers)
    {
        Guard.NonNegative(offeredLoadErlangs, nameof(offeredLoadErlangs));
        ArgumentOutOfRangeException.ThrowIfNegative(servers);
        if (servers > RecursionLimit) return offeredLoadErlangs < servers ? PoissonRatio(offeredLoadErlangs, servers) : Series(offeredLoadErlangs, servers);
        double b = 1.0;
        for (int k = 1; k <= servers; k++)
        {
            double eb = offeredLoadErlangs * b;
            b = eb / (k + eb);
            if (b == 0) break; // underflowed: it stays 0
        }
        return b;
    }

    /// <summary>
    /// Servers beyond which <see cref="Blocking"/> leaves the O(c) recursion (2³¹ − 1 host cores made an analytic
    /// estimate take minutes): 100,000.
    /// </summary>
    internal const int RecursionLimit = 100_000;

    // B(E, c) = P(N = c) / P(N ≤ c) for N ~ Poisson(E): the pmf from log Γ, the CDF as the regularized upper incomplete
    // gamma Q(c + 1, E). Below capacity the CDF is at least about ½, so neither underflows into 0/0.
    private static double PoissonRatio(double e, int c)
    {
        if (e == 0) return 0;
        double pmf = Math.Exp(c * Math.Log(e) - e - MathNet.Numerics.SpecialFunctions.GammaLn(c + 1.0));
        return Math.Min(1.0, pmf / MathNet.Numerics.SpecialFunctions.GammaUpperRegularized(c + 1.0, e));
    }

    // At or above capacity: 1/B = Σ_{j=0..c} c!/((c−j)!·E^j), whose terms shrink at least like e^(−j²/2c), so the sum
    // stops after a few times √c terms (at 10⁻¹⁷ of the total).
    private static double Series(double e, int c)
    {
        double term = 1.0, sum = 1.0;
        for (int j = 1; j <= c; j++)
        {
            term *= (c - j + 1) / e;
            sum += term;
            if (term < 1e-17 * sum) break;
        }
        return 1.0 / sum;
    }

    /// <summary>
    /// The largest offered load, in erlangs, that <paramref name="servers"/> servers carry with blocking
    /// at most <paramref name="blocking"/> — the inverse of <see cref="Blocking"/> in E, as in the
    /// "traffic for a grade of service" tables. Found by bisection to relative precision 10⁻¹².
    /// </summary>
    /// <param name="blocking">Target blocking probability (grade of service), in (0, 1), e.g. 0.01.</param>
    /// <param name="servers">Number of servers c; ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range or NaN.</exception>
    public static double MaxOfferedLoad(double blocking, int servers)
    {
        if (!(blocking > 0.0 && blocking < 1.0))
            throw new ArgumentOutOfRangeException(nameof(blocking), blocking, "The blocking probability must be in (0, 1).");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(servers);
        double lo = 0.0, hi = Math.Max(1.0, servers);
        while (Blocking(hi, servers) < blocking) { lo = hi; hi *= 2.0; }
        for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (Blocking(mid, servers) < blocking) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }
}
