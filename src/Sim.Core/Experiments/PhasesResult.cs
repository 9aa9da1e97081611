using System.Text;
using System.Text.Json;
using Sim.Stack;

namespace Sim.Experiments;

/// <summary>What <see cref="PhasesStudy.Run"/> found: each configuration that finished, in order, and whether the run was cut short. Immutable.</summary>
public sealed class PhasesResult
{
    internal PhasesResult(IReadOnlyList<PhaseOutcome> phases, int requested, bool capacityCancelled)
    {
        Phases = phases;
        Requested = requested;
        CapacityCancelled = capacityCancelled;
    }

    /// <summary>The configurations that finished every replication, in the order given (the baseline first when it was run).</summary>
    public IReadOnlyList<PhaseOutcome> Phases { get; }

    /// <summary>Configurations asked for, ≥ <see cref="Phases"/>' count.</summary>
    public int Requested { get; }

    /// <summary>True when cancellation stopped the study before every configuration ran (the rest did not run).</summary>
    public bool Partial => Phases.Count < Requested;

    /// <summary>True when cancellation stopped the capacity search; the configurations searched before it carry their <see cref="PhaseOutcome.Capacity"/>.</summary>
    public bool CapacityCancelled { get; }

    /// <summary>The configuration named <paramref name="name"/>.</summary>
    /// <param name="name"><c>baseline</c> or a phase name.</param>
    /// <exception cref="KeyNotFoundException">No configuration of that name finished.</exception>
    public PhaseOutcome this[string name] =>
        Phases.FirstOrDefault(p => p.Name == name) ?? throw new KeyNotFoundException($"No phase '{name}'; phases: {string.Join(", ", Phases.Select(p => p.Name))}.");

    /// <summary>(name, summary) of every configuration, the shape the charts and the inline tables take.</summary>
    public IReadOnlyList<(string Phase, StackSummary Summary)> Summaries => [.. Phases.Select(p => (p.Name, p.Summary))];

    /// <summary>
    /// The result as <c>sim phases --format json</c> prints it (docs/results.md): <c>{"partial"?, "phases": [{"phase", "description",
    /// "users"?, "results", "populations"?, "capacityUnderSlo"?, "changeFromPrevious"?}]}</c>, indented; <c>partial</c> appears (true) only when
    /// the run or its capacity search was cancelled. Same inputs → the same bytes.
    /// </summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true })) WriteJson(w);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes <see cref="ToJson"/>'s object to <paramref name="writer"/>.</summary>
    /// <param name="writer">Where to write.</param>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        if (Partial || CapacityCancelled) writer.WriteBoolean("partial", true);
        writer.WriteStartArray("phases");
        foreach (PhaseOutcome phase in Phases) WritePhase(writer, phase, null, null);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>
    /// One configuration's object as <c>sim phases --out</c> writes it to <c>&lt;phase&gt;/results.json</c>: the phase as in
    /// <see cref="ToJson"/>, with <c>scenario</c>, <c>seed</c> and <c>fingerprint</c>, which tell one run's files from another's. Indented.
    /// </summary>
    /// <param name="index">Index in <see cref="Phases"/>.</param>
    /// <param name="scenario">The scenario's name.</param>
    /// <param name="fingerprint">An identifier of the run (the CLI's is a hash of the build, the scenario text and the options).</param>
    public string PhaseJson(int index, string scenario, string fingerprint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Phases.Count);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(fingerprint);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true })) WritePhase(w, Phases[index], scenario, fingerprint);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WritePhase(Utf8JsonWriter w, PhaseOutcome outcome, string? scenario, string? fingerprint)
    {
        var phase = outcome.Phase;
        w.WriteStartObject();
        if (scenario is not null) w.WriteString("scenario", scenario);
        w.WriteString("phase", phase.Name);
        w.WriteString("description", phase.Description);
        if (fingerprint is not null)
        {
            w.WriteNumber("seed", phase.Scenario.Run.Seed);
            w.WriteString("fingerprint", fingerprint);
        }
        if (phase.Scenario.Load.Closed is { } closed) w.WriteNumber("users", closed.Users);
        else if (phase.Scenario.Load.Populations is { } pops && pops.Any(p => p.Closed is not null)) w.WriteNumber("users", pops.Sum(p => p.Closed?.Users ?? 0));
        w.WritePropertyName("results");
        outcome.Summary.WriteJson(w);
        StackPopulationResult.WriteJson(w, outcome.Replications); // load.populations: per population, across replications (nothing without them)
        if (outcome.Capacity is { } capacity)
        {
            // The largest load meeting the scenario's SLO (sim capacity), and the first load tested that violated it.
            w.WriteStartObject("capacityUnderSlo");
            w.WriteString("load", capacity.Load);
            WriteNumber(w, "capacity", capacity.Capacity);
            WriteNumber(w, "firstViolation", capacity.FirstViolation);
            WriteNumber(w, "capacityCi95", capacity.CapacityCi95);
            WriteNumber(w, "throughputPerSecond", capacity.ThroughputAtCapacity);
            WriteNumber(w, "latencyMsAtCapacity", capacity.LatencyAtCapacity * 1000);
            WriteNumber(w, "latencyMsCi95AtCapacity", capacity.LatencyCi95AtCapacity * 1000);
            if (capacity.Load == "factor")
            {
                // Several populations: the capacity is the common factor on them; what they are at 1×, and the load it means.
                w.WriteString("populations", capacity.Populations);
                WriteNumber(w, "offeredUsersAtCapacity", capacity.OfferedUsersAtCapacity);
                WriteNumber(w, "offeredRatePerSecondAtCapacity", capacity.OfferedRateAtCapacity);
            }
            if (phase.Scenario.Slo.Classes.Count > 0 || phase.Scenario.Slo.ExcludeClasses.Count > 0 || phase.Scenario.Slo.Populations.Count > 0)
            {
                // Per-class SLO: the clause that limits the capacity, and every clause at capacity (latencies in ms).
                w.WriteString("bindingClause", capacity.BindingClause);
                w.WriteStartArray("clausesAtCapacity");
                foreach (SloClauseVerdict c in capacity.ClausesAtCapacity)
                {
                    w.WriteStartObject();
                    w.WriteString("clause", c.Name);
                    double scale = c.IsErrorRate ? 1 : 1000;
                    WriteNumber(w, c.IsErrorRate ? "errorRate" : "latencyMs", c.Measured * scale);
                    WriteNumber(w, c.IsErrorRate ? "errorRateCi95" : "latencyMsCi95", c.Ci95 * scale);
                    WriteNumber(w, c.IsErrorRate ? "maxErrorRate" : "limitMs", c.Limit * scale);
                    w.WriteBoolean("met", c.Met);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        IReadOnlyList<PhaseDifference> change = outcome.ComparedDifferences;
        if (change.Count > 0)
        {
            // after − before, paired by replication (common random numbers); Welch's unpaired half-width for comparison.
            w.WriteStartObject("changeFromPrevious");
            foreach (PhaseDifference d in change)
            {
                w.WriteStartObject(d.Metric);
                WriteNumber(w, "difference", d.Difference);
                WriteNumber(w, "ci95", d.PairedCi95);
                WriteNumber(w, "unpairedCi95", d.UnpairedCi95);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }
}
