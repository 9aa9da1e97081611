using Sim.Components;
using Sim.Distributions;
using Sim.Kernel;
using Sim.Randomness;
using Sim.Scenarios;
using Sim.Stack.Stations;
using Sim.Statistics;

namespace Sim.Stack;

/// <summary>
/// The web stack of a <see cref="StackScenario"/> as a network of queues on the kernel's low-level
/// mechanism: load → load balancer → nginx → gunicorn backlog and workers → the request's steps
/// (CPU on the host's cores, Redis, database connections and queries, external calls, tasks) →
/// the response to the client. One instance is one replication.
/// </summary>
/// <remarks>
/// <para>Each part of the stack is a station (<c>Stack/Stations/</c>: one file each, behind one contract, registered in
/// <c>RegisterStations</c>); the model keeps the load, the table of requests in flight, the walk over a request's
/// steps and the statistics. docs/architecture.md draws a request's path through them and says how to add one.</para>
/// <para>Each request draws all its random numbers from its own stream, seeded from the "requests"
/// substream and the request's index (open load) or (user, nth request) (closed load). Two phases
/// of a scenario therefore give request k the same class, sizes, query times and cache draws —
/// common random numbers that make phase differences sharp.</para>
/// <para>Events carry (request slot, generation) so that events of a request that was aborted (a
/// 504 timeout kills the worker) are recognised as stale and ignored; work already handed to a CPU
/// or the database runs to completion, as it would on a real host.</para>
/// <para>Not thread safe: one model per simulation, one simulation per thread.</para>
/// </remarks>
public sealed partial class StackModel : IEventTarget
{
    // ---- event kinds (the model's own; each station has its own kinds) ------------------------
    private const int KArrival = 0, KThinkEnd = 1, KSample = 2;

    private static readonly string[] KindNames = ["Arrival", "ThinkEnd", "Sample"];

    /// <summary>The name of one of the model's own event kinds (developer tools: the benchmarks' event census).</summary>
    internal static string KindName(int kind) => (uint)kind < (uint)KindNames.Length ? KindNames[kind] : $"kind {kind}";

    private readonly Simulation _sim;
    private readonly StackScenario _s;
    // The load as populations: load.populations, or the scenario's one open or closed load as population 0 with the
    // original substreams ("load/arrivals", "requests", "users") and the classes' weights — so a scenario without
    // populations draws exactly what it drew before. Each population's users are numbered from its offset.
    private readonly OpenLoad?[] _popOpen;
    private readonly ClosedLoad?[] _popClosed;
    private readonly RandomStream[] _popArrivals;
    private readonly ulong[] _popRequestSeed, _popUserSeed;
    private readonly long[] _popArrivalIndex;
    private readonly int[] _popUserOffset;
    private readonly double[][] _popCumulative;
    private readonly RandomStream _decisionScratch = new(0); // one-shot streams for load-balancer picks and cache object sizes
    private readonly double[] _classCumulative;
    private readonly Step[][] _classSteps;
    private readonly double _generatorCpu; // CPU per request of a load generator on the web host; 0 when it runs elsewhere

    // ---- requests (slot pool) -----------------------------------------------------------------
    // Slot arrays grow by doubling up to the in-flight cap, so memory follows the requests really in flight.
    private StackRequest[] _req;
    private RandomStream[] _reqRandom;
    private double[] _reqElapsed, _reqService; // per slot × category
    private int[] _freeSlots;
    private int _freeCount;
    private readonly int _slotCap;
    // Trace replay (load.open.trace): the next record, the pass over the log, and the class of the arrival scheduled
    // (−1: drawn by weight); the trace's class names mapped to the scenario's classes.
    private readonly int[] _traceClassMap = [];
    private int _traceIndex;
    private long _tracePass;
    private int _pendingTraceClass = -1;
    private readonly long[] _userRequestCount;
    private int _inSystem;
    private readonly TimeWeighted _inSystemTw;

    // ---- stations -----------------------------------------------------------------------------
    private readonly List<Station> _stations = [];
    private Station[] _extraStations = [];

