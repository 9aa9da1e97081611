using System.Globalization;
using Sim.Distributions;
using Sim.Units;
using Sim.Validation;

namespace Sim.Scenarios;

/// <summary>
/// The semantic checks of a <see cref="StackScenario"/>, one pass, one <see cref="ValidationError"/> per problem, each
/// at the JSON path of the field (<c>$.workers.count</c>), with the value and what is allowed: every range of
/// <see cref="ScenarioSchema"/>, exactly one load, at least one request class, unique class names, weights that are
/// positive and finite with a finite sum, steps in a valid order, distributions with a bounded mean and a finite
/// variance, a bandwidth that never draws 0, transfer times that stay finite, and the work a run may offer. The loader runs it on each record it builds, after checking JSON syntax, types and units, and
/// <see cref="StackScenario.Validate"/> and every entry point that runs a scenario run it on scenarios built in code —
/// so the two get the same messages. Values are written as JSON would write them (<c>0</c>, <c>"5ms"</c>,
/// <c>"500KB"</c>); when validating a loaded document, as written in it. Never throws; thread safe (one instance per call).
/// </summary>
internal sealed class ScenarioValidator
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly Dictionary<string, Shape> Shapes = Collect();
    private static readonly string[] StepKinds = [.. ((OneKeyShape)((ArrayShape)Shapes["classes[].steps"]).Item).Alternatives.Select(a => a.Name)];

    private readonly List<ValidationError> _errors;
    private readonly Func<string, string?>? _written;
    private readonly string? _sloKey;

    private ScenarioValidator(List<ValidationError> errors, Func<string, string?>? written, string? sloKey = null)
    {
        _errors = errors;
        _written = written;
        _sloKey = sloKey;
    }

    /// <summary>Every problem of a scenario built in code; empty when it is valid.</summary>
    public static IReadOnlyList<ValidationError> Validate(StackScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var errors = new List<ValidationError>();
        new ScenarioValidator(errors, null).Check(scenario, othersFound: false);
        return errors;
    }

    /// <summary>
    /// Checks a record the loader built: appends to <paramref name="errors"/>, with values as written in the document
    /// (<paramref name="written"/> gives the JSON text at a path, or null when the document has none there).
    /// </summary>
    /// <param name="scenario">The record, with placeholders where reading failed.</param>
    /// <param name="errors">Receives the problems.</param>
    /// <param name="written">The JSON text at a path.</param>
    /// <param name="othersFound">Reading found problems already: the work a run would offer is not judged (it depends on values that may be placeholders).</param>
    /// <param name="sloKey">The SLO's latency key as the document spells it (<c>p99.90</c>), for paths; null: named from the quantile (<c>p99.9</c>).</param>
    internal static void Validate(StackScenario scenario, List<ValidationError> errors, Func<string, string?> written, bool othersFound, string? sloKey) =>
        new ScenarioValidator(errors, written, sloKey).Check(scenario, othersFound);

    /// <summary>
    /// The checks that depend on a trace's arrivals, for a scenario that passed every other check before the loader read
    /// them (<c>ScenarioLoader</c>): that a trace which does not loop lasts the run, then — when it does — the work the run
    /// may offer. What <see cref="Validate(StackScenario)"/> would add once the arrivals are set, with the same messages.
    /// </summary>
    /// <param name="scenario">A valid scenario whose <c>load.open.trace</c> now carries its arrivals.</param>
    internal static IReadOnlyList<ValidationError> ValidateArrivals(StackScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var errors = new List<ValidationError>();
        var validator = new ScenarioValidator(errors, null);
        if (scenario.Load.Open?.Trace is { } trace) validator.TraceLasts(trace, scenario.Run);
        if (errors.Count == 0) validator.Work(scenario.Run, scenario.Load); // as Check: the work is judged only when nothing else failed
        return errors;
    }

    /// <summary>Throws <see cref="ScenarioValidationException"/> with every problem when <paramref name="scenario"/> is invalid.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="paramName">The parameter it came in by.</param>
    /// <returns><paramref name="scenario"/>.</returns>
    internal static StackScenario ThrowIfInvalid(StackScenario scenario, string paramName)
    {
        ArgumentNullException.ThrowIfNull(scenario, paramName);
        IReadOnlyList<ValidationError> errors = Validate(scenario);
        return errors.Count == 0 ? scenario
            : throw new ScenarioValidationException(string.IsNullOrEmpty(scenario.Name) ? "The scenario" : $"Scenario '{scenario.Name}'", errors, paramName);
    }

    private void Check(StackScenario s, bool othersFound)
    {
        Text("$.name", s.Name);
        Text("$.description", s.Description);
        if (Object("$.run", s.Run, "run") is { } run)
        {
            Leaf("$.run.duration", "run.duration", run.DurationSeconds);
            if (run.WarmupSeconds is { } warmup) Leaf("$.run.warmup", "run.warmup", warmup);
            Leaf("$.run.replications", "run.replications", run.Replications);
            Leaf("$.run.maxInFlight", "run.maxInFlight", run.MaxInFlight);
        }
        Load(s.Load, s.Run, s.Classes);
        if (Object("$.loadBalancer", s.LoadBalancer, "loadBalancer") is { } lb)
        {
            Leaf("$.loadBalancer.servers", "loadBalancer.servers", lb.Servers);
            Enum("$.loadBalancer.policy", "loadBalancer.policy", lb.Policy);
            Leaf("$.loadBalancer.latency", "loadBalancer.latency", lb.LatencySeconds);
        }
        if (Object("$.proxy", s.Proxy, "proxy") is { } px)
        {
            Leaf("$.proxy.maxConnections", "proxy.maxConnections", px.MaxConnections);
            Dist("$.proxy.handshake", px.HandshakeSeconds, DistributionUnit.Seconds);
            Leaf("$.proxy.handshakeCpu", "proxy.handshakeCpu", px.HandshakeCpuSeconds);
            Dist("$.proxy.upstreamConnect", px.UpstreamConnectSeconds, DistributionUnit.Seconds);
            if (Object("$.proxy.gzip", px.Gzip, "proxy.gzip") is { } gz)
            {
                Leaf("$.proxy.gzip.ratio", "proxy.gzip.ratio", gz.Ratio);
                Leaf("$.proxy.gzip.cpuPerMB", "proxy.gzip.cpuPerMB", gz.CpuSecondsPerMegabyte);
            }
            Leaf("$.proxy.socketBuffer", "proxy.socketBuffer", px.SocketBufferBytes);
            Leaf("$.proxy.staticHitRatio", "proxy.staticHitRatio", px.StaticHitRatio);
            Dist("$.proxy.serviceTime", px.ServiceTimeSeconds, DistributionUnit.Seconds);
            Leaf("$.proxy.cpu", "proxy.cpu", px.CpuSeconds);
            Leaf("$.proxy.workers", "proxy.workers", px.Workers);
        }
        if (Object("$.workers", s.Workers, "workers") is { } w)
        {
            Leaf("$.workers.count", "workers.count", w.Count);
            Leaf("$.workers.backlog", "workers.backlog", w.Backlog);
            Enum("$.workers.dispatch", "workers.dispatch", w.Dispatch);
            Leaf("$.workers.timeout", "workers.timeout", w.TimeoutSeconds);
            Leaf("$.workers.restartTime", "workers.restartTime", w.RestartTimeSeconds);
            Leaf("$.workers.memoryPerWorker", "workers.memoryPerWorker", w.MemoryPerWorkerBytes);
            Leaf("$.workers.memoryGrowthPerRequest", "workers.memoryGrowthPerRequest", w.MemoryGrowthPerRequestBytes);
            Leaf("$.workers.maxRequests", "workers.maxRequests", w.MaxRequests);
        }
        if (Object("$.host", s.Host, "host") is { } h)
        {
            Leaf("$.host.cores", "host.cores", h.Cores);
            Leaf("$.host.baseMemory", "host.baseMemory", h.BaseMemoryBytes);
            Leaf("$.host.totalMemory", "host.totalMemory", h.TotalMemoryBytes);
            if (h.LinkBitsPerSecond is { } link) Leaf("$.host.link", "host.link", link);
            if (h.MemoryLimitBytes is { } limit) Leaf("$.host.memoryLimit", "host.memoryLimit", limit);
            Leaf("$.host.swap", "host.swap", h.SwapBytes);
            Leaf("$.host.swapSlowdown", "host.swapSlowdown", h.SwapSlowdown);
            Leaf("$.host.wakeupCpu", "host.wakeupCpu", h.WakeupCpuSeconds);
        }
        if (Object("$.cache", s.Cache, "cache") is { } c)
        {
            Leaf("$.cache.maxConnections", "cache.maxConnections", c.MaxConnections);
            Enum("$.cache.whenExhausted", "cache.whenExhausted", c.WhenExhausted);
            Dist("$.cache.operationTime", c.OperationTimeSeconds, DistributionUnit.Seconds);
            Dist("$.cache.serviceTime", c.ServiceTimeSeconds, DistributionUnit.Seconds);
            Leaf("$.cache.nodes", "cache.nodes", c.Nodes);
            Leaf("$.cache.hitRatio", "cache.hitRatio", c.HitRatio);
            if (c.KeySpace is { } k)
            {
                Leaf("$.cache.keySpace.keys", "cache.keySpace.keys", k.Keys);
                Leaf("$.cache.keySpace.zipfExponent", "cache.keySpace.zipfExponent", k.ZipfExponent);
                Dist("$.cache.keySpace.objectSize", k.ObjectSizeBytes, DistributionUnit.Bytes);
                Leaf("$.cache.keySpace.maxMemory", "cache.keySpace.maxMemory", k.MaxMemoryBytes);
                Leaf("$.cache.keySpace.ttl", "cache.keySpace.ttl", k.TtlSeconds);
            }
        }
        if (Object("$.dbConnections", s.DbConnections, "dbConnections") is { } d)
        {
            Leaf("$.dbConnections.connMaxAge", "dbConnections.connMaxAge", d.ConnMaxAgeSeconds);
            Dist("$.dbConnections.connectTime", d.ConnectTimeSeconds, DistributionUnit.Seconds);
            Leaf("$.dbConnections.connectCpu", "dbConnections.connectCpu", d.ConnectCpuSeconds);
            if (d.Pool is { } pool)
            {
                Leaf("$.dbConnections.pool.size", "dbConnections.pool.size", pool.Size);
                Leaf("$.dbConnections.pool.waitTimeout", "dbConnections.pool.waitTimeout", pool.WaitTimeoutSeconds);
            }
        }
        if (Object("$.database", s.Database, "database") is { } db)
        {
            Leaf("$.database.maxConnections", "database.maxConnections", db.MaxConnections);
            Leaf("$.database.cores", "database.cores", db.Cores);
            Leaf("$.database.connectCpu", "database.connectCpu", db.ConnectCpuSeconds);
            Leaf("$.database.memoryPerConnection", "database.memoryPerConnection", db.MemoryPerConnectionBytes);
            Leaf("$.database.readReplicas", "database.readReplicas", db.ReadReplicas);
            Leaf("$.database.replicaReads", "database.replicaReads", db.ReplicaReads);
            Leaf("$.database.postmasterCpu", "database.postmasterCpu", db.PostmasterCpuSeconds);
        }
        if (s.TaskQueue is { } t)
        {
            Dist("$.taskQueue.brokerLatency", t.BrokerLatencySeconds, DistributionUnit.Seconds);
            Leaf("$.taskQueue.concurrency", "taskQueue.concurrency", t.Concurrency);
            Leaf("$.taskQueue.cores", "taskQueue.cores", t.Cores);
            Steps("$.taskQueue.steps", t.Steps, inTask: true);
        }
        if (Object("$.placement", s.Placement, "placement") is { } pl)
        {
            Enum("$.placement.database", "placement.database", pl.Database);
            Enum("$.placement.cache", "placement.cache", pl.Cache);
            Enum("$.placement.taskQueue", "placement.taskQueue", pl.TaskQueue);
            Enum("$.placement.loadGenerator", "placement.loadGenerator", pl.LoadGenerator);
            Leaf("$.placement.generatorCpu", "placement.generatorCpu", pl.GeneratorCpuSeconds);
        }
        if (Object("$.network", s.Network, "network") is { } nw)
        {
            BitRate("$.network.clientBandwidth", nw.ClientBandwidthBitsPerSecond);
            Leaf("$.network.roundTrip", "network.roundTrip", nw.RoundTripSeconds);
        }
        if (Object("$.webSockets", s.WebSockets, "webSockets") is { } ws)
        {
            Leaf("$.webSockets.connections", "webSockets.connections", ws.Connections);
            Leaf("$.webSockets.memoryPerConnection", "webSockets.memoryPerConnection", ws.MemoryPerConnectionBytes);
            Leaf("$.webSockets.openRate", "webSockets.openRate", ws.OpenRatePerSecond);
            Dist("$.webSockets.lifetime", ws.LifetimeSeconds, DistributionUnit.Seconds);
            Leaf("$.webSockets.maxConnections", "webSockets.maxConnections", ws.MaxConnections);
            Leaf("$.webSockets.messageRate", "webSockets.messageRate", ws.MessageRatePerSecond);
            Leaf("$.webSockets.messageCpu", "webSockets.messageCpu", ws.MessageCpuSeconds);
            Leaf("$.webSockets.messageSize", "webSockets.messageSize", ws.MessageSizeBytes);
            if (ws.OpenRatePerSecond > 0 && ws.LifetimeSeconds is { Mean: <= 0 })
                Add("$.webSockets.lifetime", Written("$.webSockets.lifetime") ?? "0", "a lifetime with a mean > 0 when webSockets.openRate > 0, e.g. {\"exponential\": {\"mean\": \"5min\"}}");
        }
        Clients(s.Clients);
        Classes(s.Classes);
        Slo(s.Slo, s.Classes, s.Load);
        if (othersFound || _errors.Count != 0) return;
        Transfer(s);
        Work(s.Run, s.Load);
        MemoryLimit(s);
        BrowserCaches(s);
    }

    // A browser hit sends nothing and its user thinks again at once: with no think time and nothing but browser-cached
    // classes the users would loop at one instant forever. Refused whenever a closed load has no think time.
    private void BrowserCaches(StackScenario s)
    {
        int cached = -1;
        for (int i = 0; i < s.Classes.Count && cached < 0; i++) if (s.Classes[i].Cache?.Browser is not null) cached = i;
        if (cached < 0) return;
        var closed = new List<(string Path, ClosedLoad Load)>();
        if (s.Load.Closed is { } c) closed.Add(("$.load.closed.thinkTime", c));
        if (s.Load.Populations is { } pops)
            for (int p = 0; p < pops.Count; p++) if (pops[p].Closed is { } pc) closed.Add(($"$.load.populations[{p}].closed.thinkTime", pc));
        foreach ((string path, ClosedLoad load) in closed)
        {
            if (load.ThinkTimeSeconds.Mean > 0) continue;
            Add(path, Written(path) ?? "0", $"a think time with a mean > 0 when a class has a browser cache ($.classes[{cached}].cache.browser): a browser hit sends nothing, so users with no think time would never let time pass");
        }
    }

    // A limit below what the host holds with no request in service would OOM-kill every request: refused, with the sum.
    private void MemoryLimit(StackScenario s)
    {
        double swap = s.Host.SwapBytes;
        if (s.Host.MemoryLimitBytes is not { } limit)
        {
            if (swap > 0)
                Add("$.host.swap", Written("$.host.swap") ?? Format(swap, LeafKind.Bytes), "0 without host.memoryLimit: swap is used only past the memory limit; set host.memoryLimit or remove host.swap");
            return;
        }
        int servers = s.LoadBalancer.Servers;
        long webSockets = s.WebSockets.Connections / servers + (s.WebSockets.Connections % servers > 0 ? 1 : 0);
        double idle = s.Host.BaseMemoryBytes + s.Workers.Count * s.Workers.MemoryPerWorkerBytes + webSockets * s.WebSockets.MemoryPerConnectionBytes;
        if (limit + swap > idle) return;
        if (swap > 0)
            Add("$.host.swap", Written("$.host.swap") ?? Format(swap, LeafKind.Bytes),
                $"host.memoryLimit + host.swap more than the server holds with no request in service: host.baseMemory + workers.count × workers.memoryPerWorker + its share of webSockets = {Format(idle, LeafKind.Bytes)}, limit {Format(limit, LeafKind.Bytes)}");
        else
            Add("$.host.memoryLimit", Written("$.host.memoryLimit") ?? Format(limit, LeafKind.Bytes),
                $"more than the server holds with no request in service: host.baseMemory + workers.count × workers.memoryPerWorker + its share of webSockets = {Format(idle, LeafKind.Bytes)}");
    }

    private void Clients(ClientsSpec? clients)
    {
        if (Object("$.clients", clients, "clients") is not { } c) return;
        if (c.TimeoutSeconds is { } timeout) Leaf("$.clients.timeout", "clients.timeout", timeout);
        if (c.PatienceSeconds is { } patience) Dist("$.clients.patience", patience, DistributionUnit.Seconds);
        if (Object("$.clients.retries", c.Retries, "clients.retries") is not { } r) return;
        Leaf("$.clients.retries.max", "clients.retries.max", r.Max);
        if (r.On is null)
        {
            Add("$.clients.retries.on", "null", "a list of " + ((LeafShape)Shapes["clients.retries.on[]"]).Allowed);
        }
        else
        {
            for (int i = 0; i < r.On.Count; i++) Enum($"$.clients.retries.on[{i}]", "clients.retries.on[]", r.On[i]);
        }
        if (Object("$.clients.retries.backoff", r.Backoff, "clients.retries.backoff") is not { } b) return;
        Leaf("$.clients.retries.backoff.initial", "clients.retries.backoff.initial", b.InitialSeconds);
        Leaf("$.clients.retries.backoff.multiplier", "clients.retries.backoff.multiplier", b.Multiplier);
        Leaf("$.clients.retries.backoff.max", "clients.retries.backoff.max", b.MaxSeconds);
        Leaf("$.clients.retries.backoff.jitter", "clients.retries.backoff.jitter", b.Jitter);
    }

    private void Load(LoadSpec? load, RunSettings? run, IReadOnlyList<RequestClass>? classes)
    {
        if (Object("$.load", load, "load") is not { } l) return;
        string[] group = ((ObjectShape)Shapes["load"]).ExactlyOne![0];
        string[] present = [.. group.Where(f => f switch { "open" => l.Open is not null, "closed" => l.Closed is not null, _ => l.Populations is not null })];
        if (present.Length != 1)
        {
            Add("$.load", present.Length == 0 ? "(missing)" : Written("$.load") ?? "{" + string.Join(",", present.Select(f => $"\"{f}\":…")) + "}", present.Length == 0
                ? $"exactly one of {string.Join(", ", group)}; none is given"
                : $"exactly one of {string.Join(", ", group)}; {string.Join(" and ", present)} are both given");
        }
        if (l.Open is { } open) Open("$.load.open", open, run);
        if (l.Closed is { } closed) Closed("$.load.closed", closed);
        if (l.Populations is { } populations) Populations(populations, classes);
    }

    private void Open(string path, OpenLoad open, RunSettings? run)
    {
        if (open.Profile is null)
        {
            Add(path + ".profile", "null", "a list of profile points, or an empty list for the constant rate");
        }
        else if (open.Trace is { } trace)
        {
            if (path == "$.load.open") Trace(trace, open.Profile.Count > 0 || open.RatePerSecond != 0, run);
            else Add(path + ".trace", Written(path + ".trace") ?? "{\"file\":…}", "a rate or a profile: a recorded log is replayed only as load.open.trace (one load with the log's own classes), not as a population");
        }
        else if (open.Profile.Count == 0)
        {
            Leaf(path + ".rate", "load.open.rate", open.RatePerSecond);
        }
        else
        {
            double previous = double.NegativeInfinity;
            for (int i = 0; i < open.Profile.Count; i++)
            {
                string p = $"{path}.profile[{i}]";
                if (Object(p, open.Profile[i], "load.open.profile[]") is not { } point) continue;
                bool at = Leaf(p + ".at", "load.open.profile[].at", point.AtSeconds);
                Leaf(p + ".rate", "load.open.profile[].rate", point.RatePerSecond);
                if (!at) continue;
                if (point.AtSeconds < previous)
                {
                    Add(p + ".at", Written(p + ".at") ?? Format(point.AtSeconds, LeafKind.Duration),
                        $"times in increasing order (≥ the previous point's {Quantity.FormatDuration(previous)})");
                }
                previous = Math.Max(previous, point.AtSeconds);
            }
        }
    }

    // cpuAtLoad.curve: at least one point; busy in [0, 1] non-decreasing; factor in (0, 10].
    private void Curve(string path, IReadOnlyList<DemandPoint> curve)
    {
        if (curve.Count == 0)
        {
            Add(path, Written(path) ?? "[]", "a non-empty list of points {\"busy\": 0..1, \"factor\": > 0 and ≤ 10}");
            return;
        }
        double previous = double.NegativeInfinity;
        for (int i = 0; i < curve.Count; i++)
        {
            string p = $"{path}[{i}]";
            if (Object(p, curve[i], "classes[].steps[].cpuAtLoad.curve[]") is not { } point) continue;
            bool busy = Leaf(p + ".busy", "classes[].steps[].cpuAtLoad.curve[].busy", point.Busy);
            Leaf(p + ".factor", "classes[].steps[].cpuAtLoad.curve[].factor", point.Factor);
            if (!busy) continue;
            if (point.Busy < previous)
            {
                Add(p + ".busy", Written(p + ".busy") ?? point.Busy.ToString("R", Inv),
                    $"busy in non-decreasing order (≥ the previous point's {previous.ToString("R", Inv)})");
            }
            previous = Math.Max(previous, point.Busy);
        }
    }

    private void Closed(string path, ClosedLoad closed)
    {
        Leaf(path + ".users", "load.closed.users", closed.Users);
        Dist(path + ".thinkTime", closed.ThinkTimeSeconds, DistributionUnit.Seconds);
    }

    // load.populations: at least one; unique names; each exactly one of open and closed; a mix over known class names.
    private void Populations(IReadOnlyList<PopulationSpec> populations, IReadOnlyList<RequestClass>? classes)
    {
        var shape = (ArrayShape)Shapes["load.populations"];
        if (populations.Count == 0) Add("$.load.populations", Written("$.load.populations") ?? "[]", $"a non-empty list ({shape.Doc.TrimEnd('.')})");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string[] known = classes is null ? [] : [.. classes.Where(c => c is not null).Select(c => c.Name)];
        for (int i = 0; i < populations.Count; i++)
        {
            string p = $"$.load.populations[{i}]";
            if (Object(p, populations[i], "load.populations[]") is not { } pop) continue;
            if (Text(p + ".name", pop.Name))
            {
                if (!ScenarioReader.ClassName().IsMatch(pop.Name)) Add(p + ".name", Written(p + ".name") ?? Quote(pop.Name), "a name of ASCII letters, digits, '-' and '_'");
                else if (!seen.Add(pop.Name)) Add(p + ".name", Written(p + ".name") ?? Quote(pop.Name), "a population name not used by an earlier population");
            }
            if ((pop.Open is null) == (pop.Closed is null))
            {
                Add(p, pop.Open is null ? "(missing)" : Written(p) ?? "{\"open\":…,\"closed\":…}", pop.Open is null
                    ? "exactly one of open, closed; none is given"
                    : "exactly one of open, closed; open and closed are both given");
            }
            if (pop.Open is { } open) Open(p + ".open", open, null);
            if (pop.Closed is { } closed) Closed(p + ".closed", closed);
            if (pop.Mix is null)
            {
                Add(p + ".mix", "null", "an object of class name → weight > 0, or {} for the classes' own weights");
                continue;
            }
            foreach (var (name, weight) in pop.Mix)
            {
                string mp = ScenarioReader.ClassName().IsMatch(name) ? $"{p}.mix.{name}" : $"{p}.mix[\"{name}\"]";
                if (classes is not null && !known.Contains(name))
                    Add(mp, Written(mp) ?? weight.ToString("R", Inv), $"a weight for a class of the scenario; there is no class '{name}'{ScenarioReader.Suggestion(name, known)}; classes: {string.Join(", ", known)}");
                else if (!(weight > 0) || !double.IsFinite(weight))
                    Add(mp, Written(mp) ?? weight.ToString("R", Inv), "a weight: a finite number > 0");
            }
        }
    }

    private void Trace(TraceReplay trace, bool alsoRate, RunSettings? run)
    {
        const string path = "$.load.open.trace";
        if (alsoRate) Add("$.load.open", "{\"trace\":…,…}", "exactly one of rate, profile, trace; a trace and a rate or profile are both given");
        if (string.IsNullOrWhiteSpace(trace.File) && trace.Arrivals is null)
            Add(path + ".file", Written(path + ".file") ?? "\"\"", "the path of an nginx access log (stack or combined format)");
        Leaf(path + ".speed", "load.open.trace.speed", trace.Speed);
        if (trace.Arrivals is null)
        {
            // The loader reads the file after this check; a scenario built in code must carry the arrivals itself.
            if (_written is null)
                Add(path, "(arrivals not read)", $"a trace with its arrivals: set Arrivals = ArrivalTrace.Read(\"{trace.File}\"), or load the scenario with ScenarioLoader, which reads the file");
            return;
        }
        TraceLasts(trace, run);
    }

    // A trace that does not loop must last the run at its speed (needs its arrivals).
    private void TraceLasts(TraceReplay trace, RunSettings? run)
    {
        const string path = "$.load.open.trace";
        if (trace.Arrivals is null || trace.Loop || run is null || !(trace.Speed > 0)) return;
        double needed = (run.WarmupSeconds ?? 0) + run.DurationSeconds;
        double pass = trace.PassSeconds;
        if (pass < needed)
        {
            Add(path, string.Create(Inv, $"{trace.Arrivals.Count:N0} requests over {pass:G4} s at speed {trace.Speed:G4}"), string.Create(Inv,
                $"a trace that lasts the run: run.warmup + run.duration = {needed:G4} s; shorten the run (run.duration ≤ {Math.Max(0, pass - (run.WarmupSeconds ?? 0)):G4} s with this warm-up), slow the replay (speed ≤ {trace.Arrivals.SpanSeconds / needed:G4}), or set loop: true"));
        }
    }

    private void Classes(IReadOnlyList<RequestClass>? classes)
    {
        var shape = (ArrayShape)Shapes["classes"];
        string nonEmpty = $"a non-empty list ({shape.Doc.TrimEnd('.')})";
        if (classes is null)
        {
            Add("$.classes", "null", nonEmpty);
            return;
        }
        if (classes.Count == 0) Add("$.classes", Written("$.classes") ?? "[]", nonEmpty);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        bool weightsOk = true;
        double total = 0;
        for (int i = 0; i < classes.Count; i++)
        {
            string p = $"$.classes[{i}]";
            if (Object(p, classes[i], "classes[]") is not { } c)
            {
                weightsOk = false;
                continue;
            }
            if (Text(p + ".name", c.Name))
            {
                if (!ScenarioReader.ClassName().IsMatch(c.Name)) Add(p + ".name", Written(p + ".name") ?? Quote(c.Name), "a name of ASCII letters, digits, '-' and '_'");
                else if (!seen.Add(c.Name)) Add(p + ".name", Written(p + ".name") ?? Quote(c.Name), "a class name not used by an earlier class");
            }
            if (Leaf(p + ".weight", "classes[].weight", c.Weight)) total += c.Weight;
            else weightsOk = false;
            Leaf(p + ".memory", "classes[].memory", c.MemoryBytes);
            if (c.Cache?.Browser is { } browser) Leaf(p + ".cache.browser.maxAge", "classes[].cache.browser.maxAge", browser.MaxAgeSeconds);
            if (c.Cache?.Cdn is { } cdn)
            {
                Leaf(p + ".cache.cdn.hitRatio", "classes[].cache.cdn.hitRatio", cdn.HitRatio);
                Dist(p + ".cache.cdn.edgeTime", cdn.EdgeTimeSeconds, DistributionUnit.Seconds);
            }
            Steps(p + ".steps", c.Steps, inTask: false);
        }
        if (weightsOk && classes.Count > 0 && !double.IsFinite(total))
        {
            Add("$.classes", "weights " + string.Join(", ", classes.Select(c => c!.Weight.ToString("R", Inv))),
                "weights with a finite sum; they are relative, so divide them all by a common factor");
        }
    }

    /// <summary>The longest phase name: it names a folder (<c>sim phases --out</c> writes <c>DIR/&lt;phase&gt;/results.json</c>).</summary>
    internal const int MaxPhaseNameLength = 64;

    /// <summary>
    /// Why <paramref name="name"/> cannot name a phase, or null when it can. A phase name becomes a folder under
    /// <c>sim phases --out</c>, so it is held to what a folder name on every system allows and to what keeps it inside
    /// the output folder: ASCII letters, digits, '-' and '_' (as class names; no '.', '/', '\', space or control
    /// character), at most <see cref="MaxPhaseNameLength"/> characters, none of <see cref="ScenarioPhase.ReservedNames"/>
    /// (<c>baseline</c>, the output folder's own files, and device names Windows refuses), and unique ignoring case (on
    /// Windows and macOS <c>Nginx</c> and <c>nginx</c> are one folder).
    /// </summary>
    /// <param name="name">The name.</param>
    /// <param name="earlier">The names of the earlier phases; <paramref name="name"/> is added when it is valid.</param>
    internal static string? PhaseNameProblem(string name, ISet<string> earlier)
    {
        const string Folder = "it names the phase's folder in 'sim phases --out'";
        if (name.Length == 0 || !ScenarioReader.ClassName().IsMatch(name))
            return $"a name of ASCII letters, digits, '-' and '_' (1 to {MaxPhaseNameLength} characters): {Folder}";
        if (name.Length > MaxPhaseNameLength)
            return string.Create(Inv, $"a name of at most {MaxPhaseNameLength} characters (this one has {name.Length}): {Folder}");
        if (name.Equals("baseline", StringComparison.OrdinalIgnoreCase)) return "a phase name other than \"baseline\" (the unpatched scenario)";
        if (ScenarioPhase.ReservedNames.Contains(name))
            return $"a name other than {string.Join(", ", ScenarioPhase.ReservedNames.Where(n => n != "baseline").Order(StringComparer.Ordinal))} (ignoring case): 'sim phases --out' writes its own files under those names, and Windows refuses device names as folders";
        if (earlier.FirstOrDefault(e => e.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } same)
            return same == name ? "a phase name not used by an earlier phase" : $"a phase name not used by an earlier phase, ignoring case ('{same}' is one already: on Windows and macOS they would share a folder)";
        earlier.Add(name);
        return null;
    }

    private void Steps(string path, IReadOnlyList<Step>? steps, bool inTask)
    {
        if (steps is null)
        {
            Add(path, "null", "a list of steps, e.g. [{\"cpu\": \"20ms\"}, {\"respond\": {\"size\": \"50KB\"}}]");
            return;
        }
        for (int i = 0; i < steps.Count; i++)
        {
            string stepPath = $"{path}[{i}]";
            Step? step = steps[i];
            string? kind = KindOf(step);
            if (kind is null)
            {
                Add(stepPath, Written(stepPath) ?? step?.ToString() ?? "null", $"a step: an object with exactly one key, one of {string.Join(", ", StepKinds)}");
                continue;
            }
            string body = $"{stepPath}.{kind}";
            if (inTask && step is RespondStep or EnqueueStep)
            {
                Add(body, Written(body) ?? BodyText(step!), "a task step: cpu, cpuAtLoad, cacheGet, cacheSet, db or external (a task neither responds nor enqueues)");
                continue;
            }
            switch (step)
            {
                case CpuStep { Curve: null } cpu:
                    Dist(body, cpu.WorkSeconds, DistributionUnit.Seconds);
                    break;
                case CpuStep cpu:
                    Dist(body + ".work", cpu.WorkSeconds, DistributionUnit.Seconds);
                    Curve(body + ".curve", cpu.Curve);
                    break;
                case ExternalCallStep external:
                    Dist(body, external.LatencySeconds, DistributionUnit.Seconds);
                    break;
                case CacheGetStep get:
                    int after = steps.Count - 1 - i;
                    if (Leaf(body + ".guards", "classes[].steps[].cacheGet.guards", get.Guards) && get.Guards > after)
                    {
                        Add(body + ".guards", Written(body + ".guards") ?? get.Guards.ToString(Inv), $"at most {after}: the number of steps after this one");
                    }
                    break;
                case DbStep dbStep:
                    Leaf(body + ".queries", "classes[].steps[].db.queries", dbStep.Queries);
                    Dist(body + ".time", dbStep.QueryTimeSeconds, DistributionUnit.Seconds);
                    break;
                case EnqueueStep enqueue:
                    Leaf(body + ".probability", "classes[].steps[].enqueue.probability", enqueue.Probability);
                    break;
                case RespondStep respond:
                    Dist(body + ".size", respond.SizeBytes, DistributionUnit.Bytes);
                    if (i != steps.Count - 1) Add(stepPath, Written(stepPath) ?? StepText(respond), "respond only as the last step (the response ends the request's work)");
                    break;
            }
        }
    }

    private void Slo(SloSpec? slo, IReadOnlyList<RequestClass>? classes, LoadSpec? load)
    {
        if (slo is null)
        {
            Add("$.slo", "null", "an object {\"p95\": \"500ms\", \"errorRate\": \"0.1%\"}");
            return;
        }
        double q = slo.LatencyQuantile;
        string key = _sloKey ?? "p" + (q * 100).ToString("G15", Inv);
        string keyPath = $"$.slo[\"{key}\"]";
        if (!(q > 0 && q < 1))
        {
            Add(keyPath, Written(keyPath) ?? Format(slo.LatencyLimitSeconds, LeafKind.Duration),
                $"a latency quantile strictly between p0 and p100 (here {key} = {q.ToString(Inv)})");
        }
        Leaf(keyPath, ScenarioSchema.SloLatencyLimit, slo.LatencyLimitSeconds);
        Leaf("$.slo.errorRate", ScenarioSchema.SloErrorRate, slo.MaxErrorRate);
        SloClasses(slo, classes);
        SloPopulations(slo, load);
    }

    // slo.classes and slo.excludeClasses: known class names, once each, quantiles in (0, 1), limits > 0; a class left for the overall objective.
    private void SloClasses(SloSpec slo, IReadOnlyList<RequestClass>? classes)
    {
        if (slo.Classes is null || slo.ExcludeClasses is null)
        {
            Add("$.slo", "null", "slo.classes and slo.excludeClasses as lists (empty when unused), not null");
            return;
        }
        var names = (classes ?? []).Where(c => c is not null).Select(c => c.Name).ToList();
        string known = names.Count == 0 ? "the scenario has no request classes" : "a request class of the scenario: " + string.Join(", ", names);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (ClassSloSpec c in slo.Classes)
        {
            if (c is null)
            {
                Add("$.slo.classes", "null", "a class clause, not null");
                continue;
            }
            string classPath = $"$.slo.classes.{c.Class}";
            if (!names.Contains(c.Class)) Add(classPath, Written(classPath) ?? Quote(c.Class), $"{known} (the name '{c.Class}' is not one)");
            else if (!seen.Add(c.Class)) Add(classPath, Quote(c.Class), "one SLO clause per class; this class has two");
            double q = c.LatencyQuantile;
            string key = "p" + (q * 100).ToString("G15", Inv);
            string keyPath = $"{classPath}[\"{key}\"]";
            if (!(q > 0 && q < 1))
                Add(keyPath, Written(keyPath) ?? Format(c.LatencyLimitSeconds, LeafKind.Duration), $"a latency quantile strictly between p0 and p100 (here {key} = {q.ToString(Inv)})");
            Leaf(keyPath, ScenarioSchema.SloLatencyLimit, c.LatencyLimitSeconds);
        }
        var excluded = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < slo.ExcludeClasses.Count; i++)
        {
            string name = slo.ExcludeClasses[i];
            string path = $"$.slo.excludeClasses[{i}]";
            if (name is null || !names.Contains(name)) Add(path, name is null ? "null" : Quote(name), $"{known}");
            else if (!excluded.Add(name)) Add(path, Quote(name), $"each class once; '{name}' is excluded twice");
        }
        if (names.Count > 0 && excluded.Count == names.Distinct().Count())
            Add("$.slo.excludeClasses", Written("$.slo.excludeClasses") ?? "[" + string.Join(",", slo.ExcludeClasses.Select(Quote)) + "]",
                "at least one class left for the overall latency objective (to judge classes only, give each its own clause in slo.classes)");
    }

    // slo.populations: known population names, once each, quantiles in (0, 1), limits > 0.
    private void SloPopulations(SloSpec slo, LoadSpec? load)
    {
        if (slo.Populations is null)
        {
            Add("$.slo", "null", "slo.populations as a list (empty when unused), not null");
            return;
        }
        var names = (load?.Populations ?? []).Where(p => p is not null).Select(p => p.Name).ToList();
        string known = names.Count == 0 ? "a population of load.populations; this scenario has none (its load is load.open or load.closed)" : "a population of load.populations: " + string.Join(", ", names);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (PopulationSloSpec p in slo.Populations)
        {
            if (p is null)
            {
                Add("$.slo.populations", "null", "a population clause, not null");
                continue;
            }
            string path = $"$.slo.populations.{p.Population}";
            if (!names.Contains(p.Population)) Add(path, Written(path) ?? Quote(p.Population), $"{known} (the name '{p.Population}' is not one)");
            else if (!seen.Add(p.Population)) Add(path, Quote(p.Population), "one SLO clause per population; this population has two");
            double q = p.LatencyQuantile;
            string key = "p" + (q * 100).ToString("G15", Inv);
            string keyPath = $"{path}[\"{key}\"]";
            if (!(q > 0 && q < 1))
                Add(keyPath, Written(keyPath) ?? Format(p.LatencyLimitSeconds, LeafKind.Duration), $"a latency quantile strictly between p0 and p100 (here {key} = {q.ToString(Inv)})");
            Leaf(keyPath, ScenarioSchema.SloLatencyLimit, p.LatencyLimitSeconds);
        }
    }

    // A response's transfer takes wire bytes × 8 / bandwidth seconds, for the largest body a class can draw and the
    // smallest bit rate a client can: both may be finite and the quotient not (a bandwidth mixture with a 1e-320 bit/s
    // part stopped runs with "Delay must be finite"). The other products the model forms stay finite within the
    // schema's bounds: gzip CPU is at most a size's largest draw (below 1e155 B while its variance is finite) / 1e6 ×
    // cpuPerMB (≤ 1e7 s), and memory at most counts (≤ 2³¹) × sizes (≤ 1 TB).
    private void Transfer(StackScenario s)
    {
        double slowest = s.Network.ClientBandwidthBitsPerSecond.DrawRange.Min;
        for (int i = 0; i < s.Classes.Count; i++)
        {
            IReadOnlyList<Step> steps = s.Classes[i].Steps;
            for (int j = 0; j < steps.Count; j++)
            {
                if (steps[j] is not RespondStep r) continue;
                double largest = r.SizeBytes.DrawRange.Max;
                string size = $"$.classes[{i}].steps[{j}].respond.size";
                if (largest > 0 && slowest > 0 && !double.IsFinite(largest * 8 / slowest))
                {
                    const string bw = "$.network.clientBandwidth";
                    Add(bw, Written(bw) ?? DistText(s.Network.ClientBandwidthBitsPerSecond, DistributionUnit.Dimensionless), string.Create(Inv,
                        $"a bandwidth that carries the largest response in a finite time: {size} can draw {largest:G4} B, and {largest * 8:G4} bits at the smallest bit rate this distribution can draw ({slowest:G4} bit/s) overflow"));
                    return;
                }
            }
        }
    }

    // The requests a run would offer: a closed load at most N / E[Z] per second (each user waits at least its think
    // time between requests), an open one its rate or its profile's time average over the run (its peak would refuse a
    // long run with a short burst). A closed load without think time is bounded
    // by the stack's own speed instead, which is not known here, so it is not checked.
    private void Work(RunSettings run, LoadSpec load)
    {
        double seconds = (run.WarmupSeconds ?? 0) + run.DurationSeconds;
        static double Offered(OpenLoad? open, ClosedLoad? closed, double seconds) => closed is { } c ? (c.ThinkTimeSeconds.Mean > 0 ? c.Users / c.ThinkTimeSeconds.Mean : 0)
            : open is { } o ? o.MeanRate(0, seconds) : 0;
        double perSecond = load.Populations is { } pops ? pops.Sum(p => Offered(p.Open, p.Closed, seconds)) : Offered(load.Open, load.Closed, seconds);
        double requests = perSecond * seconds * run.Replications;
        if (!(requests > RunSettings.MaxRequests)) return;
        static string Count(double v) => double.IsInfinity(v) ? "more than 1e308" : v.ToString(v < 1e6 ? "N0" : "0.##e0", CultureInfo.InvariantCulture);
        string offered = load.Populations is not null ? $"{load.Populations.Count} populations offer up to {Count(perSecond)} requests/s in all"
            : load.Closed is { } cl
            ? string.Create(Inv, $"{cl.Users:N0} users with a mean think time of {cl.ThinkTimeSeconds.Mean:G3} s offer up to {Count(perSecond)} requests/s")
            : load.Open!.IsConstantRate ? $"{Count(perSecond)} requests/s offered" : $"{Count(perSecond)} requests/s offered on average";
        Add("$.run", double.IsInfinity(requests) ? "more than 1e308 requests" : $"about {Count(requests)} requests", string.Create(Inv,
            $"at most {Count(RunSettings.MaxRequests)} requests in all, about 20 minutes on two cores: {offered}, for {Count(seconds)} s (warm-up + duration) × {run.Replications} replication(s); shorten run.duration, use fewer replications or a smaller load"));
    }

    // ---- leaves ----------------------------------------------------------------------------------

    /// <summary>Checks a value against the range of its schema leaf; false (and an error) when outside it.</summary>
    private bool Leaf(string path, string key, double value) => Leaf(path, (LeafShape)Shapes[key], value);

    private bool Leaf(string path, LeafShape leaf, double value)
    {
        string? problem = Problem(value, leaf);
        if (problem is null) return true;
        Add(path, Written(path) ?? Format(value, leaf.Kind), problem + "; allowed: " + leaf.Allowed);
        return false;
    }

    // The words match the loader's for the same value written in JSON: a quantity ("5ms") that is negative or not finite
    // is refused by its unit parser with these words, a plain number by its range.
    private static string? Problem(double v, LeafShape l)
    {
        if (double.IsNaN(v)) return "not a number";
        if (l.Kind is LeafKind.Duration or LeafKind.Bytes or LeafKind.Rate or LeafKind.Warmup or LeafKind.BitRate)
        {
            if ((l.Kind == LeafKind.BitRate || (l.Kind == LeafKind.Bytes && l.MinExclusive)) && v == 0) return "must be > 0";
            if (v < 0) return "must not be negative";
            if (double.IsInfinity(v)) return "too large; must be finite";
            if (v > (l.Max ?? double.PositiveInfinity)) return "too large";
            return l.Contains(v) ? null : "out of range";
        }
        if (double.IsInfinity(v)) return v > 0 ? "too large; must be finite" : "too small; must be finite";
        if (l.Contains(v)) return null;
        return v < (l.Min ?? double.NegativeInfinity) || (l.MinExclusive && v == l.Min) ? "too small" : v > (l.Max ?? double.PositiveInfinity) ? "too large" : "out of range";
    }

    private bool Text(string path, string? value)
    {
        if (value is not null) return true;
        Add(path, "null", "a string");
        return false;
    }

    private void Enum<T>(string path, string key, T value) where T : struct, System.Enum
    {
        if (System.Enum.IsDefined(value)) return;
        LeafShape leaf = (LeafShape)Shapes[key];
        Add(path, Convert.ToInt64(value, Inv).ToString(Inv), leaf.Allowed);
    }

    /// <summary>The object, or null (and an error worded as the loader's for JSON null) when it is null.</summary>
    private T? Object<T>(string path, T? value, string key) where T : class
    {
        if (value is not null) return value;
        var shape = (ObjectShape)Shapes[key];
        Add(path, "null", $"an object ({shape.Doc.TrimEnd('.')}) with fields {string.Join(", ", shape.Fields.Select(f => f.Name))}");
        return null;
    }

    private void Dist(string path, Distribution? d, DistributionUnit unit)
    {
        if (d is null)
        {
            Add(path, "null", "a distribution, e.g. \"5ms\" or {\"exponential\": {\"mean\": \"5ms\"}}");
            return;
        }
        double mean = d.Mean, variance = d.Variance;
        (double max, string range, string u) = unit switch
        {
            DistributionUnit.Seconds => (ScenarioSchema.MaxDurationSeconds, "in [0, 1e7 s]", " s"),
            DistributionUnit.Bytes => (ScenarioSchema.MaxSizeBytes, "in [0, 1 TB]", " B"),
            _ => (double.MaxValue, "≥ 0", " bit/s"),
        };
        if (mean >= 0 && mean <= max && variance >= 0 && double.IsFinite(variance)) return;
        static string Num(double x) => double.IsPositiveInfinity(x) ? "+∞" : x.ToString("G4", Inv);
        Add(path, Written(path) ?? DistText(d, unit), string.Create(Inv,
            $"a distribution with a finite mean {range} and a finite variance; this one has mean {Num(mean)}{u} and standard deviation {Num(Math.Sqrt(variance))}{u}"));
    }

    private void BitRate(string path, Distribution? d)
    {
        const string allowed = "a bit rate > 0 with a unit, e.g. \"20Mbit/s\", or a distribution of bits per second";
        if (d is null)
        {
            Add(path, "null", "a bit rate > 0 with a unit, e.g. \"20Mbit/s\", or a distribution object of plain numbers in bits per second");
            return;
        }
        if (!(d.Mean > 0))
        {
            Add(path, Written(path) ?? DistText(d, DistributionUnit.Dimensionless), "must be > 0; allowed: " + allowed);
            return;
        }
        int before = _errors.Count;
        Dist(path, d, DistributionUnit.Dimensionless);
        if (_errors.Count != before || d.DrawRange.Min > 0) return;
        // A draw of 0 bit/s is a transfer that never ends (its time is +∞ and stopped the run).
        Add(path, Written(path) ?? DistText(d, DistributionUnit.Dimensionless),
            "a bandwidth that never draws 0 bit/s; this one can (exponential, gamma, erlang, weibull and truncatedNormal draws reach 0 or round to it, and so does a constant or uniform at 0, or a mixture with such a part): use a constant > 0, a uniform with min > 0, a lognormal, boundedPareto or empirical of positive values, or a mixture of them");
    }

    // ---- values as JSON would write them -----------------------------------------------------------

    private string? Written(string path) => _written?.Invoke(path);

    private static string Format(double v, LeafKind kind)
    {
        if (!double.IsFinite(v)) return v.ToString(Inv);
        return kind switch
        {
            LeafKind.Duration or LeafKind.Warmup => Quote(Quantity.FormatDuration(v)),
            LeafKind.Bytes => Quote(Quantity.FormatBytes(v)),
            LeafKind.Rate => Quote(v.ToString("R", Inv) + "/s"),
            LeafKind.BitRate => Quote(v.ToString("R", Inv) + "bit/s"),
            _ => v.ToString("R", Inv),
        };
    }

    private static string Quote(string s) => "\"" + s + "\"";

    private static string DistText(Distribution d, DistributionUnit unit) => d is Deterministic { Value: var v } && double.IsFinite(v)
        ? unit switch
        {
            DistributionUnit.Seconds => Quote(Quantity.FormatDuration(v)),
            DistributionUnit.Bytes => Quote(Quantity.FormatBytes(v)),
            _ => v.ToString("R", Inv),
        }
        : Quote(d.Describe(unit));

    private static string? KindOf(Step? step) => step switch
    {
        CpuStep { Curve: null } => "cpu",
        CpuStep => "cpuAtLoad",
        CacheGetStep => "cacheGet",
        CacheSetStep => "cacheSet",
        DbStep => "db",
        ExternalCallStep => "external",
        EnqueueStep => "enqueue",
        RespondStep => "respond",
        _ => null,
    };

    private static string StepText(Step step) => $"{{\"{KindOf(step)}\":{BodyText(step)}}}";

    private static string BodyText(Step step) => step switch
    {
        RespondStep r => $"{{\"size\":{DistText(r.SizeBytes, DistributionUnit.Bytes)}}}",
        EnqueueStep e => $"{{\"probability\":{e.Probability.ToString("R", Inv)}}}",
        _ => step.ToString(),
    };

    private void Add(string path, string value, string allowed) => _errors.Add(new ValidationError(path, value, allowed));

    // ---- the schema's shapes by path ("workers.count", "classes[].steps[].db.queries") ---------------

    private static Dictionary<string, Shape> Collect()
    {
        var shapes = new Dictionary<string, Shape>(StringComparer.Ordinal);
        void Walk(Shape shape, string path)
        {
            if (path.Length > 0) shapes[path] = shape;
            switch (shape)
            {
                case NullableShape n:
                    Walk(n.Inner, path);
                    break;
                case ObjectShape o:
                    foreach (Field f in o.Fields) Walk(f.Shape, path.Length == 0 ? f.Name : path + "." + f.Name);
                    break;
                case OneKeyShape k:
                    foreach (Field f in k.Alternatives) Walk(f.Shape, path + "." + f.Name);
                    break;
                case ArrayShape a:
                    Walk(a.Item, path + "[]");
                    break;
            }
        }
        Walk(ScenarioSchema.Root, "");
        return shapes;
    }
}
