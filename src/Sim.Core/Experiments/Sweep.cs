using System.Buffers;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Experiments;

/// <summary>
/// Runs the points of a sweep. Each point is a pure function of (its configuration, replication): its replications
/// use the same seeds as <see cref="StackExperiment.Run"/> on that configuration, so a point's summary equals what
/// <c>sim run</c> reports for it, whatever the shard, the order or the number of threads.
/// </summary>
public static class Sweep
{
    /// <summary>
    /// Runs the given points in parallel over (point, replication) pairs. Work is taken in point order, so points
    /// finish roughly in order; an automatic warm-up is detected once per point (a pilot run, as in
    /// <see cref="StackExperiment.Run"/>) before its replications. Thread safe for distinct arguments.
    /// </summary>
    /// <param name="grid">The grid the points belong to (for their parameter values).</param>
    /// <param name="points">The points to run: (grid index, the configuration of that point).</param>
    /// <param name="pointDone">Called once per finished point, from a worker thread — possibly several at once, so it
    /// must be thread safe; an exception from it stops the sweep and is rethrown. Null for none.</param>
    /// <param name="maxDegreeOfParallelism">−1 (default) for all cores, or a thread count ≥ 1.</param>
    /// <param name="cancellationToken">Stops the sweep: running replications stop, finished points are kept.</param>
    /// <returns>The finished points in index order, and whether cancellation left some unfinished.</returns>
    /// <exception cref="ScenarioValidationException">A point's configuration is invalid (every point is checked before any runs); the exception lists every problem of the first such point.</exception>
    public static SweepOutcome Run(SweepGrid grid, IReadOnlyList<(int Index, StackScenario Scenario)> points, Action<SweepPoint>? pointDone = null,
        int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(points);
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use −1 for all cores or a positive thread count.");
        int n = points.Count;
        var warm = new Lazy<(StackScenario Scenario, bool Settled)>[n];
        var runs = new StackReplicationResult[n][];
        var remaining = new int[n];
        var done = new SweepPoint?[n];
        for (int k = 0; k < n; k++)
        {
            StackScenario scenario = points[k].Scenario;
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(points[k].Index, grid.Count, nameof(points));
            ArgumentNullException.ThrowIfNull(scenario, nameof(points));
            if (scenario.Validate() is { Count: > 0 } errors)
            {
                throw new ScenarioValidationException($"Sweep point {points[k].Index} (scenario '{scenario.Name}')", errors, nameof(points));
            }
            warm[k] = new(() => ResolveWarmup(scenario, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
            runs[k] = new StackReplicationResult[scenario.Run.Replications];
            remaining[k] = scenario.Run.Replications;
        }

        // Work items in point order: (point, replication), with r = −1 for a warm-up pilot. A point's pilot is
        // scheduled before the previous point's replications, so threads rarely wait for a pilot.
        var items = new List<(int Point, int Replication)>();
        for (int k = 0; k <= n; k++)
        {
            if (k < n && points[k].Scenario.Run.WarmupSeconds is null) items.Add((k, -1));
            if (k > 0) for (int r = 0; r < runs[k - 1].Length; r++) items.Add((k - 1, r));
        }

        int next = -1;
        ExceptionDispatchInfo? failure = null;
        void Work()
        {
            while (!cancellationToken.IsCancellationRequested && Volatile.Read(ref failure) is null)
            {
                int i = Interlocked.Increment(ref next);
                if (i >= items.Count) return;
                var (k, r) = items[i];
                try
                {
                    var (scenario, settled) = warm[k].Value;
                    if (r < 0) continue;
                    runs[k][r] = StackExperiment.RunOneValidated(scenario, r, cancellationToken) with { WarmupSettled = settled };
                    if (Interlocked.Decrement(ref remaining[k]) > 0) continue;
                    var point = new SweepPoint(points[k].Index, grid.Point(points[k].Index), Summarize(runs[k]));
                    done[k] = point;
                    pointDone?.Invoke(point);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(ex), null);
                    return;
                }
            }
        }

        int threads = Math.Max(1, Math.Min(maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism, items.Count));
        if (threads == 1) Work();
        else Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => Work());
        failure?.Throw();
        var finished = done.Where(p => p is not null).Select(p => p!).OrderBy(p => p.Index).ToList();
        return new SweepOutcome(finished, finished.Count < n);
    }