    // ---- statistics (window) ------------------------------------------------------------------
    // The window is [_windowStart, _windowEnd). Requests that arrive in it are the cohort: their outcomes
    // (latency, errors, cache and DB use, breakdown) are followed to their end, through the drain after
    // _windowEnd. Time averages and departure counts stop at _windowEnd (the frozen WindowTotals).
    private double _windowStart, _windowEnd = double.PositiveInfinity;
    private long _cohortInFlight;
    private WindowTotals? _frozen;
    private long _departed, _departedServed;
    private readonly long[] _classDeparted;
    private readonly LatencyHistogram _latency = new();
    private readonly LatencyHistogram[] _classLatency;
    private readonly long[] _classCompleted, _classErrors;
    private readonly bool _populations; // load.populations given: per-population statistics are kept and reported
    private readonly long[] _popDeparted, _popCompleted, _popErrors;
    private readonly LatencyHistogram[] _popLatency;
    private readonly long[] _errors = new long[Enum.GetValues<ErrorKind>().Length];
    private long _completed, _arrivals, _failed; // the cohort's
    private Tally _latencyTally, _residence;
    private readonly double[] _breakdownElapsed = new double[Enum.GetValues<BreakdownCategory>().Length];
    private readonly double[] _breakdownService = new double[Enum.GetValues<BreakdownCategory>().Length];
    private bool _unstable;
    private readonly StackTimeSeries _series;

    /// <summary>Request slots allocated up front; they grow by doubling up to the in-flight cap.</summary>
    internal const int InitialSlots = 64;

    /// <summary>Builds the model for one replication and schedules its first events.</summary>
    /// <param name="simulation">The simulation to run in (clock at 0).</param>
    /// <param name="scenario">The configuration; validated first (<see cref="StackScenario.Validate"/>).</param>
    /// <param name="replication">Replication index, ≥ 0: selects independent streams.</param>
    /// <exception cref="ScenarioValidationException"><paramref name="scenario"/> is invalid; the exception lists every problem.</exception>
    public StackModel(Simulation simulation, StackScenario scenario, int replication)
        : this(simulation, ScenarioValidator.ThrowIfInvalid(scenario, nameof(scenario)), replication, InitialSlots)
    {
    }

    /// <summary>
    /// As the public constructor without validating the scenario — for callers that validated it at their own public
    /// edge (one check per experiment, not per replication) — and with the initial number of request slots (tests use it
    /// to force slot growth), and with stations added beside the built-in ones (tests; see <see cref="RegisterStations"/>).
    /// </summary>
    internal StackModel(Simulation simulation, StackScenario scenario, int replication, int initialSlots,
        IReadOnlyList<Func<StackModel, Station>>? extraStations = null)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentOutOfRangeException.ThrowIfNegative(replication);
        _sim = simulation;
        _s = scenario;
        var streams = new StreamFactory(scenario.Run.Seed);
        // Every decision that is not a request's own draw gets its own substream keyed by the request it is for
        // (load-balancer picks, Celery tasks, cache object sizes), so a phase that changes the order in which
        // those decisions are made does not hand one request's random numbers to another.
        ulong lbSeed = StreamFactory.DeriveSeed(scenario.Run.Seed, "loadBalancer", replication);
        ulong taskSeed = StreamFactory.DeriveSeed(scenario.Run.Seed, "taskQueue", replication);
        ulong cacheSizeSeed = StreamFactory.DeriveSeed(scenario.Run.Seed, "cache/objectSizes", replication);
        ulong cacheServiceSeed = StreamFactory.DeriveSeed(scenario.Run.Seed, "cache/serviceTime", replication);
        ulong cacheRouteSeed = StreamFactory.DeriveSeed(scenario.Run.Seed, "cache/nodes", replication);
        ulong patienceSeed = StreamFactory.DeriveSeed(scenario.Run.Seed, "clients/patience", replication);
        ulong backoffSeed = StreamFactory.DeriveSeed(scenario.Run.Seed, "clients/backoff", replication);

        int classes = scenario.Classes.Count;
        _classCumulative = new double[classes];
        _classSteps = new Step[classes][];
        double total = 0;
        for (int c = 0; c < classes; c++) total += scenario.Classes[c].Weight;
        double acc = 0;
        for (int c = 0; c < classes; c++)
        {
            acc += scenario.Classes[c].Weight / total;
            _classCumulative[c] = acc;
            _classSteps[c] = scenario.Classes[c].Steps.ToArray();
        }
        _classCumulative[classes - 1] = 1.0;

