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
                if (!slo.Any(kv => kv.Key != "errorRate")) slo[ScenarioSchema.DefaultSloKey] = JsonNode.Parse(ScenarioSchema.DefaultSloLatency);
                if (!slo.ContainsKey("errorRate")) slo["errorRate"] = JsonNode.Parse(ScenarioSchema.DefaultSloErrorRate);
                break;
        }
    }

    /// <summary>
    /// Reads a filled document (without phases) and validates the record; null when any error was added. Where reading
    /// fails the record gets a placeholder and list items keep their index, so that the validator's paths still match the
    /// document; its errors on a value the reader already reported (the same path, inside it or around it) are dropped.
    /// </summary>
    public StackScenario? Build(JsonObject root)
    {
        int before = errors.Count;
        var r = Object(root, ScenarioSchema.Root, "$")!;
        string name = r.Text("name");
        string description = r.Text("description");

        RunSettings? run = r.Child("run") is { } ru
            ? new RunSettings(ru.Duration("duration"), ru.Warmup("warmup"), ru.Int("replications"), ru.Seed("seed"), ru.Int("maxInFlight"))
            : null;

        LoadSpec? load = null;
        if (r.Child("load") is { } lo)
        {
            OpenLoad? open = null;
            if (lo.Child("open") is { } op)
            {
                var profile = new List<RatePoint>();
                if (op.Has("profile"))
                {
                    foreach (Reader? p in op.Items("profile", minCount: 1))
                    {
                        profile.Add(p is null ? new RatePoint(profile.Count > 0 ? profile[^1].At : 0, 0) : new RatePoint(p.Duration("at"), p.Rate("rate")));
                    }
                    if (profile.Count == 0) profile.Add(new RatePoint(0, 0)); // reported: not a non-empty list
                }
                open = new OpenLoad(op.Has("rate") ? op.Rate("rate") : 0, profile);
            }
            ClosedLoad? closed = lo.Child("closed") is { } cl ? new ClosedLoad(cl.Int("users"), cl.Dist("thinkTime") ?? Deterministic.Of(0)) : null;
            load = new LoadSpec(open, closed);
        }

        LoadBalancerSpec? lb = r.Child("loadBalancer") is { } b
            ? new LoadBalancerSpec(b.Int("servers"), b.Enum("policy") switch
            {
                "leastConnections" => BalancingPolicy.LeastConnections,
                "random" => BalancingPolicy.Random,
                "powerOfTwoChoices" => BalancingPolicy.PowerOfTwoChoices,
                _ => BalancingPolicy.RoundRobin,
            }, b.Duration("latency"))
            : null;

        Distribution zero = Deterministic.Of(0);
        ProxySpec? proxy = null;
        if (r.Child("proxy") is { } px)
        {
            GzipSpec? gzip = px.Child("gzip") is { } gz ? new GzipSpec(gz.Bool("enabled"), gz.Ratio("ratio"), gz.Duration("cpuPerMB")) : null;
            proxy = new ProxySpec(px.Int("maxConnections"), px.Bool("clientKeepalive"), px.Dist("handshake") ?? zero, px.Duration("handshakeCpu"),
                px.Bool("upstreamKeepalive"), px.Dist("upstreamConnect") ?? zero, gzip!, px.Bool("buffering"), px.Ratio("staticHitRatio"), px.Dist("serviceTime") ?? zero, px.Bytes("socketBuffer"));
        }

        WorkerPoolSpec? workers = r.Child("workers") is { } w
            ? new WorkerPoolSpec(w.Int("count"), w.Int("backlog"), w.Duration("timeout"), w.Duration("restartTime"), w.Bytes("memoryPerWorker"))
            : null;
        HostSpec? host = r.Child("host") is { } h ? new HostSpec(h.Int("cores"), h.Bytes("baseMemory"), h.Bytes("totalMemory")) : null;

        CacheSpec? cache = null;
        if (r.Child("cache") is { } c)
        {
            KeySpaceSpec? keySpace = c.Child("keySpace") is { } k
                ? new KeySpaceSpec(k.Long("keys"), k.Number("zipfExponent"), k.Dist("objectSize") ?? zero, k.Bytes("maxMemory"), k.Duration("ttl"))
                : null;
            cache = new CacheSpec(c.Bool("enabled"), c.Int("maxConnections"), c.Enum("whenExhausted") == "error" ? ConnectionExhaustion.Error : ConnectionExhaustion.Wait,
                c.Dist("operationTime") ?? zero, c.Has("hitRatio") ? c.Ratio("hitRatio") : 0, keySpace);
        }

        DbConnectionsSpec? dbc = null;
        if (r.Child("dbConnections") is { } d)
        {
            DbPoolSpec? pool = d.Child("pool") is { } p ? new DbPoolSpec(p.Int("size"), p.Duration("waitTimeout")) : null;
            dbc = new DbConnectionsSpec(d.Duration("connMaxAge"), d.Dist("connectTime") ?? zero, d.Duration("connectCpu"), pool);
        }

        DatabaseSpec? db = r.Child("database") is { } pg
            ? new DatabaseSpec(pg.Int("maxConnections"), pg.Int("cores"), pg.Duration("connectCpu"), pg.Bytes("memoryPerConnection"), pg.Int("readReplicas"), pg.Ratio("replicaReads"))
            : null;

        TaskQueueSpec? tasks = r.Child("taskQueue") is { } t
            ? new TaskQueueSpec(t.Dist("brokerLatency") ?? zero, t.Int("concurrency"), t.Int("cores"), t.Steps("steps"))
            : null;

        NetworkSpec? network = r.Child("network") is { } nw ? new NetworkSpec(nw.Dist("clientBandwidth") ?? zero, nw.Duration("roundTrip")) : null;
        WebSocketSpec? ws = r.Child("webSockets") is { } wsr ? new WebSocketSpec(wsr.Int("connections"), wsr.Bytes("memoryPerConnection")) : null;

        var classes = new List<RequestClass>();
        if (r.Has("classes"))
        {
            foreach (Reader? cr in r.Items("classes", minCount: 0, describeAsNonEmpty: true))
            {
                classes.Add(cr is null ? new RequestClass("", 1, []) : new RequestClass(cr.Text("name"), cr.Number("weight"), cr.Steps("steps"), cr.Bool("staticAtProxy")));
            }
        }

        SloSpec slo = Slo(root["slo"], "$.slo");

        // A part that could not be read is null here; the validator reports it at the same path as the reader did.
        var scenario = new StackScenario(name, description, run!, load!, lb!, proxy!, workers!, host!, cache!, dbc!, db!, tasks, network!, ws!, classes, slo);
        int read = errors.Count;
        var found = new List<ValidationError>();
        string? sloKey = (root["slo"] as JsonObject)?.Select(kv => kv.Key).FirstOrDefault(k => k != "errorRate");
        ScenarioValidator.Validate(scenario, found, path => ScenarioPaths.TryFind(root, path, out JsonNode? node) ? Raw(node) : null, othersFound: read != before, sloKey);
        foreach (ValidationError e in found)
        {
            bool reported = false;
            for (int i = before; i < read && !reported; i++) reported = ScenarioPaths.Overlaps(errors[i].Path, e.Path);
            if (!reported) errors.Add(e);
        }
        return errors.Count == before ? scenario : null;
    }

    private SloSpec Slo(JsonNode? node, string path)
    {
        if (node is not JsonObject obj)
        {
            Add(path, Raw(node), "an object {\"p95\": \"500ms\", \"errorRate\": \"0.1%\"}");
            return new SloSpec(0.95, 0.5, 0.001);
        }
        double quantile = 0.95, limit = 0.5, errorRate = 0.001;
        int latencyKeys = 0;
        foreach (var (key, value) in obj)
        {
            string keyPath = $"{path}[\"{key}\"]";
            if (key == "errorRate")
            {
                errorRate = ReadRatio(value, path + ".errorRate", ScenarioSchema.SloErrorRate);
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
                Add(keyPath, Raw(value), $"unknown SLO key '{key}'; allowed: one latency quantile p50, p95, p99, p99.9 … (a duration) and errorRate (a ratio)");
            }
        }
        return new SloSpec(quantile, limit, errorRate);
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
            _ => Quantity.TryParseRate(text, out double x3, out error) && Keep(x3),
        };
        if (!ok)
        {
            Add(path, Raw(node), error + "; allowed: " + l.Allowed);
            return 0;
        }
        return _kept;
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
        if (kind is "cpu" or "external")
        {
            Distribution? dist = ReadDistribution(body, bodyPath, (LeafShape)alt.Shape);
            return dist is null ? null : kind == "cpu" ? new CpuStep(dist) : new ExternalCallStep(dist);
        }
        Reader? s = Object(body, (ObjectShape)alt.Shape, bodyPath);
        if (s is null) return null;
        return kind switch
        {
            "cacheGet" => new CacheGetStep(s.Int("guards")),
            "cacheSet" => new CacheSetStep(),
            "db" => new DbStep(s.Int("queries"), s.Dist("time") ?? Deterministic.Of(0), s.Bool("write")),
            "enqueue" => new EnqueueStep(s.Ratio("probability")),
            _ => new RespondStep(s.Dist("size") ?? Deterministic.Of(0)),
        };
    }

    /// <summary>Typed access to the fields of one checked object; each read validates against the field's shape and records errors.</summary>
    internal sealed class Reader(ScenarioReader owner, JsonObject node, ObjectShape shape, string path)
    {
        public JsonObject Node => node;

        public string Path => path;

        /// <summary>True when the field is present, also when it is JSON null (which is then reported as the wrong type, not taken as absent).</summary>
        public bool Has(string name) => node.ContainsKey(Field(name).Name);

        private Field Field(string name) => shape.Find(name) ?? throw new InvalidOperationException($"Field '{name}' is not in the schema of {path}.");

        private (JsonNode? Value, LeafShape Leaf, string Path)? Leaf(string name)
        {
            Field f = Field(name);
            if (!node.ContainsKey(name)) return null; // absent: reported as missing by Object() when required
            return (node[name], (LeafShape)f.Shape, Join(path, name));
        }

        public int Int(string name) => Leaf(name) is var (v, l, p) ? (int)owner.ReadWhole(v, p, l, int.MinValue, int.MaxValue) : 0;

        public long Long(string name) => Leaf(name) is var (v, l, p) ? owner.ReadWhole(v, p, l, long.MinValue, long.MaxValue) : 0;

        public double Number(string name) => Leaf(name) is var (v, l, p) ? owner.ReadNumber(v, p, l, whole: false) : 0;

        public double Ratio(string name) => Leaf(name) is var (v, l, p) ? owner.ReadRatio(v, p, l) : 0;

        public double Duration(string name) => Leaf(name) is var (v, l, p) ? owner.ReadQuantity(v, p, l) : 0;

        public double Bytes(string name) => Duration(name);

        public double Rate(string name) => Duration(name);

        public double? Warmup(string name)
        {
            if (Leaf(name) is not var (v, l, p)) return 0;
            if (v is JsonValue s && s.GetValueKind() == JsonValueKind.String && s.GetValue<string>() == "auto") return null;
            return owner.ReadQuantity(v, p, l);
        }

        public ulong Seed(string name)
        {
            if (Leaf(name) is not var (v, l, p)) return 0;
            if (v is JsonValue x && x.GetValueKind() == JsonValueKind.Number && x.TryGetValue(out ulong seed)) return seed;
            // Say why, as for the other whole numbers: 1e30 and -1 are out of range, 1.5 is not whole, "7" is a string.
            string why = v is JsonValue n && n.GetValueKind() == JsonValueKind.Number && n.TryGetValue(out double d)
                ? d < 0 ? "too small" : d >= 18446744073709551615.0 ? "too large" : d != Math.Floor(d) ? "expected a whole number" : "out of range"
                : v is JsonValue str && str.GetValueKind() == JsonValueKind.String ? "expected a number, not a string" : "wrong type";
            owner.Add(p, Raw(v), why + "; allowed: a whole number in [0, 18446744073709551615]");
            return 0;
        }

        public bool Bool(string name)
        {
            if (Leaf(name) is not var (v, _, p)) return false;
            if (v is JsonValue x && x.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return x.GetValue<bool>();
            owner.Add(p, Raw(v), "true or false");
            return false;
        }

        public string Text(string name)
        {
            if (Leaf(name) is not var (v, _, p)) return "";
            if (v is JsonValue x && x.GetValueKind() == JsonValueKind.String) return x.GetValue<string>();
            owner.Add(p, Raw(v), "a string");
            return "";
        }

        public string Enum(string name)
        {
            if (Leaf(name) is not var (v, l, p)) return "";
            if (v is JsonValue x && x.GetValueKind() == JsonValueKind.String && l.Values!.Contains(x.GetValue<string>())) return x.GetValue<string>();
            string hint = v is JsonValue y && y.GetValueKind() == JsonValueKind.String ? Suggestion(y.GetValue<string>(), l.Values!) : "";
            owner.Add(p, Raw(v), $"one of {string.Join(", ", l.Values!)}{hint}");
            return "";
        }

        public Distribution? Dist(string name) => Leaf(name) is var (v, l, p) ? owner.ReadDistribution(v, p, l) : null;

        /// <summary>The child object, or null when absent, JSON null (where allowed) or invalid (error recorded).</summary>
        public Reader? Child(string name)
        {
            Field f = Field(name);
            if (!node.TryGetPropertyValue(name, out JsonNode? child)) return null;
            Shape s = f.Shape;
            if (s is NullableShape n)
            {
                if (child is null) return null;
                s = n.Inner;
            }
            return owner.Object(child, (ObjectShape)s, Join(path, name));
        }

        /// <summary>The items of an array of objects: a reader per item, null for an item that is not a valid object (reported), so that indices are kept.</summary>
        /// <param name="name">The field.</param>
        /// <param name="minCount">Fewer items are an error of the JSON (a profile of no points).</param>
        /// <param name="describeAsNonEmpty">Call the expected value a non-empty list even though emptiness is left to the validator.</param>
        public IEnumerable<Reader?> Items(string name, int minCount, bool describeAsNonEmpty = false)
        {
            var a = (ArrayShape)Field(name).Shape;
            string p = Join(path, name);
            JsonNode? value = node[name];
            if (value is not JsonArray arr || arr.Count < minCount)
            {
                owner.Add(p, Raw(value), minCount > 0 || describeAsNonEmpty ? $"a non-empty list ({a.Doc.TrimEnd('.')})" : "a list");
                yield break;
            }
            for (int i = 0; i < arr.Count; i++) yield return owner.Object(arr[i], (ObjectShape)a.Item, $"{p}[{i}]");
        }

        public IReadOnlyList<Step> Steps(string name) =>
            node.ContainsKey(name) ? owner.ReadSteps(node[name], Join(path, name), (ArrayShape)Field(name).Shape) : [];
    }
}
