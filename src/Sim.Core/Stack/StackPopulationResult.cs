using System.Text.Json;
using Sim.Statistics;

namespace Sim.Stack;

/// <summary>
/// One population's results in one replication (<see cref="Sim.Scenarios.LoadSpec.Populations"/>), measured as the
/// classes are (<see cref="StackClassResult"/>). Latencies in seconds; NaN when no request of the population completed.
/// </summary>
/// <param name="Name">Population name.</param>
/// <param name="Completed">Requests of the population that arrived in the window and succeeded (followed through the drain).</param>
/// <param name="Errors">Requests of the population that arrived in the window and failed.</param>
/// <param name="ThroughputPerSecond">Successful departures of the population in the window, per second of window.</param>
/// <param name="LatencyMeanSeconds">Mean latency, seconds.</param>
/// <param name="LatencyP50Seconds">Median latency, seconds.</param>
/// <param name="LatencyP95Seconds">95th percentile, seconds.</param>
/// <param name="LatencyP99Seconds">99th percentile, seconds.</param>
public sealed record StackPopulationResult(string Name, long Completed, long Errors, double ThroughputPerSecond,
    double LatencyMeanSeconds, double LatencyP50Seconds, double LatencyP95Seconds, double LatencyP99Seconds)
{
    /// <summary>
    /// Latencies of the population's successful requests, mergeable across replications (as
    /// <see cref="StackClassResult.LatencyHistogram"/>): any quantile of the population. Empty when the result was built
    /// without one.
    /// </summary>
    public IReadOnlyLatencyHistogram LatencyHistogram { get; init; } = new ReadOnlyLatencyHistogram(new LatencyHistogram());

    /// <summary>
    /// Writes the property <c>populations</c> as <c>sim run --format json</c> and each phase of <c>sim phases</c> write it
    /// (docs/results.md): per population, in the scenario's order, its <c>name</c>, then <c>throughputPerSecond</c>,
    /// <c>errorRate</c> (failed / (failed + succeeded)), <c>latencyMsMean</c>, <c>latencyMsP50</c>, <c>latencyMsP95</c> and
    /// <c>latencyMsP99</c>, each <c>{"mean", "ci95"}</c>: the Student-t 95 % interval across the replications where the value
    /// is finite; <c>null</c> for both when no replication measured it, and a <c>ci95</c> of <c>null</c> when the half-width
    /// is not finite (JSON has no NaN or infinity). Writes nothing when there are no replications or no populations.
    /// </summary>
    /// <param name="writer">Positioned inside an object.</param>
    /// <param name="replications">One configuration's replications, each with the same populations.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The replications do not all have the same number of populations.</exception>
    public static void WriteJson(Utf8JsonWriter writer, IReadOnlyList<StackReplicationResult> replications)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(replications);
        if (replications.Count == 0 || replications[0].Populations.Count == 0) return;
        int count = replications[0].Populations.Count;
        if (replications.Any(r => r.Populations.Count != count))
            throw new ArgumentException($"Every replication needs the same populations ({count} in the first).", nameof(replications));
        writer.WriteStartArray("populations");
        for (int p = 0; p < count; p++)
        {
            int i = p;
            writer.WriteStartObject();
            writer.WriteString("name", replications[0].Populations[i].Name);
            Mean(writer, "throughputPerSecond", replications.Select(r => r.Populations[i].ThroughputPerSecond));
            Mean(writer, "errorRate", replications.Select(r => r.Populations[i] is { } q && q.Completed + q.Errors > 0 ? q.Errors / (double)(q.Completed + q.Errors) : double.NaN));
            Mean(writer, "latencyMsMean", replications.Select(r => r.Populations[i].LatencyMeanSeconds * 1000));
            Mean(writer, "latencyMsP50", replications.Select(r => r.Populations[i].LatencyP50Seconds * 1000));
            Mean(writer, "latencyMsP95", replications.Select(r => r.Populations[i].LatencyP95Seconds * 1000));
            Mean(writer, "latencyMsP99", replications.Select(r => r.Populations[i].LatencyP99Seconds * 1000));
            writer.WriteEndObject();
        }
        writer.WriteEndArray();

        static void Mean(Utf8JsonWriter w, string name, IEnumerable<double> values)
        {
            double[] finite = [.. values.Where(double.IsFinite)];
            w.WriteStartObject(name);
            if (finite.Length > 0)
            {
                var ci = ConfidenceInterval.FromSamples(finite);
                w.WriteNumber("mean", ci.Mean);
                if (double.IsFinite(ci.HalfWidth)) w.WriteNumber("ci95", ci.HalfWidth);
                else w.WriteNull("ci95");
            }
            else
            {
                w.WriteNull("mean");
                w.WriteNull("ci95");
            }
            w.WriteEndObject();
        }
    }
}