        IReadOnlyList<PopulationSpec>? populations = scenario.Load.Populations;
        _populations = populations is not null;
        int pops = populations?.Count ?? 1;
        _popOpen = new OpenLoad?[pops];
        _popClosed = new ClosedLoad?[pops];
        _popArrivals = new RandomStream[pops];
        _popRequestSeed = new ulong[pops];
        _popUserSeed = new ulong[pops];
        _popArrivalIndex = new long[pops];
        _popUserOffset = new int[pops];
        _popCumulative = new double[pops][];
        int users = 0;
        for (int p = 0; p < pops; p++)
        {
            if (populations is null)
            {
                _popOpen[p] = scenario.Load.Open;
                _popClosed[p] = scenario.Load.Closed;
                _popArrivals[p] = streams.Create("load/arrivals", replication);
                _popRequestSeed[p] = StreamFactory.DeriveSeed(scenario.Run.Seed, "requests", replication);
                _popUserSeed[p] = StreamFactory.DeriveSeed(scenario.Run.Seed, "users", replication);
                _popCumulative[p] = _classCumulative;
            }
            else
            {
                PopulationSpec pop = populations[p];
                string prefix = "load/population/" + pop.Name + "/";
                _popOpen[p] = pop.Open;
                _popClosed[p] = pop.Closed;
                _popArrivals[p] = streams.Create(prefix + "arrivals", replication);
                _popRequestSeed[p] = StreamFactory.DeriveSeed(scenario.Run.Seed, prefix + "requests", replication);
                _popUserSeed[p] = StreamFactory.DeriveSeed(scenario.Run.Seed, prefix + "users", replication);
                _popCumulative[p] = MixCumulative(scenario.Classes, pop.Mix);
            }
            _popUserOffset[p] = users;
            users += _popClosed[p]?.Users ?? 0;
        }
        _popDeparted = new long[_populations ? pops : 0];
        _popCompleted = new long[_populations ? pops : 0];
        _popErrors = new long[_populations ? pops : 0];
        _popLatency = new LatencyHistogram[_populations ? pops : 0];
        for (int p = 0; p < _popLatency.Length; p++) _popLatency[p] = new LatencyHistogram();
        _generatorCpu = scenario.Placement.LoadGenerator == Placement.Web ? scenario.Placement.GeneratorCpuSeconds : 0;
        _classLatency = new LatencyHistogram[classes];
        for (int c = 0; c < classes; c++) _classLatency[c] = new LatencyHistogram();
        _classCompleted = new long[classes];
        _classDeparted = new long[classes];
        _classErrors = new long[classes];

        _slotCap = scenario.Run.MaxInFlight + (scenario.TaskQueue is null ? 0 : scenario.Run.MaxInFlight);
        int capacity = Math.Clamp(initialSlots, 1, _slotCap);
        _req = new StackRequest[capacity];
        _reqRandom = new RandomStream[capacity];
        int categories = _breakdownElapsed.Length;
        _reqElapsed = new double[capacity * categories];
        _reqService = new double[capacity * categories];
        _freeSlots = new int[capacity];
        for (int i = capacity - 1; i >= 0; i--) _freeSlots[_freeCount++] = i;

        if (scenario.Load.Open?.Trace?.Arrivals is { } trace)
        {
            // A log's URL class maps to the scenario's class of that name (as sim calibrate names them), else to 'other',
            // else to none: such requests take a class drawn by the weights.
            int other = -1;
            for (int k = 0; k < scenario.Classes.Count; k++) if (scenario.Classes[k].Name == "other") other = k;
            _traceClassMap = new int[trace.ClassNames.Count];
            for (int n = 0; n < _traceClassMap.Length; n++)
            {
                _traceClassMap[n] = other;
                for (int k = 0; k < scenario.Classes.Count; k++)
                    if (scenario.Classes[k].Name == trace.ClassNames[n]) _traceClassMap[n] = k;
            }
        }

