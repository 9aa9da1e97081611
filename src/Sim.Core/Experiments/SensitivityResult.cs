using System.Text;
using System.Text.Json;
using Sim.Stack;

namespace Sim.Experiments;

/// <summary>What <see cref="SensitivityStudy.Run"/> found: the base configuration's summary and one entry per parameter, the largest p95 swing first. Immutable.</summary>
public sealed class SensitivityResult
{
    internal SensitivityResult(SensitivityPlan plan, StackSummary baseSummary, CapacityResult? baseCapacity, IReadOnlyList<SensitivityEntry> entries)
    {
        Plan = plan;
        Base = baseSummary;
        BaseCapacity = baseCapacity;
        Entries = entries;
    }

    /// <summary>The plan run: configuration, delta, parameters, skipped fields.</summary>
    public SensitivityPlan Plan { get; }

    /// <summary>The base configuration's replications summarised.</summary>
    public StackSummary Base { get; }

    /// <summary>The base configuration's capacity under the SLO, when searched; else null.</summary>
    public CapacityResult? BaseCapacity { get; }

    /// <summary>One entry per parameter, by <see cref="SensitivityEntry.Swing"/> of the p95 latency, largest first (ties and NaN in plan order, NaN last).</summary>
    public IReadOnlyList<SensitivityEntry> Entries { get; }

    /// <summary>The metrics written per side in <see cref="ToJson"/>: those shown in comparisons (<see cref="StackMetrics.Compared"/>).</summary>
    private static IEnumerable<StackMetric> Written => StackMetrics.Compared;

    /// <summary>
    /// The result as <c>sensitivity.json</c> (docs/sensitivity.md): <c>{"scenario", "configuration", "delta", "replications",
    /// "durationSeconds", "seed", "base": {results…}, "baseCapacity"?, "parameters": [{"path", "unit", "distribution", "base",
    /// "low", "high", "swingP95Ms", "lowChange": {metric: {"difference", "ci95"}}, "highChange": {…}, "capacity"?: {"low", "high"}}],
    /// "skipped": [{"path", "reason"}]}</c>, indented, parameters in the order of <see cref="Entries"/>. Same inputs → the same bytes.
    /// </summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("scenario", Plan.Scenario.Name);
            w.WriteString("configuration", Plan.Configuration);
            w.WriteNumber("delta", Plan.Delta);
            w.WriteNumber("replications", Plan.Scenario.Run.Replications);
            w.WriteNumber("durationSeconds", Plan.Scenario.Run.DurationSeconds);
            w.WriteNumber("seed", Plan.Scenario.Run.Seed);
            w.WritePropertyName("base");
            Base.WriteJson(w);
            if (BaseCapacity is { } bc) WriteCapacity(w, "baseCapacity", bc);
            w.WriteStartArray("parameters");
            foreach (SensitivityEntry e in Entries)
            {
                SensitivityParameter p = e.Parameter;
                w.WriteStartObject();
                w.WriteString("path", p.Path);
                w.WriteString("unit", p.Unit);
                w.WriteBoolean("distribution", p.IsDistribution);
                Number(w, "base", p.BaseValue);
                Number(w, "low", p.LowValue);
                Number(w, "high", p.HighValue);
                Number(w, "swingP95Ms", e.Swing());
                WriteChanges(w, "lowChange", e.Low);
                WriteChanges(w, "highChange", e.High);
                if (e.Low.Capacity is { } lc && e.High.Capacity is { } hc)
                {
                    w.WriteStartObject("capacity");
                    WriteCapacity(w, "low", lc);
                    WriteCapacity(w, "high", hc);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("skipped");
            foreach (SkippedParameter s in Plan.Skipped)
            {
                w.WriteStartObject();
                w.WriteString("path", s.Path);
                w.WriteString("reason", s.Reason);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteChanges(Utf8JsonWriter w, string name, SensitivitySide side)
    {
        // side − base, paired by replication (common random numbers).
        w.WriteStartObject(name);
        foreach (StackMetric m in Written)
        {
            PhaseDifference d = side.Difference(m.Name);
            w.WriteStartObject(m.Name);
            Number(w, "difference", d.Difference);
            Number(w, "ci95", d.PairedCi95);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteCapacity(Utf8JsonWriter w, string name, CapacityResult c)
    {
        w.WriteStartObject(name);
        w.WriteString("load", c.Load);
        Number(w, "capacity", c.Capacity);
        Number(w, "capacityCi95", c.CapacityCi95);
        Number(w, "firstViolation", c.FirstViolation);
        if (c.Load == "factor")
        {
            // Several populations: the capacity is the common factor on them; the load it means.
            w.WriteString("populations", c.Populations);
            Number(w, "offeredUsersAtCapacity", c.OfferedUsersAtCapacity);
            Number(w, "offeredRatePerSecondAtCapacity", c.OfferedRateAtCapacity);
        }
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }
}
