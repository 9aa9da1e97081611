using System.Text.Json;
using Sim.Statistics;

namespace Sim.Stack;

/// <summary>
/// The replications of one configuration summarised: every metric as mean ± 95 % half-width
/// across replications, under the stable names of docs/results.md. Immutable.
/// </summary>
public sealed class StackSummary
{
    private StackSummary(IReadOnlyList<MetricSummary> metrics, double[] perWorker, CacheNodeResult[] cacheNodes, int replications, bool unstable, string diagnosis, string bottleneck,
        double warmupSeconds, bool warmupSettled, long censored, bool taskBacklogGrows)
    {
        TaskBacklogGrows = taskBacklogGrows;
        CacheNodes = cacheNodes;
        CensoredRequests = censored;
        WarmupSeconds = warmupSeconds;
        WarmupSettled = warmupSettled;
        Diagnosis = diagnosis;
        Bottleneck = bottleneck;
        Metrics = metrics;
        PerWorkerUtilization = perWorker;
        Replications = replications;
        Unstable = unstable;
    }

    /// <summary>The metrics, in a fixed order.</summary>
    public IReadOnlyList<MetricSummary> Metrics { get; }

    /// <summary>Each worker's mean utilization across replications.</summary>
    public IReadOnlyList<double> PerWorkerUtilization { get; }

    /// <summary>Each Redis node's figures, each the mean across the replications that have a value (NaN when none has), node by node.</summary>
    public IReadOnlyList<CacheNodeResult> CacheNodes { get; }

    /// <summary>Replications summarised.</summary>
    public int Replications { get; }

    /// <summary>True when any replication stopped as unstable.</summary>
    public bool Unstable { get; }

    /// <summary>The first unstable replication's diagnosis ("unstable: 150 req/s offered, gunicorn workers saturate at ~118 req/s"), or empty.</summary>
    public string Diagnosis { get; }

    /// <summary>
    /// True when the Celery broker's backlog grows in any replication (<see cref="StackReplicationResult.TaskQueueUnstable"/>):
    /// the task queue cannot keep up, whatever else made a run unstable.
    /// </summary>
    public bool TaskBacklogGrows { get; }

    /// <summary>The warm-up discarded in every replication, seconds.</summary>
    public double WarmupSeconds { get; }

    /// <summary>False when automatic warm-up detection found the system still trending.</summary>
    public bool WarmupSettled { get; }

    /// <summary>
    /// Requests that arrived in a window and were still in flight when its drain ended, over all replications
    /// (<see cref="StackReplicationResult.InFlightAtEnd"/>); when above 0 the latency percentiles are lower bounds.
    /// </summary>
    public long CensoredRequests { get; }

    /// <summary>One line saying how many requests were censored and what it means, or empty when none were.</summary>
    public string CensoredNote => CensoredRequests == 0 ? ""
        : $"{CensoredRequests} request(s) of the window were still in flight when the drain ended (censored): the latency percentiles are lower bounds.";

    /// <summary>The busiest station in most replications.</summary>
    public string Bottleneck { get; }

    /// <summary>The metric named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such metric.</exception>
    public MetricSummary this[string name] => Metrics.FirstOrDefault(m => m.Name == name) ?? throw new KeyNotFoundException($"No metric '{name}'.");

    /// <summary>Summarises replications of one configuration.</summary>
    /// <param name="runs">At least one replication.</param>
    public static StackSummary From(IReadOnlyList<StackReplicationResult> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0) throw new ArgumentException("At least one replication is needed.", nameof(runs));
        var metrics = new List<MetricSummary>(StackMetrics.All.Count);
        var values = new double[runs.Count];
        foreach (StackMetric metric in StackMetrics.All)
        {
            int n = 0;
            foreach (StackReplicationResult r in runs)
            {
                double v = metric.Value(r);
                if (!double.IsNaN(v)) values[n++] = v;
            }
            if (n == 0)
            {
                metrics.Add(new MetricSummary(metric.Name, metric.Label, double.NaN, double.NaN));
                continue;
            }
            // A histogram quantile is off by up to α in every replication alike: the interval carries that too, so
            // replications that agree to the bucket do not show a spurious ± 0.
            ConfidenceInterval ci = ConfidenceInterval.FromSamples(values.AsSpan(0, n));
            ci = ci.WidenedBy(metric.RelativeResolution * Math.Abs(ci.Mean));
            metrics.Add(new MetricSummary(metric.Name, metric.Label, ci.Mean, ci.HalfWidth));
        }

