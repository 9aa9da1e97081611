using Sim.Distributions;

namespace Sim.Models;

/// <summary>
/// Configuration of a <see cref="MultiServerQueue"/> experiment: a G/G/c/K station observed for
/// <see cref="DurationSeconds"/> after a discarded warm-up of <see cref="WarmupSeconds"/>.
/// </summary>
/// <param name="Interarrival">Time between arrivals, seconds.</param>
/// <param name="Service">Service time, seconds.</param>
/// <param name="Servers">Servers c, ≥ 1.</param>
/// <param name="SystemCapacity">Maximum customers in the system K, ≥ c; <see cref="int.MaxValue"/> for unbounded.</param>
/// <param name="WarmupSeconds">Simulated time discarded before observing, ≥ 0.</param>
/// <param name="DurationSeconds">Observed simulated time per replication, &gt; 0.</param>
public sealed record QueueConfig(
    Distribution Interarrival,
    Distribution Service,
    int Servers,
    int SystemCapacity,
    double WarmupSeconds,
    double DurationSeconds)
{
    /// <summary>Checks every field; throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Interarrival);
        ArgumentNullException.ThrowIfNull(Service);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Servers);
        ArgumentOutOfRangeException.ThrowIfLessThan(SystemCapacity, Servers);
        if (!(WarmupSeconds >= 0) || double.IsInfinity(WarmupSeconds))
            throw new ArgumentOutOfRangeException(nameof(WarmupSeconds), WarmupSeconds, "Warm-up must be finite and ≥ 0 seconds.");
        if (!(DurationSeconds > 0) || double.IsInfinity(DurationSeconds))
            throw new ArgumentOutOfRangeException(nameof(DurationSeconds), DurationSeconds, "Duration must be finite and > 0 seconds.");
    }
}
