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
/// <see cref="ValidationError"/> per problem. Not thread safe (one instance per document); never throws on user input.
/// </summary>
internal sealed partial class ScenarioReader(List<ValidationError> errors)
{
    private static readonly JsonSerializerOptions RawOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [GeneratedRegex(@"^[A-Za-z0-9_-]+$")]
    private static partial Regex ClassName();

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

    // The requests a run would offer: a closed load at most N / E[Z] per second (each user waits at least its think
    // time between requests), an open one its rate or its profile's peak. A closed load without think time is bounded
    // by the stack's own speed instead, which is not known here, so it is not checked.
    private void CheckWork(RunSettings run, LoadSpec load)
    {
        double perSecond = load.Closed is { } c ? (c.ThinkTime.Mean > 0 ? c.Users / c.ThinkTime.Mean : 0)
            : load.Open is { } o ? (o.Profile.Count == 0 ? o.Rate : o.Profile.Max(p => p.Rate)) : 0;
        double seconds = (run.Warmup ?? 0) + run.Duration;
        double requests = perSecond * seconds * run.Replications;
        if (!(requests > RunSettings.MaxRequests)) return;
        var inv = CultureInfo.InvariantCulture;
        static string Count(double v) => v.ToString(v < 1e6 ? "N0" : "0.##e0", CultureInfo.InvariantCulture);
        string offered = load.Closed is { } cl
            ? string.Create(inv, $"{cl.Users:N0} users with a mean think time of {cl.ThinkTime.Mean:G3} s offer up to {Count(perSecond)} requests/s")
            : $"{Count(perSecond)} requests/s offered";
        Add("$.run", $"about {Count(requests)} requests", string.Create(inv,
            $"at most {Count(RunSettings.MaxRequests)} requests in all, about 20 minutes on two cores: {offered}, for {Count(seconds)} s (warm-up + duration) × {run.Replications} replication(s); shorten run.duration, use fewer replications or a smaller load"));
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

    /// <summary>Reads a filled document (without phases); null when any error was added.</summary>
    public StackScenario? Build(JsonObject root)
    {
        int before = errors.Count;
        var r = Object(root, ScenarioSchema.Root, "$")!;
        string name = r.Text("name");
        string description = r.Text("description");

        RunSettings run = r.Child("run") is { } ru
            ? new RunSettings(ru.Duration("duration"), ru.Warmup("warmup"), ru.Int("replications"), ru.Seed("seed"), ru.Int("maxInFlight"))
            : new RunSettings(1, 0, 1, 0, 1);

        LoadSpec load = new(null, null);
        if (r.Child("load") is { } lo)
        {
            OpenLoad? open = null;
            if (lo.Child("open") is { } op)
            {
                var profile = new List<RatePoint>();
                if (op.Has("profile")) foreach (Reader p in op.Items("profile", minCount: 1)) profile.Add(new RatePoint(p.Duration("at"), p.Rate("rate")));
                for (int i = 1; i < profile.Count; i++)
                {
                    if (profile[i].At < profile[i - 1].At)
                    {
                        Add($"{op.Path}.profile[{i}].at", Raw(op.Node["profile"]![i]!["at"]), $"times in increasing order (≥ the previous point's {Quantity.FormatDuration(profile[i - 1].At)})");
                    }
                }
                open = new OpenLoad(op.Has("rate") ? op.Rate("rate") : 0, profile);
            }
            ClosedLoad? closed = lo.Child("closed") is { } cl ? new ClosedLoad(cl.Int("users"), cl.Dist("thinkTime") ?? Deterministic.Of(0)) : null;
            load = new LoadSpec(open, closed);
        }

        LoadBalancerSpec lb = r.Child("loadBalancer") is { } b
            ? new LoadBalancerSpec(b.Int("servers"), b.Enum("policy") switch
            {
                "leastConnections" => BalancingPolicy.LeastConnections,
                "random" => BalancingPolicy.Random,
                "powerOfTwoChoices" => BalancingPolicy.PowerOfTwoChoices,
                _ => BalancingPolicy.RoundRobin,
            }, b.Duration("latency"))
            : new LoadBalancerSpec(1, BalancingPolicy.RoundRobin, 0);

        Distribution zero = Deterministic.Of(0);
        ProxySpec? proxy = null;
        if (r.Child("proxy") is { } px)
        {
            GzipSpec gzip = px.Child("gzip") is { } gz ? new GzipSpec(gz.Bool("enabled"), gz.Ratio("ratio"), gz.Duration("cpuPerMB")) : new GzipSpec(false, 1, 0);
            proxy = new ProxySpec(px.Int("maxConnections"), px.Bool("clientKeepalive"), px.Dist("handshake") ?? zero, px.Duration("handshakeCpu"),
                px.Bool("upstreamKeepalive"), px.Dist("upstreamConnect") ?? zero, gzip, px.Bool("buffering"), px.Ratio("staticHitRatio"), px.Dist("serviceTime") ?? zero, px.Bytes("socketBuffer"));
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
            ? new TaskQueueSpec(t.Dist("brokerLatency") ?? zero, t.Int("concurrency"), t.Int("cores"), t.Steps("steps", inTask: true))
            : null;

        NetworkSpec? network = r.Child("network") is { } nw ? new NetworkSpec(nw.Dist("clientBandwidth") ?? zero, nw.Duration("roundTrip")) : null;
        WebSocketSpec? ws = r.Child("webSockets") is { } wsr ? new WebSocketSpec(wsr.Int("connections"), wsr.Bytes("memoryPerConnection")) : null;

        var classes = new List<RequestClass>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (r.Has("classes"))
        {
            foreach (Reader cr in r.Items("classes", minCount: 1))
            {
                string className = cr.Text("name");
                if (cr.Has("name") && !ClassName().IsMatch(className)) Add(cr.Path + ".name", Raw(cr.Node["name"]), "a name of letters, digits, '-' and '_'");
                else if (cr.Has("name") && !seen.Add(className)) Add(cr.Path + ".name", Raw(cr.Node["name"]), "a class name not used by an earlier class");
                classes.Add(new RequestClass(className, cr.Number("weight"), cr.Steps("steps", inTask: false), cr.Bool("staticAtProxy")));
            }
        }

        SloSpec slo = Slo(root["slo"], "$.slo");

        if (errors.Count == before) CheckWork(run, load);
        if (errors.Count != before) return null;
        return new StackScenario(name, description, run, load, lb, proxy!, workers!, host!, cache!, dbc!, db!, tasks, network!, ws!, classes, slo);
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
                errorRate = ReadRatio(value, path + ".errorRate", new LeafShape("", LeafKind.Ratio, 0, 1));
            }
            else if (Regex.IsMatch(key, ScenarioSchema.SloKeyPattern))
            {
                latencyKeys++;
                quantile = double.Parse(key[1..], CultureInfo.InvariantCulture) / 100;
                if (!(quantile > 0 && quantile < 1)) Add(keyPath, Raw(value), $"a latency quantile strictly between p0 and p100 (here {key} = {quantile.ToString(CultureInfo.InvariantCulture)})");
                limit = ReadQuantity(value, keyPath, new LeafShape("", LeafKind.Duration, 0, null, true));
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

    private static string Describe(LeafShape l) => l.Kind switch
    {
        LeafKind.Integer or LeafKind.Seed => $"a whole number {l.Range}".TrimEnd().Replace("2147483647", "2147483647 (2³¹−1)", StringComparison.Ordinal),
        LeafKind.Number => $"a number {l.Range}".TrimEnd(),
        LeafKind.Ratio => $"a ratio {l.Range}: a number like 0.35 or a percentage like \"35%\"",
        LeafKind.Duration => $"a duration {l.Range} with a unit, e.g. \"5ms\" (units: ns, us, ms, s, min, h)",
        LeafKind.Bytes => $"a size {l.Range} with a unit, e.g. \"500KB\" (units: B, KB, MB, GB, KiB, MiB, GiB)",
        LeafKind.Rate => $"a rate {l.Range} with a unit, e.g. \"200/s\" (units: /s, /ms, /min, /h, rps)",
        LeafKind.Warmup => "a duration ≥ 0 with a unit, e.g. \"60s\", or \"auto\"",
        LeafKind.Bool => "true or false",
        LeafKind.Text => "a string",
        LeafKind.Enum => $"one of {string.Join(", ", l.Values!)}",
        _ => l.Doc,
    };

    private bool InRange(double v, LeafShape l) =>
        (l.Min is not { } lo || (l.MinExclusive ? v > lo : v >= lo)) && (l.Max is not { } hi || v <= hi);

    private double ReadNumber(JsonNode? node, string path, LeafShape l, bool whole)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double x) && double.IsFinite(x))
        {
            if (whole && x != Math.Floor(x)) Add(path, Raw(node), "expected a whole number; allowed: " + Describe(l));
            else if (!InRange(x, l)) Add(path, Raw(node), (x < (l.Min ?? double.NegativeInfinity) || (l.MinExclusive && x == l.Min) ? "too small" : x > (l.Max ?? double.PositiveInfinity) ? "too large" : "out of range") + "; allowed: " + Describe(l));
            else return x;
            return 0;
        }
        Add(path, Raw(node), (node is JsonValue s && s.GetValueKind() == JsonValueKind.String ? "expected a number, not a string" : "wrong type") + "; allowed: " + Describe(l));
        return 0;
    }

