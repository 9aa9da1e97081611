using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Sim.Experiments;

/// <summary>
/// A sweep's result document (<c>sweep.json</c>, <c>sweep.csv</c>; shape in docs/results.md): what was swept and
/// every finished point in index order. The same points always serialise to the same bytes, so shards merged with
/// <see cref="Merge"/> equal a single unsharded run. Immutable.
/// </summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Phase">The configuration swept: "baseline" or a phase name.</param>
/// <param name="Fingerprint">Identifies the sweep (<see cref="Sweep.Fingerprint"/>); equal for all its shards.</param>
/// <param name="Parameters">The axes of the grid.</param>
/// <param name="PointCount">Points in the whole grid.</param>
/// <param name="Shard">The slice this document covers, or null for the whole grid (unsharded or merged).</param>
/// <param name="Partial">True when the run was cancelled before every point of its slice finished.</param>
/// <param name="Points">The finished points, in index order.</param>
public sealed record SweepResult(
    string Scenario,
    string Phase,
    string Fingerprint,
    IReadOnlyList<SweepParameter> Parameters,
    int PointCount,
    SweepShard? Shard,
    bool Partial,
    IReadOnlyList<SweepPoint> Points)
{
    /// <summary>The document as indented UTF-8 JSON, ending with a newline.</summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("scenario", Scenario);
            w.WriteString("phase", Phase);
            w.WriteString("fingerprint", Fingerprint);
            w.WriteStartArray("parameters");
            foreach (SweepParameter p in Parameters)
            {
                w.WriteStartObject();
                w.WriteString("path", p.Path);
                w.WriteStartArray("values");
                foreach (string v in p.Values) SweepPoint.WriteValue(w, v);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("pointCount", PointCount);
            if (Shard is { } shard) w.WriteString("shard", shard.ToString());
            w.WriteBoolean("partial", Partial);
            w.WriteStartArray("points");
            foreach (SweepPoint point in Points)
            {
                w.WriteStartObject();
                point.WriteBody(w);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    /// <summary>
    /// The points as CSV, one row per point: <c>index</c>, one column per parameter path, <c>replications</c>,
    /// <c>unstable</c>, <c>bottleneck</c>, <c>warmupSeconds</c>, then <c>&lt;metric&gt;.mean</c> and
    /// <c>&lt;metric&gt;.ci95</c> for every metric (names as in the JSON, dotted: <c>latencyMs.p95.mean</c>). Numbers
    /// are written exactly as in the JSON; a missing value is an empty cell.
    /// </summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        List<string> metricNames = Points.Count > 0 ? [.. Metrics(Points[0].Results).Select(m => m.Name)] : [];
        var header = new List<string> { "index" };
        header.AddRange(Parameters.Select(p => p.Path));
        header.AddRange(["replications", "unstable", "bottleneck", "warmupSeconds"]);
        foreach (string m in metricNames) header.AddRange([m + ".mean", m + ".ci95"]);
        AppendRow(sb, header);
        foreach (SweepPoint point in Points)
        {
            var row = new List<string> { point.Index.ToString(CultureInfo.InvariantCulture) };
            row.AddRange(point.Values.Select(kv => kv.Value));
            JsonElement r = point.Results;
            row.Add(Raw(r, "replications"));
            row.Add(Raw(r, "unstable"));
            row.Add(r.TryGetProperty("bottleneck", out JsonElement b) ? b.GetString() ?? "" : "");
            row.Add(Raw(r, "warmupSeconds"));
            var metrics = Metrics(r).ToDictionary(m => m.Name, m => m.Value);
            foreach (string m in metricNames)
            {
                if (metrics.TryGetValue(m, out JsonElement v))
                {
                    row.Add(Raw(v, "mean"));
                    row.Add(Raw(v, "ci95"));
                }
                else row.AddRange(["", ""]);
            }
            AppendRow(sb, row);
        }
        return sb.ToString();
    }

    /// <summary>Reads a document written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The text of a <c>sweep.json</c>.</param>
    /// <exception cref="FormatException">Not a sweep result.</exception>
    public static SweepResult Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            JsonElement root = doc.RootElement;
            var parameters = new List<SweepParameter>();
            foreach (JsonElement p in root.GetProperty("parameters").EnumerateArray())
                parameters.Add(new SweepParameter(p.GetProperty("path").GetString()!, [.. p.GetProperty("values").EnumerateArray().Select(SweepPoint.ValueText)]));
            SweepShard? shard = null;
            if (root.TryGetProperty("shard", out JsonElement s))
            {
                if (!SweepShard.TryParse(s.GetString() ?? "", out SweepShard parsed, out string error)) throw new FormatException("shard: " + error);
                shard = parsed;
            }
            return new SweepResult(
                root.GetProperty("scenario").GetString()!,
                root.GetProperty("phase").GetString()!,
                root.GetProperty("fingerprint").GetString()!,
                parameters,
                root.GetProperty("pointCount").GetInt32(),
                shard,
                root.GetProperty("partial").GetBoolean(),
                [.. root.GetProperty("points").EnumerateArray().Select(SweepPoint.Read)]);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new FormatException($"not a sweep result ({ex.Message})", ex);
        }
    }

    /// <summary>
    /// Joins the shards of one sweep into the result of the whole grid — the same document, byte for byte, as an
    /// unsharded run. The parts must share the fingerprint, none may be partial, and together they must hold every
    /// point exactly once.
    /// </summary>
    /// <param name="parts">The shard results (an unsharded result is accepted too).</param>
    /// <param name="sources">Where each part came from, for messages; same length as <paramref name="parts"/>, or null.</param>
    /// <exception cref="ArgumentException">The parts do not make up one complete sweep; the message says why.</exception>
    public static SweepResult Merge(IReadOnlyList<SweepResult> parts, IReadOnlyList<string>? sources = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0) throw new ArgumentException("Nothing to merge: give the output folders of the shards.", nameof(parts));
        string Name(int i) => sources is not null && i < sources.Count ? sources[i] : $"part {i + 1}";
        SweepResult first = parts[0];
        var byIndex = new SweepPoint?[first.PointCount];
        var from = new int[first.PointCount];
        for (int i = 0; i < parts.Count; i++)
        {
            SweepResult part = parts[i];
            if (part.Fingerprint != first.Fingerprint || part.PointCount != first.PointCount)
                throw new ArgumentException($"{Name(i)} is a different sweep from {Name(0)} (fingerprint {part.Fingerprint} vs {first.Fingerprint}): merge only shards run with the same scenario, options and --param values.", nameof(parts));
            if (part.Partial)
                throw new ArgumentException($"{Name(i)} is partial (shard {part.Shard?.ToString() ?? "1/1"}, {part.Points.Count} point(s) finished): re-run it with the same --out to finish it, then merge.", nameof(parts));
            foreach (SweepPoint p in part.Points)
            {
                if (p.Index >= first.PointCount) throw new ArgumentException($"{Name(i)} holds point {p.Index}, beyond the grid's {first.PointCount} points.", nameof(parts));
                if (byIndex[p.Index] is not null)
                    throw new ArgumentException($"point {p.Index} is in both {Name(from[p.Index])} and {Name(i)}: give each shard once.", nameof(parts));
                byIndex[p.Index] = p;
                from[p.Index] = i;
            }
        }
        var missing = Enumerable.Range(0, first.PointCount).Where(k => byIndex[k] is null).ToList();
        if (missing.Count > 0)
        {
            string list = string.Join(", ", missing.Take(10)) + (missing.Count > 10 ? ", …" : "");
            string shards = string.Join(", ", parts.Select(p => p.Shard?.ToString() ?? "1/1"));
            throw new ArgumentException($"incomplete: {missing.Count} of {first.PointCount} points are missing (points {list}); shards given: {shards}. Run and merge every shard i/n.", nameof(parts));
        }
        return first with { Shard = null, Partial = false, Points = [.. byIndex.Select(p => p!)] };
    }

    /// <summary>The metrics of a summary object, flattened to dotted names: (<c>latencyMs.p95</c>, {mean, ci95}).</summary>
    private static IEnumerable<(string Name, JsonElement Value)> Metrics(JsonElement results)
    {
        if (!results.TryGetProperty("metrics", out JsonElement metrics)) yield break;
        foreach (JsonProperty m in metrics.EnumerateObject())
        {
            if (m.Value.TryGetProperty("ci95", out _)) yield return (m.Name, m.Value);
            else
                foreach (JsonProperty sub in m.Value.EnumerateObject()) yield return (m.Name + "." + sub.Name, sub.Value);
        }
    }

    private static string Raw(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind != JsonValueKind.Null ? v.GetRawText() : "";

    private static void AppendRow(StringBuilder sb, List<string> cells)
    {
        for (int i = 0; i < cells.Count; i++)
        {
            if (i > 0) sb.Append(',');
            string c = cells[i];
            if (c.IndexOfAny([',', '"', '\n', '\r']) >= 0) sb.Append('"').Append(c.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            else sb.Append(c);
        }
        sb.Append('\n');
    }
}
