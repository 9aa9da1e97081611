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
    public static string? Nearest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string c in candidates)
        {
            int d = Distance(name.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (c, d);
        }
        return best is not null && bestDistance <= (name.Length <= 3 ? 1 : Math.Min(3, name.Length / 3 + 1)) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var row = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) row[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

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
            ? new RunSettings { DurationSeconds = ru.Duration("duration"), WarmupSeconds = ru.Warmup("warmup"), Replications = ru.Int("replications"), Seed = ru.Seed("seed"), MaxInFlight = ru.Int("maxInFlight") }
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
                        profile.Add(p is null ? new RatePoint { AtSeconds = profile.Count > 0 ? profile[^1].AtSeconds : 0, RatePerSecond = 0 } : new RatePoint { AtSeconds = p.Duration("at"), RatePerSecond = p.Rate("rate") });
                    }
                    if (profile.Count == 0) profile.Add(new RatePoint { AtSeconds = 0, RatePerSecond = 0 }); // reported: not a non-empty list
                }
                open = new OpenLoad { RatePerSecond = op.Has("rate") ? op.Rate("rate") : 0, Profile = profile };
            }
            ClosedLoad? closed = lo.Child("closed") is { } cl ? new ClosedLoad { Users = cl.Int("users"), ThinkTimeSeconds = cl.Dist("thinkTime") ?? Deterministic.Of(0) } : null;
            load = new LoadSpec { Open = open, Closed = closed };
        }

        LoadBalancerSpec? lb = r.Child("loadBalancer") is { } b
            ? new LoadBalancerSpec { Servers = b.Int("servers"), Policy = b.Enum("policy") switch
            {
                "leastConnections" => BalancingPolicy.LeastConnections,
                "random" => BalancingPolicy.Random,
                "powerOfTwoChoices" => BalancingPolicy.PowerOfTwoChoices,
                _ => BalancingPolicy.RoundRobin,
            }, LatencySeconds = b.Duration("latency") }
            : null;

        Distribution zero = Deterministic.Of(0);
        ProxySpec? proxy = null;
        if (r.Child("proxy") is { } px)
        {
            GzipSpec? gzip = px.Child("gzip") is { } gz ? new GzipSpec { Enabled = gz.Bool("enabled"), Ratio = gz.Ratio("ratio"), CpuSecondsPerMegabyte = gz.Duration("cpuPerMB") } : null;
            proxy = new ProxySpec { MaxConnections = px.Int("maxConnections"), ClientKeepalive = px.Bool("clientKeepalive"), HandshakeSeconds = px.Dist("handshake") ?? zero, HandshakeCpuSeconds = px.Duration("handshakeCpu"),
                UpstreamKeepalive = px.Bool("upstreamKeepalive"), UpstreamConnectSeconds = px.Dist("upstreamConnect") ?? zero, Gzip = gzip!, Buffering = px.Bool("buffering"), StaticHitRatio = px.Ratio("staticHitRatio"), ServiceTimeSeconds = px.Dist("serviceTime") ?? zero, SocketBufferBytes = px.Bytes("socketBuffer") };
        }

        WorkerPoolSpec? workers = r.Child("workers") is { } w
            ? new WorkerPoolSpec { Count = w.Int("count"), Backlog = w.Int("backlog"), TimeoutSeconds = w.Duration("timeout"), RestartTimeSeconds = w.Duration("restartTime"), MemoryPerWorkerBytes = w.Bytes("memoryPerWorker") }
            : null;
        HostSpec? host = r.Child("host") is { } h ? new HostSpec { Cores = h.Int("cores"), BaseMemoryBytes = h.Bytes("baseMemory"), TotalMemoryBytes = h.Bytes("totalMemory") } : null;

        CacheSpec? cache = null;
        if (r.Child("cache") is { } c)
        {
            KeySpaceSpec? keySpace = c.Child("keySpace") is { } k
                ? new KeySpaceSpec { Keys = k.Long("keys"), ZipfExponent = k.Number("zipfExponent"), ObjectSizeBytes = k.Dist("objectSize") ?? zero, MaxMemoryBytes = k.Bytes("maxMemory"), TtlSeconds = k.Duration("ttl") }
                : null;
            cache = new CacheSpec { Enabled = c.Bool("enabled"), MaxConnections = c.Int("maxConnections"), WhenExhausted = c.Enum("whenExhausted") == "error" ? ConnectionExhaustion.Error : ConnectionExhaustion.Wait,
                OperationTimeSeconds = c.Dist("operationTime") ?? zero, HitRatio = c.Has("hitRatio") ? c.Ratio("hitRatio") : 0, KeySpace = keySpace };
        }

        DbConnectionsSpec? dbc = null;
        if (r.Child("dbConnections") is { } d)
        {
            DbPoolSpec? pool = d.Child("pool") is { } p ? new DbPoolSpec { Size = p.Int("size"), WaitTimeoutSeconds = p.Duration("waitTimeout") } : null;
            dbc = new DbConnectionsSpec { ConnMaxAgeSeconds = d.Duration("connMaxAge"), ConnectTimeSeconds = d.Dist("connectTime") ?? zero, ConnectCpuSeconds = d.Duration("connectCpu"), Pool = pool };
        }

        DatabaseSpec? db = r.Child("database") is { } pg
            ? new DatabaseSpec { MaxConnections = pg.Int("maxConnections"), Cores = pg.Int("cores"), ConnectCpuSeconds = pg.Duration("connectCpu"), MemoryPerConnectionBytes = pg.Bytes("memoryPerConnection"), ReadReplicas = pg.Int("readReplicas"), ReplicaReads = pg.Ratio("replicaReads") }
            : null;

        TaskQueueSpec? tasks = r.Child("taskQueue") is { } t
            ? new TaskQueueSpec { BrokerLatencySeconds = t.Dist("brokerLatency") ?? zero, Concurrency = t.Int("concurrency"), Cores = t.Int("cores"), Steps = t.Steps("steps") }
            : null;

        NetworkSpec? network = r.Child("network") is { } nw ? new NetworkSpec { ClientBandwidthBitsPerSecond = nw.Dist("clientBandwidth") ?? zero, RoundTripSeconds = nw.Duration("roundTrip") } : null;
        WebSocketSpec? ws = r.Child("webSockets") is { } wsr ? new WebSocketSpec { Connections = wsr.Int("connections"), MemoryPerConnectionBytes = wsr.Bytes("memoryPerConnection") } : null;

        var classes = new List<RequestClass>();
        if (r.Has("classes"))
        {
            foreach (Reader? cr in r.Items("classes", minCount: 0, describeAsNonEmpty: true))
            {
                classes.Add(cr is null ? new RequestClass { Name = "", Weight = 1, Steps = [] } : new RequestClass { Name = cr.Text("name"), Weight = cr.Number("weight"), Steps = cr.Steps("steps"), StaticAtProxy = cr.Bool("staticAtProxy") });
            }
        }

        SloSpec slo = Slo(root["slo"], "$.slo");

        // A part that could not be read is null here; the validator reports it at the same path as the reader did.
        var scenario = new StackScenario { Name = name, Description = description, Run = run!, Load = load!, LoadBalancer = lb!, Proxy = proxy!, Workers = workers!, Host = host!, Cache = cache!, DbConnections = dbc!, Database = db!, TaskQueue = tasks, Network = network!, WebSockets = ws!, Classes = classes, Slo = slo };
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
            return new SloSpec { LatencyQuantile = 0.95, LatencyLimitSeconds = 0.5, MaxErrorRate = 0.001 };
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
        return new SloSpec { LatencyQuantile = quantile, LatencyLimitSeconds = limit, MaxErrorRate = errorRate };
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

    /// <summary>Reads one leaf value by its kind (a whole number as long, a quantity in SI units, a warm-up of "auto" as null, an enum as its word, a distribution); errors are recorded.</summary>
    internal object? ReadLeaf(JsonNode? node, string path, LeafShape l)
    {
        switch (l.Kind)
        {
            case LeafKind.Integer: return ReadWhole(node, path, l, long.MinValue, long.MaxValue);
            case LeafKind.Number: return ReadNumber(node, path, l, whole: false);
            case LeafKind.Ratio: return ReadRatio(node, path, l);
            case LeafKind.Duration or LeafKind.Bytes or LeafKind.Rate: return ReadQuantity(node, path, l);
            case LeafKind.Warmup:
                return node is JsonValue s && s.GetValueKind() == JsonValueKind.String && s.GetValue<string>() == "auto" ? null : ReadQuantity(node, path, l);
            case LeafKind.Seed:
                if (node is JsonValue x && x.GetValueKind() == JsonValueKind.Number && x.TryGetValue(out ulong seed)) return seed;
                break;
            case LeafKind.Bool:
                if (node is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return b.GetValue<bool>();
                break;
            case LeafKind.Text or LeafKind.Enum:
                if (node is JsonValue t && t.GetValueKind() == JsonValueKind.String && (l.Values is null || l.Values.Contains(t.GetValue<string>()))) return t.GetValue<string>();
                break;
            default:
                return ReadDistribution(node, path, l);
        }
        Add(path, Raw(node), l.Allowed);
        return null;
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
            return dist is null ? null : kind == "cpu" ? new CpuStep { WorkSeconds = dist } : new ExternalCallStep { LatencySeconds = dist };
        }
        Reader? s = Object(body, (ObjectShape)alt.Shape, bodyPath);
        if (s is null) return null;
        return kind switch
        {
            "cacheGet" => new CacheGetStep { Guards = s.Int("guards") },
            "cacheSet" => new CacheSetStep(),
            "db" => new DbStep { Queries = s.Int("queries"), QueryTimeSeconds = s.Dist("time") ?? Deterministic.Of(0), Write = s.Bool("write") },
            "enqueue" => new EnqueueStep { Probability = s.Ratio("probability") },
            _ => new RespondStep { SizeBytes = s.Dist("size") ?? Deterministic.Of(0) },
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
