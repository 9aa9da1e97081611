using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sim.Distributions;
using Sim.Scenarios;
using Sim.Units;
using Sim.Validation;

namespace Sim.Experiments;

/// <summary>
/// Finds the numeric fields of a resolved scenario document (walking it with <see cref="ScenarioSchema.Root"/>) and makes
/// each one's low and high override. Stateless.
/// </summary>
internal static class SensitivityFields
{
    /// <summary>A numeric field found: its dotted path, its shape and its JSON value.</summary>
    internal sealed record Field(string Path, LeafShape Leaf, JsonNode Node);

    /// <summary>The fields no sensitivity varies, and why (shown by <c>sim sensitivity --help</c> and docs/sensitivity.md).</summary>
    internal const string RunControlReason = "run control (duration, warm-up, replications, seed, in-flight cap), not a property of the system";

    private static readonly LeafShape MixtureWeight = new("Relative weight of a mixture part.", LeafKind.Number, 0, null, MinExclusive: true);

    /// <summary>Every numeric leaf of <paramref name="doc"/> (whole numbers, numbers, ratios, durations, sizes, rates, distributions, and the weights of a mixture's parts), in document order.</summary>
    public static List<Field> Numeric(JsonObject doc)
    {
        var found = new List<Field>();
        Walk(doc, ScenarioSchema.Root, "", found);
        return found;
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static void Walk(JsonNode? node, Shape shape, string path, List<Field> found)
    {
        if (node is null) return;
        switch (shape)
        {
            case NullableShape n:
                Walk(node, n.Inner, path, found);
                break;
            case ObjectShape o when node is JsonObject obj:
                foreach (var (key, value) in obj)
                    if (o.Find(key) is { } f) Walk(value, f.Shape, Join(path, key), found);
                break;
            case OneKeyShape k when node is JsonObject obj:
                foreach (var (key, value) in obj)
                    if (k.Find(key) is { } f) Walk(value, f.Shape, Join(path, key), found);
                break;
            case ArrayShape a when node is JsonArray arr:
                var names = new HashSet<string>(StringComparer.Ordinal);
                for (int i = 0; i < arr.Count; i++)
                {
                    // A named item (a request class) is reached by its name, as phases and --set write it: classes.page.weight.
                    string? name = a.NamedBy is { } by && arr[i] is JsonObject item && item[by] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
                    bool byName = name is not null && ScenarioReader.ClassName().IsMatch(name) && arr.Count(x => x is JsonObject o2 && o2[a.NamedBy!] is JsonValue w && w.TryGetValue(out string? t) && t == name) == 1;
                    Walk(arr[i], a.Item, byName ? Join(path, name!) : $"{path}[{i}]", found);
                }
                break;
            case LeafShape l when l.Kind is LeafKind.Integer or LeafKind.Number or LeafKind.Ratio or LeafKind.Duration or LeafKind.Bytes or LeafKind.Rate
                or LeafKind.DurationDistribution or LeafKind.BytesDistribution or LeafKind.BitRateDistribution:
                found.Add(new Field(path, l, node));
                if (node is JsonObject d && d["mixture"] is JsonArray parts)
                    for (int i = 0; i < parts.Count; i++)
                        if (parts[i] is JsonObject part && part["weight"] is { } weight) found.Add(new Field($"{path}.mixture[{i}].weight", MixtureWeight, weight));
                break;
        }
    }

    /// <summary>
    /// The parameter <paramref name="field"/> becomes at ±<paramref name="delta"/>, or why it is not varied. Fields under
    /// <c>run</c> and the times of a load profile are never varied; a zero is not (±X % of 0 is 0); nor is a count whose
    /// rounded low and high both equal it.
    /// </summary>
    public static (SensitivityParameter? Parameter, string? Skip) Vary(Field field, double delta)
    {
        string path = field.Path;
        if (path.StartsWith("run.", StringComparison.Ordinal)) return (null, RunControlReason);
        if (path.StartsWith("load.", StringComparison.Ordinal) && path.Contains("open.profile", StringComparison.Ordinal) && path.EndsWith(".at", StringComparison.Ordinal))
            return (null, "a time on the load profile's axis; vary its rates instead");
        var errors = new List<ValidationError>();
        object? read = new ScenarioReader(errors).ReadLeaf(field.Node, "$." + path, field.Leaf);
        if (errors.Count > 0 || read is null) return (null, "not readable: " + string.Join("; ", errors));
        LeafShape leaf = field.Leaf;
        double value = read switch { long n => n, double x => x, Distribution dist => dist.Mean, _ => double.NaN };
        if (!double.IsFinite(value)) return (null, "not a finite number");
        string pct = (delta * 100).ToString("0.##", CultureInfo.InvariantCulture);
        if (value == 0) return (null, $"0: ±{pct} % of 0 is 0");
        string unit = leaf.Kind switch
        {
            LeafKind.Duration or LeafKind.DurationDistribution => "s",
            LeafKind.Bytes or LeafKind.BytesDistribution => "B",
            LeafKind.Rate => "/s",
            LeafKind.BitRateDistribution => "bit/s",
            LeafKind.Integer => "count",
            LeafKind.Ratio => "ratio",
            _ => "",
        };
        if (read is Distribution)
        {
            JsonNode low = Scale(field.Node, 1 - delta, leaf.Kind), high = Scale(field.Node, 1 + delta, leaf.Kind);
            return (new SensitivityParameter(path, unit, true, value, MeanOf(low, leaf), MeanOf(high, leaf), Override(path, low), Override(path, high)), null);
        }
        double lo = value * (1 - delta), hi = value * (1 + delta);
        if (leaf.Kind == LeafKind.Integer)
        {
            lo = Math.Round(lo, MidpointRounding.AwayFromZero);
            hi = Math.Round(hi, MidpointRounding.AwayFromZero);
        }
        else
        {
            lo = Round6(lo);
            hi = Round6(hi);
        }
        if (leaf.Min is { } min) lo = Math.Max(lo, leaf.MinExclusive && leaf.Kind == LeafKind.Integer ? min + 1 : min);
        if (leaf.Max is { } max) hi = Math.Min(hi, max);
        if (lo == value && hi == value)
            return (null, leaf.Kind == LeafKind.Integer ? $"{value.ToString(CultureInfo.InvariantCulture)}: ±{pct} % rounds to the same count" : $"at the end of its range: {leaf.Range}");
        if (!leaf.Contains(lo) || !leaf.Contains(hi)) return (null, $"±{pct} % leaves its range {leaf.Range}");
        return (new SensitivityParameter(path, unit, false, value, lo, hi, Override(path, Write(lo, leaf.Kind)), Override(path, Write(hi, leaf.Kind))), null);
    }

    private static string Override(string path, JsonNode value) => path + "=" + value.ToJsonString();

    private static double Round6(double x) => double.Parse(x.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static JsonNode Write(double x, LeafKind kind) => kind switch
    {
        LeafKind.Duration or LeafKind.DurationDistribution => JsonValue.Create(Quantity.FormatDuration(x)),
        LeafKind.Bytes or LeafKind.BytesDistribution => JsonValue.Create(Quantity.FormatBytes(x)),
        LeafKind.Rate => JsonValue.Create(x.ToString("R", CultureInfo.InvariantCulture) + "/s"),
        LeafKind.BitRateDistribution => JsonValue.Create(x.ToString("R", CultureInfo.InvariantCulture) + "bit/s"),
        LeafKind.Integer => JsonValue.Create((long)x),
        _ => JsonValue.Create(x),
    };

    private static double MeanOf(JsonNode node, LeafShape leaf) =>
        new ScenarioReader([]).ReadLeaf(node, "$", leaf) is Distribution d ? d.Mean : double.NaN;

    /// <summary>
    /// The distribution written in <paramref name="node"/> with its values multiplied by <paramref name="c"/>: every value with
    /// a unit (a mean, bound, median, p95, scale, standard deviation, sample, constant) × c, a rate ÷ c, a log-normal's μ + ln c;
    /// shape parameters (σ, shape, cv, k, α) and mixture weights stay. The mean becomes c × the mean, the coefficient of variation stays.
    /// </summary>
    internal static JsonNode Scale(JsonNode node, double c, LeafKind kind)
    {
        switch (node)
        {
            case JsonValue v:
                return Magnitude(v, c, kind);
            case JsonObject o:
                var result = new JsonObject();
                foreach (var (family, body) in o)
                {
                    if (family == "mixture" && body is JsonArray parts)
                    {
                        var scaled = new JsonArray();
                        foreach (JsonNode? part in parts)
                        {
                            var p = (JsonObject)part!.DeepClone();
                            if (p["distribution"] is { } inner) p["distribution"] = Scale(inner, c, kind);
                            scaled.Add((JsonNode)p);
                        }
                        result[family] = scaled;
                    }
                    else if (family == "empirical" && body is JsonObject e && e["samples"] is JsonArray samples)
                    {
                        var scaled = new JsonArray();
                        foreach (JsonNode? sample in samples) scaled.Add((JsonNode?)(sample is JsonValue sv ? Magnitude(sv, c, kind) : sample?.DeepClone()));
                        result[family] = new JsonObject { ["samples"] = scaled };
                    }
                    else if (body is JsonObject parameters)
                    {
                        var scaled = new JsonObject();
                        foreach (var (name, value) in parameters)
                        {
                            scaled[name] = name switch
                            {
                                "mu" when value is JsonValue mu && mu.TryGetValue(out double m) => JsonValue.Create(m + Math.Log(c)),
                                "sigma" or "shape" or "cv" or "k" or "alpha" => value?.DeepClone(),
                                "rate" when value is JsonValue r => Magnitude(r, 1 / c, LeafKind.Rate),
                                _ when value is JsonValue x => Magnitude(x, c, kind),
                                _ => value?.DeepClone(),
                            };
                        }
                        result[family] = scaled;
                    }
                    else
                    {
                        result[family] = body?.DeepClone();
                    }
                }
                return result;
            default:
                return node.DeepClone();
        }
    }

    private static JsonNode Magnitude(JsonValue v, double c, LeafKind kind)
    {
        if (v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double n)) return JsonValue.Create(Round6(n * c));
        if (!v.TryGetValue(out string? text)) return v.DeepClone();
        double x;
        bool ok = kind switch
        {
            LeafKind.Rate => Quantity.TryParseRate(text, out x, out _),
            LeafKind.DurationDistribution or LeafKind.Duration => Quantity.TryParseDuration(text, out x, out _)
                || Quantity.TryParseSignedDuration(text, out x, out _),
            LeafKind.BytesDistribution or LeafKind.Bytes => Quantity.TryParseBytes(text, out x, out _) || Quantity.TryParseSignedBytes(text, out x, out _),
            _ => Quantity.TryParseBitRate(text, out x, out _),
        };
        return ok ? Write(Round6(x * c), kind) : v.DeepClone();
    }
}