    /// <summary>
    /// The build of the engine that computes the points: Sim.Core's informational version, which carries the source
    /// commit ("0.1.0+72b492f…"). Part of every sweep's fingerprint, so points computed by another build — possibly
    /// another model — are recomputed rather than mixed in.
    /// </summary>
    public static string EngineVersion { get; } =
        typeof(Sweep).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(Sweep).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>
    /// Identifies a sweep: a SHA-256 (hex, 32 characters) over everything that determines its points' results — the
    /// engine's build (<see cref="EngineVersion"/>), the scenario name and text, the options that change it (overrides,
    /// seed, replications, duration, load), the phase and the grid. Shards of one sweep share it; a change to any
    /// input changes it.
    /// </summary>
    /// <param name="scenarioName">The scenario's name.</param>
    /// <param name="scenarioText">The scenario document as read.</param>
    /// <param name="settings">Every override and option that changes the configuration, in the order applied.</param>
    /// <param name="phase">The configuration swept.</param>
    /// <param name="grid">The grid.</param>
    public static string Fingerprint(string scenarioName, string scenarioText, IReadOnlyList<string> settings, string phase, SweepGrid grid)
        => FingerprintFor(EngineVersion, scenarioName, scenarioText, settings, phase, grid);

    /// <summary>As the public overload, for a given engine build (tests).</summary>
    internal static string FingerprintFor(string engineVersion, string scenarioName, string scenarioText, IReadOnlyList<string> settings, string phase, SweepGrid grid)
    {
        ArgumentNullException.ThrowIfNull(engineVersion);
        ArgumentNullException.ThrowIfNull(scenarioName);
        ArgumentNullException.ThrowIfNull(scenarioText);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(phase);
        ArgumentNullException.ThrowIfNull(grid);
        var sb = new StringBuilder("sim-sweep/2\n");
        void Add(string s) => sb.Append(s.Length).Append(':').Append(s).Append('\n');
        Add(engineVersion);
        Add(scenarioName);
        Add(scenarioText);
        Add(phase);
        sb.Append(settings.Count).Append('\n');
        foreach (string s in settings) Add(s);
        foreach (SweepParameter p in grid.Parameters)
        {
            Add(p.Path);
            sb.Append(p.Values.Count).Append('\n');
            foreach (string v in p.Values) Add(v);
        }
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString()));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>
    /// Checks that every swept field can take effect: no two parameters reach the same field, and no phase up to the swept
    /// one patches a swept field (it would override every point's value). Paths are compared as the fields they reach, not
    /// as written: a phase's <c>classes.page.weight</c> overlaps a swept <c>classes[0].weight</c>.
    /// </summary>
    /// <param name="scenarioText">The scenario document as read (JSON).</param>
    /// <param name="overrides">The <c>path=value</c> overrides applied before the phases, in order.</param>
    /// <param name="phases">The scenario's configurations as loaded: the baseline first, then each cumulative phase.</param>
    /// <param name="phaseIndex">Index in <paramref name="phases"/> of the configuration swept, 0 for the baseline.</param>
    /// <param name="grid">The grid.</param>
    /// <returns>Null when the sweep is sound; else one message naming the parameter (<c>--param path: …</c>).</returns>
    public static string? FindParameterConflict(string scenarioText, IReadOnlyList<string> overrides, IReadOnlyList<ScenarioPhase> phases, int phaseIndex, SweepGrid grid)
    {
        ArgumentNullException.ThrowIfNull(scenarioText);
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentNullException.ThrowIfNull(phases);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentOutOfRangeException.ThrowIfNegative(phaseIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(phaseIndex, phases.Count);
        string?[] resolved = ScenarioLoader.ResolvePaths(scenarioText, overrides, [.. grid.Parameters.Select(p => p.Path)]);
        for (int i = 0; i < resolved.Length; i++)
            for (int j = 0; j < i; j++)
                if (resolved[i] is { } a && resolved[j] is { } b && ScenarioPaths.Overlaps(a, b))
                    return $"--param {grid.Parameters[i].Path}: the same field as --param {grid.Parameters[j].Path} ({b}); sweep each field once.";
        for (int k = 1; k <= phaseIndex; k++)
            foreach (var (key, jsonPath) in phases[k].Patched)
                for (int i = 0; i < resolved.Length; i++)
                    if (resolved[i] is { } path && ScenarioPaths.Overlaps(path, jsonPath))
                        return $"--param {grid.Parameters[i].Path}: phase '{phases[k].Name}' sets '{key}' after the swept value is applied and would override it; "
                            + "sweep --phase baseline or a field the phases leave alone.";
        return null;
    }

    private static (StackScenario, bool) ResolveWarmup(StackScenario scenario, CancellationToken cancellationToken)
    {
        if (scenario.Run.WarmupSeconds is not null) return (scenario, true);
        WarmupDecision decision = StackExperiment.DetectWarmupValidated(scenario, cancellationToken);
        return (scenario with { Run = scenario.Run with { WarmupSeconds = decision.Seconds } }, decision.Settled);
    }

    private static JsonElement Summarize(StackReplicationResult[] runs)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) StackSummary.From(runs).WriteJson(w);
        using JsonDocument doc = JsonDocument.Parse(buffer.WrittenMemory);
        return doc.RootElement.Clone();
    }
}
