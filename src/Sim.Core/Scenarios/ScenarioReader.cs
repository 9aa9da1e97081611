using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sim.Distributions;
using Sim.Units;
using Sim.Validation;

namespace Sim.Scenarios;

/// <summary>
/// Fills defaults into a resolved scenario document and reads it into a <see cref="StackScenario"/>, collecting one
/// <see cref="ValidationError"/> per problem. The reader checks what is about JSON — the fields an object may and must
/// have, types, units, whole numbers that fit their field — and then runs <see cref="ScenarioValidator"/> on the record,
/// the same checks a scenario built in code gets, so that ranges and every other rule live in one place. Not thread safe
/// (one instance per document); never throws on user input.
/// </summary>
internal sealed partial class ScenarioReader(List<ValidationError> errors)
{
    private static readonly JsonSerializerOptions RawOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A request class name, and a JSON key written after a dot in a path.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9_-]+$")]
    internal static partial Regex ClassName();

    /// <summary>The value as written, for error messages.</summary>
    public static string Raw(JsonNode? node) => node is null ? "null" : node.ToJsonString(RawOptions);

    /// <summary>"; did you mean 'x'?" for the closest name within a small edit distance, else empty.</summary>
    public static string Suggestion(string name, IEnumerable<string> candidates)
        => Nearest(name, candidates) is { } best ? $"; did you mean '{best}'?" : "";

    /// <summary>The candidate closest to <paramref name="name"/> (case-insensitive), if within a small edit distance; else null.</summary>
    public static string? Nearest(string name, IEnumerable<string> candidates) => Validation.NearestName.Find(name, candidates);

    /// <summary>Inserts the documented default of every absent optional field, recursively (in place).</summary>
    public static void FillDefaults(JsonNode? node, Shape shape)
    {
        switch (shape)
        {
            case NullableShape n:
                FillDefaults(node, n.Inner);
                break;
            case ObjectShape o when node is JsonObject obj:
                foreach (Field f in o.Fields)
                {
                    if (!obj.ContainsKey(f.Name) && f.Default is not null && !(f.DefaultUnless is { } other && obj.ContainsKey(other)))
                    {
                        obj[f.Name] = JsonNode.Parse(f.Default);
                    }
                    if (obj.TryGetPropertyValue(f.Name, out JsonNode? child)) FillDefaults(child, f.Shape);
                }
                break;
            case OneKeyShape k when node is JsonObject step && step.Count == 1:
                var (key, value) = step.First();
                if (k.Find(key) is { } alt) FillDefaults(value, alt.Shape);
                break;
            case ArrayShape a when node is JsonArray arr:
                foreach (JsonNode? item in arr) FillDefaults(item, a.Item);
                break;
            case SloShape when node is JsonObject slo:
                if (!slo.Any(kv => ScenarioSchema.IsSloLatencyKey(kv.Key))) slo[ScenarioSchema.DefaultSloKey] = JsonNode.Parse(ScenarioSchema.DefaultSloLatency);
                if (!slo.ContainsKey("errorRate")) slo["errorRate"] = JsonNode.Parse(ScenarioSchema.DefaultSloErrorRate);
                break;
        }
    }

    /// <summary>
    /// Reads a filled document (without phases) and validates the record; null when any error was added. The reading is
    /// driven by <see cref="ScenarioSchema"/>: each object starts from its record's defaults (<see cref="ObjectShape.Create"/>)
    /// and each field present is read by its kind and set through its <see cref="Field.To"/> binding, in schema order.
    /// Where reading fails the record gets a placeholder (0, an empty text, a zero distribution, a null part) and list
    /// items keep their index, so that the validator's paths still match the document; its errors on a value the reader
    /// already reported (the same path, inside it or around it) are dropped.
    /// </summary>
    public StackScenario? Build(JsonObject root)
    {
        int before = errors.Count;
        var scenario = (StackScenario)ReadObject(root, ScenarioSchema.Root, "$")!;
        int read = errors.Count;
        var found = new List<ValidationError>();
        string? sloKey = (root["slo"] as JsonObject)?.Select(kv => kv.Key).FirstOrDefault(ScenarioSchema.IsSloLatencyKey);
        ScenarioValidator.Validate(scenario, found, path => ScenarioPaths.TryFind(root, path, out JsonNode? node) ? Raw(node) : null, othersFound: read != before, sloKey);
        foreach (ValidationError e in found)
        {
            bool reported = false;
            for (int i = before; i < read && !reported; i++) reported = ScenarioPaths.Overlaps(errors[i].Path, e.Path);
            if (!reported) errors.Add(e);
        }
        return errors.Count == before ? scenario : null;
    }

    /// <summary>The record of an object shape, or null when the node is not an object (reported).</summary>
    internal object? ReadObject(JsonNode? node, ObjectShape shape, string path)
    {
        if (Object(node, shape, path) is not { } checkedObject) return null;
        object record = shape.Create!();
        foreach (Field f in shape.Fields)
        {
            if (f.To is null || !checkedObject.Node.TryGetPropertyValue(f.Name, out JsonNode? value)) continue; // absent: the record's default
            record = f.To.Set(record, ReadValue(value, Join(path, f.Name), f.Shape, f.To.ValueType));
        }
        return record;
    }

    // One field's value, as its binding's type; a placeholder where it could not be read (the error is recorded).
    private object? ReadValue(JsonNode? node, string path, Shape shape, Type type)
    {
        switch (shape)
        {
            case NullableShape n:
                return node is null ? null : ReadValue(node, path, n.Inner, type);
            case ObjectShape o:
                return ReadObject(node, o, path);
            case ArrayShape { Item: OneKeyShape }:
                return ReadSteps(node, path, (ArrayShape)shape);
            case ArrayShape a:
                return ReadItems(node, path, a);
            case SloShape:
                return Slo(node, path);
        }
        var l = (LeafShape)shape;
        if (type == typeof(int)) return (int)ReadWhole(node, path, l, int.MinValue, int.MaxValue);
        if (type == typeof(long)) return ReadWhole(node, path, l, long.MinValue, long.MaxValue);
        if (type == typeof(Distribution)) return ReadDistribution(node, path, l) ?? Deterministic.Of(0);
        object? value = ReadLeaf(node, path, l);
        if (value is not null || l.Kind == LeafKind.Warmup) return value;
        return type == typeof(string) ? "" : type == typeof(bool) ? false : type == typeof(ulong) ? 0UL : (object)0.0;
    }

    // The items of an array of objects; an item that is not a valid object (reported) becomes the shape's placeholder,
    // so that indices are kept, and a list shorter than its minimum is padded likewise.
    private List<object?> ReadItems(JsonNode? node, string path, ArrayShape a)
    {
        var items = new List<object?>();
        if (node is not JsonArray arr || arr.Count < a.MinCount)
        {
            Add(path, Raw(node), a.MinCount > 0 || a.DescribeAsNonEmpty ? $"a non-empty list ({a.Doc.TrimEnd('.')})" : "a list");
        }
        else
        {
            for (int i = 0; i < arr.Count; i++)
                items.Add(a.Item is LeafShape leaf ? ReadLeaf(arr[i], $"{path}[{i}]", leaf) : ReadObject(arr[i], (ObjectShape)a.Item, $"{path}[{i}]") ?? a.Invalid!(items));
        }
        while (items.Count < a.MinCount) items.Add(a.Invalid!(items));
        return items;
    }

    private SloSpec Slo(JsonNode? node, string path)
    {
        if (node is not JsonObject obj)
        {
            Add(path, Raw(node), "an object {\"p95\": \"500ms\", \"errorRate\": \"0.1%\"}");
            return new SloSpec { LatencyQuantile = 0.95, LatencyLimitSeconds = 0.5, MaxErrorRate = 0.001 };
        }
        double quantile = 0.95, limit = 0.5, errorRate = 0.001;
        int latencyKeys = 0;
        var classes = new List<ClassSloSpec>();
        var exclude = new List<string>();
        foreach (var (key, value) in obj)
        {
            string keyPath = $"{path}[\"{key}\"]";
            if (key == "errorRate")
            {
                errorRate = ReadRatio(value, path + ".errorRate", ScenarioSchema.SloErrorRate);
            }
            else if (key == ScenarioSchema.SloClassesKey)
            {
                SloClasses(value, $"{path}.{key}", classes);
            }
            else if (key == ScenarioSchema.SloExcludeClassesKey)
            {
                string listPath = $"{path}.{key}";
                if (value is not JsonArray names) Add(listPath, Raw(value), "a list of request class names, e.g. [\"static\"]");
                else
                {
                    for (int i = 0; i < names.Count; i++)
                    {
                        if (names[i] is JsonValue v && v.TryGetValue(out string? name)) exclude.Add(name);
                        else
                        {
                            Add($"{listPath}[{i}]", Raw(names[i]), "a request class name (a string)");
                            exclude.Add("");
                        }
                    }
                }
            }
            else if (Regex.IsMatch(key, ScenarioSchema.SloKeyPattern))
            {
                latencyKeys++;
                quantile = double.Parse(key[1..], CultureInfo.InvariantCulture) / 100;
                limit = ReadQuantity(value, keyPath, ScenarioSchema.SloLatencyLimit);
                if (latencyKeys == 2) Add(keyPath, Raw(value), "one latency quantile per SLO; remove the other pNN key");
            }
            else
            {
                Add(keyPath, Raw(value), $"unknown SLO key '{key}'; allowed: one latency quantile p50, p95, p99, p99.9 … (a duration), errorRate (a ratio), classes and excludeClasses");
            }
        }
        return new SloSpec { LatencyQuantile = quantile, LatencyLimitSeconds = limit, MaxErrorRate = errorRate, Classes = classes, ExcludeClasses = exclude };
    }

    // slo.classes: class name → {"pNN": duration}, one latency key each. A clause that cannot be read is left out (reported).
    private void SloClasses(JsonNode? node, string path, List<ClassSloSpec> classes)
    {
        const string Example = "an object of request class → one latency quantile, e.g. {\"page\": {\"p95\": \"500ms\"}, \"static\": {\"p95\": \"50ms\"}}";
        if (node is not JsonObject obj)
        {
            Add(path, Raw(node), Example);
            return;
        }
        foreach (var (name, value) in obj)
        {
            string classPath = $"{path}.{name}";
            if (value is not JsonObject clause || clause.Count != 1 || !Regex.IsMatch(clause.First().Key, ScenarioSchema.SloKeyPattern))
            {
                Add(classPath, Raw(value), "an object with one latency quantile key p50, p95, p99, p99.9 … and a duration, e.g. {\"p95\": \"500ms\"}");
                continue;
            }
            var (key, limitNode) = clause.First();
            double limit = ReadQuantity(limitNode, $"{classPath}[\"{key}\"]", ScenarioSchema.SloLatencyLimit);
            classes.Add(new ClassSloSpec(name, double.Parse(key[1..], CultureInfo.InvariantCulture) / 100, limit));
        }
    }

    /// <summary>Checks that <paramref name="node"/> is an object of <paramref name="shape"/>: no unknown fields, no missing required ones, exclusive groups respected.</summary>
    public Reader? Object(JsonNode? node, ObjectShape shape, string path)
    {
        if (node is not JsonObject obj)
        {
            Add(path, Raw(node), $"an object ({shape.Doc.TrimEnd('.')}) with fields {string.Join(", ", shape.Fields.Select(f => f.Name))}");
            return null;
        }
        foreach (var (key, value) in obj)
        {
            if (shape.Find(key) is null)
            {
                string[] names = [.. shape.Fields.Select(f => f.Name)];
                Add(Join(path, key), Raw(value), $"unknown field '{key}'{Suggestion(key, names)}; allowed here: {string.Join(", ", names)}");
            }
        }
        foreach (Field f in shape.Fields.Where(f => f.Required && !obj.ContainsKey(f.Name)))
        {
            Add(Join(path, f.Name), "(missing)", $"required: {f.Shape.Doc}");
        }
        foreach (string[] group in shape.ExactlyOne ?? [])
        {
            string[] present = [.. group.Where(obj.ContainsKey)];
            if (present.Length != 1)
            {
                Add(path, present.Length == 0 ? "(missing)" : Raw(obj), present.Length == 0
                    ? $"exactly one of {string.Join(", ", group)}; none is given"
                    : $"exactly one of {string.Join(", ", group)}; {string.Join(" and ", present)} are both given");
            }
        }
        foreach (string[] group in shape.AtMostOne ?? [])
        {
            string[] present = [.. group.Where(obj.ContainsKey)];
            if (present.Length > 1) Add(path, Raw(obj), $"at most one of {string.Join(", ", group)}; {string.Join(" and ", present)} are both given");
        }
        return new Reader(this, obj, shape, path);
    }

    private static string Join(string path, string key) => ClassName().IsMatch(key) ? $"{path}.{key}" : $"{path}[\"{key}\"]";

    private void Add(string path, string value, string allowed) => errors.Add(new ValidationError(path, value, allowed));

    // A whole number that the record's int or long holds; beyond it the value cannot reach the validator, so the range
    // is reported here, in the validator's words.
    private long ReadWhole(JsonNode? node, string path, LeafShape l, long min, long max)
    {
        int before = errors.Count;
        double x = ReadNumber(node, path, l, whole: true);
        if (errors.Count != before) return 0;
        if (x < min || x > max)
        {
            Add(path, Raw(node), (x < min ? "too small" : "too large") + "; allowed: " + l.Allowed);
            return 0;
        }
        return (long)x;
    }

    // Types only: the range is the validator's. A number too large for a double (1e400) reads as infinity, which the
    // validator refuses with the words it uses for an infinite value built in code.
    private double ReadNumber(JsonNode? node, string path, LeafShape l, bool whole)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double x) && !double.IsNaN(x))
        {
            if (!whole || x == Math.Floor(x) || double.IsInfinity(x)) return x;
            Add(path, Raw(node), "expected a whole number; allowed: " + l.Allowed);
            return 0;
        }
        Add(path, Raw(node), (node is JsonValue s && s.GetValueKind() == JsonValueKind.String ? "expected a number, not a string" : "wrong type") + "; allowed: " + l.Allowed);
        return 0;
    }

    private double ReadRatio(JsonNode? node, string path, LeafShape l)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            string text = v.GetValue<string>().Trim();
            if (text.EndsWith('%') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double pct) && double.IsFinite(pct))
            {
                return pct / 100;
            }
            Add(path, Raw(node), "not a ratio; allowed: " + l.Allowed);
            return 0;
        }
        return ReadNumber(node, path, l, whole: false);
    }

    private double ReadQuantity(JsonNode? node, string path, LeafShape l)
    {
        string text;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) text = v.GetValue<string>();
        else if (node is JsonValue n && n.GetValueKind() == JsonValueKind.Number) text = Raw(node);
        else
        {
            Add(path, Raw(node), "wrong type; allowed: " + l.Allowed);
            return 0;
        }
        string error;
        bool ok = l.Kind switch
        {
            LeafKind.Duration or LeafKind.Warmup => Quantity.TryParseDuration(text, out double x1, out error) && Keep(x1),
            LeafKind.Bytes => Quantity.TryParseBytes(text, out double x2, out error) && Keep(x2),
            LeafKind.BitRate => Quantity.TryParseBitRate(text, out double x4, out error) && Keep(x4),
            _ => Quantity.TryParseRate(text, out double x3, out error) && Keep(x3),
        };
        if (!ok)
        {
            Add(path, Raw(node), error + "; allowed: " + l.Allowed);
            return 0;
        }
        return _kept;
    }

    /// <summary>Reads one leaf value by its kind (a whole number as long, a quantity in SI units, a warm-up of "auto" as null, an enum as its word, a distribution); errors are recorded and give null (0 for numbers and quantities).</summary>
    internal object? ReadLeaf(JsonNode? node, string path, LeafShape l)
    {
        switch (l.Kind)
        {
            case LeafKind.Integer: return ReadWhole(node, path, l, long.MinValue, long.MaxValue);
            case LeafKind.Number: return ReadNumber(node, path, l, whole: false);
            case LeafKind.Ratio: return ReadRatio(node, path, l);
            case LeafKind.Jitter:
                if (node is JsonValue j && j.GetValueKind() == JsonValueKind.String && j.GetValue<string>() is "full" or "equal" or "none")
                    return j.GetValue<string>() switch { "full" => 1.0, "equal" => 0.5, _ => 0.0 };
                return ReadRatio(node, path, l);
            case LeafKind.Duration or LeafKind.Bytes or LeafKind.Rate or LeafKind.BitRate: return ReadQuantity(node, path, l);
            case LeafKind.Warmup:
                return node is JsonValue s && s.GetValueKind() == JsonValueKind.String && s.GetValue<string>() == "auto" ? null : ReadQuantity(node, path, l);
            case LeafKind.Seed: return ReadSeed(node, path);
            case LeafKind.Bool:
                if (node is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return b.GetValue<bool>();
                Add(path, Raw(node), "true or false");
                return null;
            case LeafKind.Text:
                if (node is JsonValue t && t.GetValueKind() == JsonValueKind.String) return t.GetValue<string>();
                Add(path, Raw(node), "a string");
                return null;
            case LeafKind.Enum:
                if (node is JsonValue x && x.GetValueKind() == JsonValueKind.String && l.Values!.Contains(x.GetValue<string>())) return x.GetValue<string>();
                string hint = node is JsonValue y && y.GetValueKind() == JsonValueKind.String ? Suggestion(y.GetValue<string>(), l.Values!) : "";
                Add(path, Raw(node), $"one of {string.Join(", ", l.Values!)}{hint}");
                return null;
            default:
                return ReadDistribution(node, path, l);
        }
    }

    private ulong ReadSeed(JsonNode? v, string p)
    {
        if (v is JsonValue x && x.GetValueKind() == JsonValueKind.Number && x.TryGetValue(out ulong seed)) return seed;
        // Say why, as for the other whole numbers: 1e30 and -1 are out of range, 1.5 is not whole, "7" is a string.
        string why = v is JsonValue n && n.GetValueKind() == JsonValueKind.Number && n.TryGetValue(out double d)
            ? d < 0 ? "too small" : d >= 18446744073709551615.0 ? "too large" : d != Math.Floor(d) ? "expected a whole number" : "out of range"
            : v is JsonValue str && str.GetValueKind() == JsonValueKind.String ? "expected a number, not a string" : "wrong type";
        Add(p, Raw(v), why + "; allowed: a whole number in [0, 18446744073709551615]");
        return 0;
    }

    private double _kept;

    private bool Keep(double x)
    {
        _kept = x;
        return true;
    }

    private Distribution? ReadDistribution(JsonNode? node, string path, LeafShape l)
    {
        if (l.Kind == LeafKind.BitRateDistribution && node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            if (Quantity.TryParseBitRate(v.GetValue<string>(), out double bits, out string error)) return Deterministic.Of(bits);
            Add(path, Raw(node), error + "; allowed: a bit rate > 0 with a unit, e.g. \"20Mbit/s\", or a distribution of bits per second");
            return null;
        }
        if (l.Kind == LeafKind.BitRateDistribution && node is not JsonObject)
        {
            Add(path, Raw(node), "a bit rate > 0 with a unit, e.g. \"20Mbit/s\", or a distribution object of plain numbers in bits per second");
            return null;
        }
        DistributionUnit unit = l.Kind switch
        {
            LeafKind.DurationDistribution => DistributionUnit.Seconds,
            LeafKind.BytesDistribution => DistributionUnit.Bytes,
            _ => DistributionUnit.Dimensionless,
        };
        if (node is null)
        {
            Add(path, "null", "a distribution, e.g. \"5ms\" or {\"exponential\": {\"mean\": \"5ms\"}}");
            return null;
        }
        using JsonDocument doc = JsonDocument.Parse(node.ToJsonString());
        return DistributionJson.Parse(doc.RootElement, path, unit, errors);
    }

    // A step that cannot be read becomes a cache set (a step without parameters) in the record, so that the steps after
    // it keep their index for the validator: the guards of a cacheGet and the place of respond are counted in steps.
    private IReadOnlyList<Step> ReadSteps(JsonNode? node, string path, ArrayShape shape)
    {
        var steps = new List<Step>();
        if (node is not JsonArray arr)
        {
            Add(path, Raw(node), "a list of steps, e.g. [{\"cpu\": \"20ms\"}, {\"respond\": {\"size\": \"50KB\"}}]");
            return steps;
        }
        var alternatives = (OneKeyShape)shape.Item;
        string[] kinds = [.. alternatives.Alternatives.Select(a => a.Name)];
        for (int i = 0; i < arr.Count; i++) steps.Add(ReadStep(arr[i], $"{path}[{i}]", alternatives, kinds) ?? new CacheSetStep());
        return steps;
    }

    private Step? ReadStep(JsonNode? item, string stepPath, OneKeyShape alternatives, string[] kinds)
    {
        if (item is not JsonObject obj || obj.Count != 1)
        {
            Add(stepPath, Raw(item), $"a step: an object with exactly one key, one of {string.Join(", ", kinds)}");
            return null;
        }
        var (kind, body) = obj.First();
        string bodyPath = $"{stepPath}.{kind}";
        Field? alt = alternatives.Find(kind);
        if (alt is null)
        {
            Add(bodyPath, Raw(body), $"unknown step '{kind}'{Suggestion(kind, kinds)}; allowed: {string.Join(", ", kinds)}");
            return null;
        }
        if (alt.Shape is LeafShape leaf)
        {
            // A step written as a bare value ({"cpu": "20ms"}): its binding makes the step.
            Distribution? dist = ReadDistribution(body, bodyPath, leaf);
            return dist is null ? null : (Step)alt.To!.Set(null!, dist);
        }
        return (Step?)ReadObject(body, (ObjectShape)alt.Shape, bodyPath);
    }

    /// <summary>One checked object: its node and path, and its text fields (the loader reads a phase's name and description with it).</summary>
    internal sealed class Reader(ScenarioReader owner, JsonObject node, ObjectShape shape, string path)
    {
        public JsonObject Node => node;

        public string Path => path;

        /// <summary>An object field read into its record (the shape's binding type), or null when absent or not an object (reported).</summary>
        public object? Record(string name)
        {
            Field f = shape.Find(name) ?? throw new InvalidOperationException($"Field '{name}' is not in the schema of {path}.");
            return node.TryGetPropertyValue(name, out JsonNode? v) ? owner.ReadObject(v, (ObjectShape)f.Shape, Join(path, name)) : null;
        }

        /// <summary>A text field: its value, "" when absent, or "" with an error recorded when it is not a string.</summary>
        public string Text(string name)
        {
            Field f = shape.Find(name) ?? throw new InvalidOperationException($"Field '{name}' is not in the schema of {path}.");
            if (!node.TryGetPropertyValue(name, out JsonNode? v)) return "";
            return owner.ReadLeaf(v, Join(path, name), (LeafShape)f.Shape) as string ?? "";
        }
    }
}
