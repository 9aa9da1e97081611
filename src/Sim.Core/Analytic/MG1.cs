namespace Sim.Analytic;

/// <summary>
/// The M/G/1 queue (Poisson arrivals, general i.i.d. service, one server, any work-conserving order
/// that does not use service times, e.g. FIFO): Pollaczek–Khinchine mean value formula
/// Wq = λ·E[S²]/(2(1 − ρ)) with E[S²] = Var[S] + E[S]², ρ = λ·E[S].
/// </summary>
/// <remarks>Reference: Kleinrock, <i>Queueing Systems</i> vol. 1 (1975), §5.6. Pure function; thread safe.</remarks>
public static class MG1
{
    /// <summary>Steady-state means of an M/G/1 queue; unstable (ρ ≥ 1) is reported with <see cref="MG1Result.IsStable"/> = false.</summary>
    /// <param name="arrivalRate">λ, arrivals per second; finite, &gt; 0.</param>
    /// <param name="meanService">E[S], mean service time in seconds; finite, &gt; 0.</param>
    /// <param name="serviceVariance">Var[S], service-time variance in seconds²; finite, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range, NaN or infinite.</exception>
    public static MG1Result Compute(double arrivalRate, double meanService, double serviceVariance)
    {
        Guard.Positive(arrivalRate, nameof(arrivalRate));
        Guard.Positive(meanService, nameof(meanService));
        Guard.NonNegative(serviceVariance, nameof(serviceVariance));
        return new MG1Result(arrivalRate, meanService, serviceVariance);
    }
}
