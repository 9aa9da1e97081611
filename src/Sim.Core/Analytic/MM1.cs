namespace Sim.Analytic;

/// <summary>
/// The M/M/1 queue, the one-server case of <see cref="MMc"/>: ρ = λ/μ, L = ρ/(1 − ρ), Lq = ρ²/(1 − ρ),
/// W = 1/(μ − λ), Wq = ρ/(μ − λ); the response time is exponential with rate μ − λ and
/// P(Wq &gt; t) = ρ·e^{−(μ−λ)t} (FIFO).
/// </summary>
/// <remarks>Reference: Kleinrock, <i>Queueing Systems</i> vol. 1 (1975), §3.2. Pure function; thread safe.</remarks>
public static class MM1
{
    /// <summary>Steady-state measures of an M/M/1 queue; an unstable queue (ρ ≥ 1) is reported with <see cref="MMcResult.IsStable"/> = false.</summary>
    /// <param name="arrivalRate">λ, arrivals per second; finite, &gt; 0.</param>
    /// <param name="serviceRate">μ, completions per second while busy (1/mean service time); finite, &gt; 0.</param>
    /// <returns>An <see cref="MMcResult"/> with <see cref="MMcResult.Servers"/> = 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is ≤ 0, NaN or infinite.</exception>
    public static MMcResult Compute(double arrivalRate, double serviceRate) => MMc.Compute(arrivalRate, serviceRate, 1);
}