        int workers = runs[0].PerWorkerUtilization.Count;
        var perWorker = new double[workers];
        foreach (StackReplicationResult r in runs)
            for (int w = 0; w < workers; w++) perWorker[w] += r.PerWorkerUtilization[w] / runs.Count;
        int nodes = runs.Min(r => r.CacheNodes.Count);
        var cacheNodes = new CacheNodeResult[nodes];
        for (int i = 0; i < nodes; i++)
            cacheNodes[i] = new CacheNodeResult(Mean(runs, r => r.CacheNodes[i].Utilization), Mean(runs, r => r.CacheNodes[i].CommandsPerSecond),
                Mean(runs, r => r.CacheNodes[i].HitRatio), Mean(runs, r => r.CacheNodes[i].CommandWaitSeconds));
        string diagnosis = runs.FirstOrDefault(r => r.Unstable)?.Diagnosis ?? "";
        string bottleneck = runs.GroupBy(r => r.Bottleneck).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        return new StackSummary(metrics, perWorker, cacheNodes, runs.Count, runs.Any(r => r.Unstable), diagnosis, bottleneck,
            runs[0].WarmupSeconds, runs.All(r => r.WarmupSettled), runs.Sum(r => r.InFlightAtEnd), runs.Any(r => r.TaskQueueUnstable));
    }

    // The mean of a per-replication value over the replications where it is not NaN; NaN when it is NaN in all.
    private static double Mean(IReadOnlyList<StackReplicationResult> runs, Func<StackReplicationResult, double> value)
    {
        double sum = 0;
        int n = 0;
        foreach (StackReplicationResult r in runs)
        {
            double v = value(r);
            if (double.IsNaN(v)) continue;
            sum += v;
            n++;
        }
        return n > 0 ? sum / n : double.NaN;
    }

    /// <summary>
    /// Writes the summary as a JSON object: <c>{"replications", "unstable", "bottleneck", …, "metrics": {name: {"mean", "ci95"}}}</c>;
    /// dotted names nest (<c>latencyMs.p95</c> → <c>latencyMs: {p95: …}</c>), and <c>workerUtilization</c> also carries the
    /// <c>perWorker</c> array (each worker's mean busy fraction, server by server), and <c>cacheUtilization</c> the
    /// <c>perNode</c> array (each Redis node's <c>utilization</c>, <c>commandsPerSecond</c>, <c>hitRatio</c> and
    /// <c>commandWaitMs</c>, null where there is no value).
    /// </summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("replications", Replications);
        writer.WriteBoolean("unstable", Unstable);
        if (Diagnosis.Length > 0) writer.WriteString("diagnosis", Diagnosis);
        writer.WriteString("bottleneck", Bottleneck);
        writer.WriteNumber("warmupSeconds", WarmupSeconds);
        writer.WriteBoolean("warmupSettled", WarmupSettled);
        writer.WriteNumber("censoredRequests", CensoredRequests);
        writer.WriteStartObject("metrics");
        string? group = null;
        foreach (MetricSummary m in Metrics)
        {
            int dot = m.Name.IndexOf('.');
            string? g = dot < 0 ? null : m.Name[..dot];
            if (group is not null && g != group) writer.WriteEndObject();
            if (g is not null && g != group) writer.WriteStartObject(g);
            group = g;
            writer.WriteStartObject(dot < 0 ? m.Name : m.Name[(dot + 1)..]);
            WriteNumber(writer, "mean", m.Mean);
            WriteNumber(writer, "ci95", m.Ci95);
            if (m.Name == "workerUtilization")
            {
                writer.WriteStartArray("perWorker");
                foreach (double u in PerWorkerUtilization) writer.WriteNumberValue(u);
                writer.WriteEndArray();
            }
            if (m.Name == "cacheUtilization")
            {
                writer.WriteStartArray("perNode");
                foreach (CacheNodeResult node in CacheNodes)
                {
                    writer.WriteStartObject();
                    WriteNumber(writer, "utilization", node.Utilization);
                    WriteNumber(writer, "commandsPerSecond", node.CommandsPerSecond);
                    WriteNumber(writer, "hitRatio", node.HitRatio);
                    WriteNumber(writer, "commandWaitMs", node.CommandWaitSeconds * 1000);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        if (group is not null) writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumber(name, value);
        else writer.WriteNull(name);
    }
}