    private double ReadRatio(JsonNode? node, string path, LeafShape l)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            string text = v.GetValue<string>().Trim();
            if (text.EndsWith('%') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double pct) && double.IsFinite(pct))
            {
                double x = pct / 100;
                if (InRange(x, l)) return x;
                Add(path, Raw(node), "out of range; allowed: " + Describe(l));
                return 0;
            }
            Add(path, Raw(node), "not a ratio; allowed: " + Describe(l));
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
            Add(path, Raw(node), "wrong type; allowed: " + Describe(l));
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
            Add(path, Raw(node), error + "; allowed: " + Describe(l));
            return 0;
        }
        if (!InRange(_kept, l))
        {
            Add(path, Raw(node), "out of range; allowed: " + Describe(l));
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
            if (Quantity.TryParseBitRate(v.GetValue<string>(), out double bits, out string error) && bits > 0) return Deterministic.Of(bits);
            Add(path, Raw(node), (error.Length > 0 ? error : "must be > 0") + "; allowed: a bit rate > 0 with a unit, e.g. \"20Mbit/s\", or a distribution of bits per second");
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

    private IReadOnlyList<Step> ReadSteps(JsonNode? node, string path, ArrayShape shape, bool inTask)
    {
        var steps = new List<Step>();
        if (node is not JsonArray arr)
        {
            Add(path, Raw(node), "a list of steps, e.g. [{\"cpu\": \"20ms\"}, {\"respond\": {\"size\": \"50KB\"}}]");
            return steps;
        }
        var alternatives = (OneKeyShape)shape.Item;
        string[] kinds = [.. alternatives.Alternatives.Select(a => a.Name)];
        for (int i = 0; i < arr.Count; i++)
        {
            string stepPath = $"{path}[{i}]";
            JsonNode? item = arr[i];
            if (item is not JsonObject obj || obj.Count != 1)
            {
                Add(stepPath, Raw(item), $"a step: an object with exactly one key, one of {string.Join(", ", kinds)}");
                continue;
            }
            var (kind, body) = obj.First();
            string bodyPath = $"{stepPath}.{kind}";
            Field? alt = alternatives.Find(kind);
            if (alt is null)
            {
                Add(bodyPath, Raw(body), $"unknown step '{kind}'{Suggestion(kind, kinds)}; allowed: {string.Join(", ", kinds)}");
                continue;
            }
            if (inTask && kind is "respond" or "enqueue")
            {
                Add(bodyPath, Raw(body), "a task step: cpu, cacheGet, cacheSet, db or external (a task neither responds nor enqueues)");
                continue;
            }
            Step? step = null;
            switch (kind)
            {
                case "cpu" or "external":
                {
                    Distribution? dist = ReadDistribution(body, bodyPath, (LeafShape)alt.Shape);
                    if (dist is not null) step = kind == "cpu" ? new CpuStep(dist) : new ExternalCallStep(dist);
                    break;
                }
                default:
                {
                    Reader? s = Object(body, (ObjectShape)alt.Shape, bodyPath);
                    if (s is null) break;
                    step = kind switch
                    {
                        "cacheGet" => new CacheGetStep(s.Int("guards")),
                        "cacheSet" => new CacheSetStep(),
                        "db" => new DbStep(s.Int("queries"), s.Dist("time") ?? Deterministic.Of(0), s.Bool("write")),
                        "enqueue" => new EnqueueStep(s.Ratio("probability")),
                        _ => new RespondStep(s.Dist("size") ?? Deterministic.Of(0)),
                    };
                    if (step is CacheGetStep get && get.Guards > arr.Count - 1 - i)
                    {
                        Add(bodyPath + ".guards", Raw(((JsonObject)body!)["guards"]), $"at most {arr.Count - 1 - i}: the number of steps after this one");
                    }
                    if (step is RespondStep && i != arr.Count - 1)
                    {
                        Add(stepPath, Raw(item), "respond only as the last step (the response ends the request's work)");
                    }
                    break;
                }
            }
            if (step is not null) steps.Add(step);
        }
        return steps;
    }

    /// <summary>Typed access to the fields of one checked object; each read validates against the field's shape and records errors.</summary>
    internal sealed class Reader(ScenarioReader owner, JsonObject node, ObjectShape shape, string path)
    {
        public JsonObject Node => node;

        public string Path => path;

        public bool Has(string name) => node[Field(name).Name] is not null;

        private Field Field(string name) => shape.Find(name) ?? throw new InvalidOperationException($"Field '{name}' is not in the schema of {path}.");

        private (JsonNode? Value, LeafShape Leaf, string Path)? Leaf(string name)
        {
            Field f = Field(name);
            if (!node.ContainsKey(name)) return null; // absent: reported as missing by Object() when required
            return (node[name], (LeafShape)f.Shape, Join(path, name));
        }

        public int Int(string name) => (int)Long(name);

        public long Long(string name) => Leaf(name) is var (v, l, p) ? (long)owner.ReadNumber(v, p, l, whole: true) : 0;

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
            owner.Add(p, Raw(v), "a whole number in [0, 18446744073709551615]");
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

        /// <summary>The items of an array of objects (invalid items are reported and skipped).</summary>
        public IEnumerable<Reader> Items(string name, int minCount)
        {
            var a = (ArrayShape)Field(name).Shape;
            string p = Join(path, name);
            JsonNode? value = node[name];
            if (value is not JsonArray arr || arr.Count < minCount)
            {
                owner.Add(p, Raw(value), minCount > 0 ? $"a non-empty list ({a.Doc.TrimEnd('.')})" : "a list");
                yield break;
            }
            for (int i = 0; i < arr.Count; i++)
            {
                if (owner.Object(arr[i], (ObjectShape)a.Item, $"{p}[{i}]") is { } item) yield return item;
            }
        }

        public IReadOnlyList<Step> Steps(string name, bool inTask) =>
            node.ContainsKey(name) ? owner.ReadSteps(node[name], Join(path, name), (ArrayShape)Field(name).Shape, inTask) : [];
    }
}
