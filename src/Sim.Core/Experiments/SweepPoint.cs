using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Sim.Experiments;

/// <summary>
/// The result of one point of a sweep: its index, its parameter values, and the summary of its replications — the
/// <c>results</c> object of <c>sim run --format json</c> (<see cref="Stack.StackSummary.WriteJson"/>), kept as JSON so
/// that a point read back from a file writes out byte for byte as it was computed. Immutable.
/// </summary>
/// <param name="Index">Point index in the grid, ≥ 0.</param>
/// <param name="Values">(path, value) pairs in parameter order; values as override texts.</param>
/// <param name="Results">The summary object: <c>{"replications", "unstable", "bottleneck", …, "metrics": {…}}</c>.</param>
public sealed record SweepPoint(int Index, IReadOnlyList<KeyValuePair<string, string>> Values, JsonElement Results)
{
    /// <summary>
    /// A metric of the point, read from <see cref="Results"/>: its mean and 95 % half-width across the point's replications,
    /// in the unit its name states; NaN for a value the results hold as null (and a half-width of 0 when absent).
    /// </summary>
    /// <param name="name">A name of <see cref="Stack.StackMetrics.All"/>, e.g. <c>latencyMs.p95</c>.</param>
    /// <exception cref="KeyNotFoundException">No such metric (the message lists the valid names).</exception>
    public Stack.MetricSummary Metric(string name)
    {
        Stack.StackMetric metric = Stack.StackMetrics.Get(name);
        double mean = double.NaN, ci = 0;
        if (Results.ValueKind == JsonValueKind.Object && Results.TryGetProperty("metrics", out JsonElement e))
        {
            bool found = true;
            foreach (string part in metric.Name.Split('.'))
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(part, out e))
                {
                    found = false;
                    break;
                }
            if (found && e.ValueKind == JsonValueKind.Object)
            {
                if (e.TryGetProperty("mean", out JsonElement m) && m.ValueKind == JsonValueKind.Number) mean = m.GetDouble();
                if (e.TryGetProperty("ci95", out JsonElement c) && c.ValueKind == JsonValueKind.Number) ci = c.GetDouble();
            }
        }
        return new Stack.MetricSummary(metric.Name, metric.Label, mean, ci);
    }

    /// <summary>The point as a self-describing file: <c>{"fingerprint", "index", "values", "results"}</c>, indented, UTF-8.</summary>
    /// <param name="fingerprint">The sweep's fingerprint (<see cref="Sweep.Fingerprint"/>), so a re-run can tell whether the file belongs to it.</param>
    public string ToFileJson(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("fingerprint", fingerprint);
            WriteBody(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    /// <summary>Reads a file written by <see cref="ToFileJson"/>.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="fingerprint">The sweep fingerprint stored in it.</param>
    /// <exception cref="FormatException">Not a point file.</exception>
    public static SweepPoint ParseFile(string json, out string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            fingerprint = doc.RootElement.GetProperty("fingerprint").GetString() ?? throw new FormatException("fingerprint is null");
            return Read(doc.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new FormatException($"not a sweep point file ({ex.Message})", ex);
        }
    }

    /// <summary>Writes <c>"index", "values", "results"</c> into the object being written.</summary>
    internal void WriteBody(Utf8JsonWriter w)
    {
        w.WriteNumber("index", Index);
        w.WriteStartObject("values");
        foreach (var (path, value) in Values)
        {
            w.WritePropertyName(path);
            WriteValue(w, value);
        }
        w.WriteEndObject();
        w.WritePropertyName("results");
        Results.WriteTo(w);
    }

    /// <summary>Reads an object with <c>"index", "values", "results"</c>.</summary>
    internal static SweepPoint Read(JsonElement e)
    {
        int index = e.GetProperty("index").GetInt32();
        if (index < 0) throw new FormatException($"index {index} is negative");
        var values = new List<KeyValuePair<string, string>>();
        foreach (JsonProperty p in e.GetProperty("values").EnumerateObject()) values.Add(new(p.Name, ValueText(p.Value)));
        JsonElement results = e.GetProperty("results");
        if (results.ValueKind != JsonValueKind.Object) throw new FormatException("results is not an object");
        return new SweepPoint(index, values, results.Clone());
    }

    /// <summary>An override text as JSON: itself when it is JSON (<c>8</c>, <c>true</c>, <c>{"exponential": …}</c>), else a string (<c>600s</c>).</summary>
    internal static void WriteValue(Utf8JsonWriter w, string text)
    {
        JsonDocument? doc = null;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            w.WriteStringValue(text);
            return;
        }
        using (doc) doc.RootElement.WriteTo(w); // re-indented; numbers keep their spelling
    }

    /// <summary>The override text a JSON value stands for (the inverse of <see cref="WriteValue"/> up to equivalent spellings).</summary>
    internal static string ValueText(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