        // Attempts in the system at once: at most one per closed-load user when there is no open load and no client
        // timeout (without one an attempt ends before its retry starts, and no orphan stays at the server); else the slots.
        bool closedOnly = true;
        for (int p = 0; p < pops; p++) closedOnly &= _popClosed[p] is not null;
        MaxAttemptsInFlight = closedOnly && scenario.Clients.TimeoutSeconds is null ? users : _slotCap;
        _inSystemTw = new TimeWeighted(simulation.Now);
        _userRequestCount = users > 0 ? new long[users] : Array.Empty<long>();
        double horizon = (scenario.Run.WarmupSeconds ?? 0) + scenario.Run.DurationSeconds;
        _series = new StackTimeSeries(horizon / StackTimeSeries.Points);
        _windowStart = simulation.Now;
        RegisterStations(lbSeed, cacheSizeSeed, cacheServiceSeed, cacheRouteSeed, taskSeed, patienceSeed, backoffSeed);
        if (extraStations is not null)
        {
            _extraStations = new Station[extraStations.Count];
            for (int i = 0; i < _extraStations.Length; i++) _stations.Add(_extraStations[i] = extraStations[i](this));
        }
        Start();
    }

    /// <summary>Test seam: the server chosen for each request, by the request's random key (null: not observed).</summary>
    internal Action<ulong, int>? Routed;

    /// <summary>Test seam: the first CPU or query work drawn by each Celery task, by the key of the request that published it.</summary>
    internal Action<ulong, double>? TaskWorkDrawn;

    /// <summary>The configuration simulated.</summary>
    public StackScenario Scenario => _s;

    /// <summary>An upper bound on the attempts in the system at once (closed load without client timeouts: the users; else the slots).</summary>
    internal int MaxAttemptsInFlight { get; }

    /// <summary>True once the in-flight cap was reached: the offered load exceeds what the stack can serve.</summary>
    public bool Unstable => _unstable;

    private void Start()
    {
        for (int p = 0; p < _popOpen.Length; p++)
        {
            if (_popClosed[p] is { } closed)
            {
                for (int u = 0; u < closed.Users; u++)
                {
                    // Users start desynchronised: each begins with a think time.
                    int user = _popUserOffset[p] + u;
                    RandomStream r = UserThinkStream(p, user);
                    _sim.Schedule(closed.ThinkTimeSeconds.Sample(r), this, KThinkEnd, user);
                }
            }
            else
            {
                ScheduleNextArrival(p);
            }
        }
        _sim.Schedule(0, this, KSample);
    }

    // A population's class choice as cumulative probabilities over the scenario's classes: its mix, or the classes' weights.
    private static double[] MixCumulative(IReadOnlyList<RequestClass> classes, IReadOnlyDictionary<string, double> mix)
    {
        var cumulative = new double[classes.Count];
        double total = 0;
        for (int c = 0; c < classes.Count; c++) total += Weight(c);
        double acc = 0;
        for (int c = 0; c < classes.Count; c++)
        {
            acc += Weight(c) / total;
            cumulative[c] = acc;
        }
        // The last class with a weight takes what rounding left, and a class the mix leaves out is never reached.
        for (int c = classes.Count - 1; c >= 0 && (c == classes.Count - 1 || Weight(c + 1) == 0); c--) cumulative[c] = 1.0;
        return cumulative;

        double Weight(int c) => mix.Count == 0 ? classes[c].Weight : mix.TryGetValue(classes[c].Name, out double w) ? w : 0;
    }

    /// <summary>The population of a closed-load user (global user index).</summary>
    private int PopulationOf(int user)
    {
        int p = _popUserOffset.Length - 1;
        while (p > 0 && (_popClosed[p] is null || user < _popUserOffset[p])) p--;
        return p;
    }

    /// <summary>
    /// Takes a free request slot, growing the slot arrays when needed; −1 when the in-flight cap is
    /// reached. Growing moves the arrays: a caller holding a <c>ref</c> into <c>_req</c> must take it again.
    /// </summary>
    private int TakeSlot()
    {
        if (_freeCount == 0)
        {
            int old = _req.Length;
            if (old >= _slotCap) return -1;
            int grown = (int)Math.Min((long)old * 2, _slotCap);
            int categories = _breakdownElapsed.Length;
            Array.Resize(ref _req, grown);
            Array.Resize(ref _reqRandom, grown);
            Array.Resize(ref _reqElapsed, grown * categories);
            Array.Resize(ref _reqService, grown * categories);
            Array.Resize(ref _freeSlots, grown);
            for (int i = grown - 1; i >= old; i--) _freeSlots[_freeCount++] = i;
        }
        return _freeSlots[--_freeCount];
    }

    private readonly RandomStream _thinkScratch = new(0);

    // The think-time stream of a user's next think: keyed by the population's user seed, the user's index within its
    // population and its request count (without populations: the scenario's "users" seed and the user, as always).
    private RandomStream UserThinkStream(int population, int user)
    {
        int local = user - _popUserOffset[population];
        _thinkScratch.Reseed(SplitMix64.Mix(_popUserSeed[population] ^ SplitMix64.Mix(((ulong)local << 32) | (ulong)_userRequestCount[user] | 0x8000_0000_0000_0000UL)));
        return _thinkScratch;
    }
}
