namespace Sim.Analytic;

/// <summary>
/// Erlang A: the M/M/c+M queue — Poisson arrivals at rate λ, c servers with exponential service at rate μ each, and
/// customers who abandon the queue (not service) after an exponential patience of rate θ (Palm 1943; Garnett, Mandelbaum
/// and Reiman 2002). The birth–death chain is solved exactly: below c it is Erlang B's (its normalising sum is 1/B(λ/μ, c)),
/// above c the death rate in state c + j is cμ + jθ, and the series is summed until its terms no longer change the sum.
/// The queue is stable for any load because θ &gt; 0.
/// </summary>
/// <remarks>Pure functions; thread safe.</remarks>
public static class ErlangA
{
    /// <summary>The probability that an arrival abandons before service: θ·E[queue length] / λ.</summary>
    /// <param name="arrivalRate">λ, arrivals per second; finite, &gt; 0.</param>
    /// <param name="serviceRate">μ, services per second per server; finite, &gt; 0.</param>
    /// <param name="servers">c, ≥ 1.</param>
    /// <param name="abandonmentRate">θ = 1 / mean patience, per second; finite, &gt; 0.</param>
    /// <returns>P(abandon) in [0, 1).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range, NaN or infinite.</exception>
    public static double AbandonmentProbability(double arrivalRate, double serviceRate, int servers, double abandonmentRate)
    {
        (_, double queue) = Solve(arrivalRate, serviceRate, servers, abandonmentRate);
        return abandonmentRate * queue / arrivalRate;
    }

    /// <summary>The probability that an arrival finds every server busy and waits (Erlang C's analogue; it tends to Erlang C as θ → 0 below saturation).</summary>
    /// <param name="arrivalRate">λ, arrivals per second; finite, &gt; 0.</param>
    /// <param name="serviceRate">μ, services per second per server; finite, &gt; 0.</param>
    /// <param name="servers">c, ≥ 1.</param>
    /// <param name="abandonmentRate">θ = 1 / mean patience, per second; finite, &gt; 0.</param>
    /// <returns>P(wait) in [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range, NaN or infinite.</exception>
    public static double WaitProbability(double arrivalRate, double serviceRate, int servers, double abandonmentRate)
    {
        (double wait, _) = Solve(arrivalRate, serviceRate, servers, abandonmentRate);
        return wait;
    }

    // P(N ≥ c) and E[(N − c)+], from the chain's probabilities relative to state c.
    private static (double Wait, double Queue) Solve(double lambda, double mu, int c, double theta)
    {
        Guard.Positive(lambda, nameof(lambda));
        Guard.Positive(mu, nameof(mu));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(c);
        Guard.Positive(theta, nameof(theta));
        double below = 1.0 / ErlangB.Blocking(lambda / mu, c); // Σ_{n ≤ c} π_n / π_c
        double term = 1, above = 0, queue = 0;                  // term = π_{c+j} / π_c
        for (long j = 1; j < 100_000_000; j++)
        {
            term *= lambda / (c * mu + j * theta);
            above += term;
            queue += j * term;
            if (term == 0 || (term * j < 1e-17 * queue && lambda < c * mu + j * theta)) break;
            if (queue > 1e250)
            {
                // A heavy overload climbs far above state c before the abandonments win: rescale, keep the ratios.
                term *= 1e-250;
                above *= 1e-250;
                queue *= 1e-250;
                below *= 1e-250;
            }
        }
        double total = below + above;
        return ((1 + above) / total, queue / total);
    }
}
