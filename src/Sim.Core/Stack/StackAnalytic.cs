using System.Globalization;
using Sim.Analytic;
using Sim.Components;
using Sim.Distributions;
using Sim.Randomness;
using Sim.Scenarios;

namespace Sim.Stack;

/// <summary>
/// Analytic estimates for a stack configuration: per-request demands read off the scenario the way
/// <see cref="StackModel"/> executes a request, then operational bounds, mean value analysis for a
/// closed load and Erlang C (M/G/c) or M/M/c/K for an open one. A fast answer beside the simulation
/// and a sanity check on it; docs/statistics.md ("Analytic estimates") states what it ignores.
/// </summary>
/// <remarks>
/// <para>The worker pool is the queueing station: a request holds a worker for its app CPU, cache
/// operations, DB connect and queries, external calls and — without proxy buffering — its download.
/// CPU and database contention act on that hold time through the surrogate-delay method (Jacobson and
/// Lazowska 1982): each is stretched by its response time over its work in a finite-source queue (at
/// most as many jobs as workers; <see cref="FiniteSourceStretch"/>), and the closed model iterates
/// throughput and stretch to a fixed point.</para>
/// <para>Pure functions; thread safe; deterministic (download times are averaged over a fixed sample).</para>
/// </remarks>
public static class StackAnalytic
{
    private const int TransferSamples = 20_000;
    private const double MaxStretchUtilization = 0.999;

    /// <summary>The per-request demands of <paramref name="scenario"/>, with CPU and queries at full speed.</summary>
    /// <param name="scenario">The configuration.</param>
    /// <exception cref="ScenarioValidationException"><paramref name="scenario"/> is invalid; the exception lists every problem.</exception>
    public static StackDemands Demands(StackScenario scenario)
    {
        ScenarioValidator.ThrowIfInvalid(scenario, nameof(scenario));
        var model = new Model(scenario);
        return model.ToDemands(model.Pass(1, 1));
    }

    /// <summary>The analytic estimate of <paramref name="scenario"/>'s throughput, latency, utilizations and bottleneck.</summary>
    /// <param name="scenario">The configuration: a closed load (users, think time) or an open one (its rate; for a rate
    /// profile, its time-average rate over the observation window, warm-up to warm-up + duration — 0 to duration for an
    /// automatic warm-up — with a note when its peak alone exceeds the capacity).</param>
    /// <exception cref="ScenarioValidationException"><paramref name="scenario"/> is invalid; the exception lists every problem.</exception>
    /// <exception cref="ArgumentException"><paramref name="scenario"/> has several populations (<see cref="LoadSpec.Populations"/>).</exception>
    public static StackEstimate Estimate(StackScenario scenario)
    {
        ScenarioValidator.ThrowIfInvalid(scenario, nameof(scenario));
        if (scenario.Load.Populations is { } pops)
        {
            if (pops.Count > 1) return new Model(scenario).Populations(pops);
            // One population is the single-load estimate of its load and mix, with itself as the breakdown.
            PopulationSpec only = pops[0];
            StackScenario single = scenario with { Load = new LoadSpec { Open = only.Open, Closed = only.Closed } };
            var one = new Model(single, MixWeights(scenario.Classes, only.Mix));
            StackEstimate e = only.Closed is not null ? one.Closed() : one.Open();
            return e with { Populations = [new StackPopulationEstimate(only.Name, e.ThroughputPerSecond, e.LatencyMeanSeconds, e.ErrorRate)] };
        }
        var model = new Model(scenario);
        return scenario.Load.Closed is not null ? model.Closed() : model.Open();
    }

    /// <summary>A population's class probabilities, as the simulation picks classes: by its mix, or by the classes' weights when the mix is empty.</summary>
    internal static double[] MixWeights(IReadOnlyList<RequestClass> classes, IReadOnlyDictionary<string, double> mix)
    {
        double Weight(int c) => mix.Count == 0 ? classes[c].Weight : mix.TryGetValue(classes[c].Name, out double w) ? w : 0;
        double total = 0;
        for (int c = 0; c < classes.Count; c++) total += Weight(c);
        var weights = new double[classes.Count];
        for (int c = 0; c < classes.Count; c++) weights[c] = total > 0 ? Weight(c) / total : 1.0 / classes.Count;
        return weights;
    }

    /// <summary>Mean response time of an M/M/c queue over its mean service time at per-server utilization ρ; 1 when the station cannot queue.</summary>
    internal static double Stretch(double utilization, int servers, bool neverQueues)
    {
        if (neverQueues || utilization <= 0) return 1;
        double rho = Math.Min(utilization, MaxStretchUtilization);
        return 1 + ErlangC.WaitProbability(rho * servers, servers) / (servers * (1 - rho));
    }

    /// <summary>
    /// Stretch of the work that workers bring to a c-core processor-sharing station: at most
    /// <paramref name="sources"/> such jobs exist at once, so the station is a finite-source (machine-repairman)
    /// queue — exact for exponential bursts, since c-core processor sharing and c FCFS servers have the same
    /// birth–death chain — whose think time is solved so that each source starts jobs at the observed rate.
    /// Work from outside the workers (handshakes, gzip after release) is an open background load of
    /// utilization <paramref name="openUtilization"/> that slows every job by its own M/M/c factor.
    /// </summary>
    internal static double FiniteSourceStretch(double jobsPerSecond, double jobSeconds, int sources, int cores, double openUtilization)
    {
        double background = Stretch(openUtilization, cores, neverQueues: openUtilization <= 0);
        if (jobsPerSecond <= 0 || jobSeconds <= 0 || sources <= cores) return background;
        double service = jobSeconds * background;
        double cycle = sources / jobsPerSecond; // time between two jobs of one source
        if (sources > MaxExactSources)
        {
            // Over a million sources (a Celery concurrency of 4,000,000): the open M/M/c queue the finite-source one
            // tends to as sources grow at a fixed job rate — it overstates the stretch near saturation, where the
            // sources waiting slow the arrivals — and, saturated, every source waits its turn (R = N·S/c by Little's law).
            double saturated = (double)sources * service / cores;
            if (saturated >= cycle) return saturated / jobSeconds;
            return background * Stretch(jobsPerSecond * service / cores, cores, neverQueues: false);
        }
        double busiest = RepairmanResponse(sources, 0, service, cores);
        if (busiest >= cycle) return busiest / jobSeconds; // saturated
        double lo = 0, hi = cycle;
        for (int i = 0; i < 100; i++)
        {
            double z = 0.5 * (lo + hi);
            if (z + RepairmanResponse(sources, z, service, cores) > cycle) hi = z;
            else lo = z;
        }
        return RepairmanResponse(sources, lo, service, cores) / jobSeconds;
    }

    /// <summary>
    /// The largest users × workers solved by exact MVA: its multi-server station costs O(users × workers) per solution,
    /// at every step of the closed model's fixed point (10⁶ users on 10⁵ workers would take hours).
    /// </summary>
    internal const long MaxExactMvaWork = 1_000_000;

    /// <summary>
    /// Throughput and response time (without the think time) of <paramref name="users"/> users thinking
    /// <paramref name="think"/> in front of one station of <paramref name="servers"/> servers with demand
    /// <paramref name="demand"/>, in O(1): Seidmann's approximation splits the station into one server of demand D/c and a
    /// delay of D·(c − 1)/c, and Schweitzer's approximate MVA has an arrival see the queue of N − 1 users as (N − 1)/N of
    /// the queue of N; the fixed point X = N / (Z' + R(X)), R = D/c / (1 − (N − 1)/N · X·D/c), is found by bisection.
    /// </summary>
    internal static (double Throughput, double Response) ApproximateMva(int users, double think, double demand, int servers)
    {
        double d = demand / servers, delay = demand - d, z = think + delay, f = (users - 1.0) / users;
        double Response(double x) => d / (1 - f * x * d);
        double lo = 0, hi = Math.Min(users / (z + d), 1 / d);
        for (int i = 0; i < 200; i++)
        {
            double x = 0.5 * (lo + hi);
            if (f * x * d < 1 && x * (z + Response(x)) < users) lo = x;
            else hi = x;
        }
        return (lo, Response(lo) + delay);
    }

    /// <summary>
    /// Exact multi-class MVA of closed classes at one single-server queue (demand <paramref name="demand"/>[j]) and their
    /// delays (<paramref name="think"/>[j]), over every population vector up to <paramref name="customers"/>:
    /// R_j(n) = D_j·(1 + Q(n − e_j)), X_j(n) = n_j / (Z_j + R_j(n)), Q(n) = Σ_j X_j(n)·R_j(n). Returns X_j and R_j at the full
    /// population and the queue Q there. O(Π(N_j + 1)·J) time and Π(N_j + 1) doubles.
    /// </summary>
    internal static (double[] Throughput, double[] Residence, double Queue) MultiClassMva(int[] customers, double[] think, double[] demand)
    {
        int m = customers.Length;
        var stride = new int[m];
        int size = 1;
        for (int j = 0; j < m; j++)
        {
            stride[j] = size;
            size *= customers[j] + 1;
        }
        var q = new double[size];
        var n = new int[m];
        var x = new double[m];
        var r = new double[m];
        for (int s = 1; s < size; s++)
        {
            for (int j = 0; j < m; j++) // the next population vector, first class fastest: n − e_j comes before n
            {
                if (++n[j] <= customers[j]) break;
                n[j] = 0;
            }
            double queue = 0;
            for (int j = 0; j < m; j++)
            {
                if (n[j] == 0)
                {
                    x[j] = r[j] = 0;
                    continue;
                }
                r[j] = demand[j] * (1 + q[s - stride[j]]);
                x[j] = n[j] / (think[j] + r[j]);
                queue += x[j] * r[j];
            }
            q[s] = queue;
        }
        return (x, r, q[size - 1]);
    }

    /// <summary>
    /// <see cref="MultiClassMva"/> with Schweitzer's approximation instead of the recursion: an arrival of class j sees the
    /// queue Q − Q_j/N_j; the fixed point found by successive substitution. O(J) per step.
    /// </summary>
    internal static (double[] Throughput, double[] Residence, double Queue) SchweitzerMva(int[] customers, double[] think, double[] demand)
    {
        int m = customers.Length;
        var qc = new double[m];
        var x = new double[m];
        var r = new double[m];
        for (int j = 0; j < m; j++) qc[j] = customers[j] * demand[j] / (think[j] + demand[j] > 0 ? think[j] + demand[j] : 1);
        for (int iteration = 0; iteration < 100_000; iteration++)
        {
            double total = qc.Sum(), change = 0;
            for (int j = 0; j < m; j++)
            {
                r[j] = demand[j] * (1 + total - qc[j] / customers[j]);
                x[j] = customers[j] / (think[j] + r[j]);
            }
            for (int j = 0; j < m; j++)
            {
                double next = x[j] * r[j];
                change = Math.Max(change, Math.Abs(next - qc[j]) / Math.Max(next, 1e-300));
                qc[j] = next;
            }
            if (change < 1e-13) break;
        }
        return (x, r, qc.Sum());
    }

    /// <summary>Sources beyond which <see cref="FiniteSourceStretch"/> uses the open M/M/c queue instead of the finite-source one: 1,000,000.</summary>
    internal const int MaxExactSources = 1_000_000;

    /// <summary>
    /// The machine-repairman response time (N sources thinking <paramref name="think"/>, c servers of
    /// <paramref name="service"/>), as <see cref="MachineRepairman"/> computes it, but without a probability per source:
    /// the log-probabilities are concave in the number present, so once past their peak a term below e^−60 of it ends the
    /// sum — 4,000,008 database sources took an analytic estimate hours, allocating and walking every one at each step
    /// of a bisection.
    /// </summary>
    internal static double RepairmanResponse(int sources, double think, double service, int servers)
    {
        if (think == 0) return sources * service / Math.Min(sources, servers); // all present: L = N, X = min(N, c)/S
        double logRatio = Math.Log(service) - Math.Log(think);
        double log = 0, max = 0;
        int last = sources;
        for (int j = 1; j <= sources; j++)
        {
            log += Math.Log(sources - j + 1) + logRatio - Math.Log(Math.Min(j, servers));
            if (log > max) max = log;
            else if (log < max - 60)
            {
                last = j;
                break;
            }
        }
        double total = 1 * Math.Exp(-max), present = 0, busy = 0;
        log = 0;
        for (int j = 1; j <= last; j++)
        {
            log += Math.Log(sources - j + 1) + logRatio - Math.Log(Math.Min(j, servers));
            double p = Math.Exp(log - max);
            total += p;
            present += j * p;
            busy += Math.Min(j, servers) * p;
        }
        return present / (busy / service); // L / X
    }

    /// <summary>One pass over the classes' steps at given CPU and DB stretch factors.</summary>
    internal readonly record struct PassResult(
        double VisitRatio, double HoldMean, double HoldSecondMoment, double Cpu, double CpuOutsideWorker, double Db, double Replica, double Delay);

    private readonly record struct TransferMoments(double Size, double SizeSquared, double Held, double HeldSquared, double SizeHeld, double Full, double Remainder);

    private sealed class Model
    {
        private readonly StackScenario _s;
        private readonly double[] _weights;
        private readonly Dictionary<Distribution, TransferMoments> _transfer = new(ReferenceEqualityComparer.Instance);
        private readonly double _hitRatio;
        private readonly double _taskDb;
        private readonly List<string> _notes = new();

        public Model(StackScenario scenario, double[]? weights = null)
        {
            _s = scenario;
            double total = scenario.Classes.Sum(c => c.Weight);
            _weights = weights ?? scenario.Classes.Select(c => total > 0 ? c.Weight / total : 1.0 / scenario.Classes.Count).ToArray();
            _hitRatio = scenario.Cache.HitRatio;
            if (scenario.Cache.Enabled && scenario.Cache.KeySpace is { } ks)
            {
                long keys = Math.Min(ks.Keys, 10_000_000);
                double capacity = ks.MaxMemoryBytes > 0 ? ks.MaxMemoryBytes / Math.Max(1, ks.ObjectSizeBytes.Mean) : double.PositiveInfinity;
                _hitRatio = double.IsPositiveInfinity(capacity) ? 1 : KeySpaceCacheTheory.CheLruHitRatio((int)keys, ks.ZipfExponent, capacity);
                _notes.Add(Invariant($"Key-space cache: hit ratio {_hitRatio:P1} from Che's LRU approximation{(ks.TtlSeconds > 0 ? "; the TTL is ignored" : "")}{(ks.MaxMemoryBytes > 0 ? "" : " (no memory limit: every key eventually cached, cold misses ignored)")}."));
            }
            if (scenario.TaskQueue is { } tq)
            {
                foreach (Step step in tq.Steps)
                    if (step is DbStep db) _taskDb += db.Queries * db.QueryTimeSeconds.Mean;
            }
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

        private TransferMoments Transfer(Distribution size)
        {
            if (_transfer.TryGetValue(size, out TransferMoments known)) return known;
            // Fixed stream: the estimate depends on the configuration only, not on the scenario seed.
            var random = new RandomStream(StreamFactory.DeriveSeed(1, "analytic/transfer", 0));
            double ratio = _s.Proxy.Gzip.Enabled ? _s.Proxy.Gzip.Ratio : 1;
            double buffer = _s.Proxy.SocketBufferBytes;
            double s1 = 0, s2 = 0, h1 = 0, h2 = 0, sh = 0, f1 = 0, r1 = 0;
            for (int i = 0; i < TransferSamples; i++)
            {
                double body = size.Sample(random);
                double bandwidth = _s.Network.ClientBandwidthBitsPerSecond.Sample(random);
                double wire = body * ratio;
                double full = wire <= 0 || double.IsPositiveInfinity(bandwidth) ? 0 : wire * 8 / bandwidth;
                double held = buffer > 0 && full > 0 ? Math.Max(0, wire - buffer) * 8 / bandwidth : full;
                s1 += body;
                s2 += body * body;
                h1 += held;
                h2 += held * held;
                sh += body * held;
                f1 += full;
                r1 += full - held;
            }
            double n = TransferSamples;
            var m = new TransferMoments(s1 / n, s2 / n, h1 / n, h2 / n, sh / n, f1 / n, r1 / n);
            _transfer[size] = m;
            return m;
        }

        private static RespondStep? FirstRespond(RequestClass c)
        {
            foreach (Step step in c.Steps) if (step is RespondStep r) return r;
            return null;
        }

        /// <summary>Walks every class's steps as a forward Markov chain over (step, DB connection opened), keeping the mass and the first two moments of the worker hold time.</summary>
        public PassResult Pass(double sCpu, double sDb) => Pass(_weights, sCpu, sDb);

        /// <summary><see cref="Pass(double, double)"/> for requests that pick their class by <paramref name="weights"/> (class probabilities).</summary>
        public PassResult Pass(double[] weights, double sCpu, double sDb)
        {
            double gzipPerByte = _s.Proxy.Gzip.Enabled ? _s.Proxy.Gzip.CpuSecondsPerMegabyte / 1e6 : 0;
            bool perRequestConnection = _s.DbConnections.Pool is null && _s.DbConnections.ConnMaxAgeSeconds <= 0;
            bool replicas = _s.Database.ReadReplicas > 0;
            double visit = 0, hold1 = 0, hold2 = 0, cpu = 0, cpuOutside = 0, db = 0, replica = 0, delay = 0, tasks = 0;

            // Every request: load balancer, round trip, and a handshake without client keepalive.
            delay += _s.LoadBalancer.LatencySeconds + _s.Network.RoundTripSeconds;
            if (!_s.Proxy.ClientKeepalive)
            {
                delay += _s.Proxy.HandshakeSeconds.Mean + sCpu * _s.Proxy.HandshakeCpuSeconds;
                cpu += _s.Proxy.HandshakeCpuSeconds;
                cpuOutside += _s.Proxy.HandshakeCpuSeconds;
            }

            for (int c = 0; c < _s.Classes.Count; c++)
            {
                RequestClass rc = _s.Classes[c];
                double w = weights[c];
                double proxyShare = rc.StaticAtProxy ? 1 : _s.Proxy.StaticHitRatio;
                if (proxyShare > 0)
                {
                    // nginx answers itself: its service time, gzip, the whole download.
                    double p = w * proxyShare;
                    delay += p * _s.Proxy.ServiceTimeSeconds.Mean;
                    if (FirstRespond(rc) is { } respond)
                    {
                        TransferMoments t = Transfer(respond.SizeBytes);
                        delay += p * (sCpu * gzipPerByte * t.Size + t.Full);
                        cpu += p * gzipPerByte * t.Size;
                        cpuOutside += p * gzipPerByte * t.Size;
                    }
                }
                double workerShare = w * (1 - proxyShare);
                if (workerShare <= 0) continue;
                visit += workerShare;
                if (!_s.Proxy.UpstreamKeepalive) delay += workerShare * _s.Proxy.UpstreamConnectSeconds.Mean;

                IReadOnlyList<Step> steps = rc.Steps;
                int n = steps.Count;
                var m0 = new double[n + 1, 2];
                var m1 = new double[n + 1, 2];
                var m2 = new double[n + 1, 2];
                m0[0, 0] = 1;
                for (int pc = 0; pc < n; pc++)
                {
                    for (int o = 0; o < 2; o++)
                    {
                        double m = m0[pc, o];
                        if (m <= 0) continue;
                        double a1 = m1[pc, o], a2 = m2[pc, o];
                        void Add(double mean, double variance)
                        {
                            a2 += 2 * mean * a1 + m * (variance + mean * mean);
                            a1 += m * mean;
                        }
                        // A Redis command: its round trip, plus its CPU on the node when that is modelled (its queue is not).
                        void AddCacheCommand()
                        {
                            Distribution op = _s.Cache.OperationTimeSeconds, redisCpu = _s.Cache.ServiceTimeSeconds;
                            if (redisCpu.Mean > 0) Add(op.Mean + redisCpu.Mean, op.Variance + redisCpu.Variance);
                            else Add(op.Mean, op.Variance);
                        }
                        void Flow(int to, int opened, double fraction)
                        {
                            to = Math.Min(to, n);
                            m0[to, opened] += m * fraction;
                            m1[to, opened] += a1 * fraction;
                            m2[to, opened] += a2 * fraction;
                        }
                        double share = workerShare * m; // of all requests
                        switch (steps[pc])
                        {
                            case CpuStep step:
                                Add(sCpu * step.WorkSeconds.Mean, sCpu * sCpu * step.WorkSeconds.Variance);
                                cpu += share * step.WorkSeconds.Mean;
                                Flow(pc + 1, o, 1);
                                break;
                            case CacheGetStep get:
                                if (!_s.Cache.Enabled)
                                {
                                    Flow(pc + 1, o, 1);
                                    break;
                                }
                                AddCacheCommand();
                                Flow(pc + 1 + get.Guards, o, _hitRatio);
                                Flow(pc + 1, o, 1 - _hitRatio);
                                break;
                            case CacheSetStep:
                                if (_s.Cache.Enabled) AddCacheCommand();
                                Flow(pc + 1, o, 1);
                                break;
                            case DbStep step:
                                int next = o;
                                if (o == 0 && perRequestConnection)
                                {
                                    Add(_s.DbConnections.ConnectTimeSeconds.Mean + sCpu * _s.DbConnections.ConnectCpuSeconds, _s.DbConnections.ConnectTimeSeconds.Variance);
                                    cpu += share * _s.DbConnections.ConnectCpuSeconds;
                                    db += share * _s.Database.ConnectCpuSeconds;
                                    next = 1;
                                }
                                double q = step.Queries;
                                Add(q * sDb * step.QueryTimeSeconds.Mean, q * sDb * sDb * step.QueryTimeSeconds.Variance);
                                double toReplica = !step.Write && replicas ? _s.Database.ReplicaReads : 0;
                                db += share * q * step.QueryTimeSeconds.Mean * (1 - toReplica);
                                replica += share * q * step.QueryTimeSeconds.Mean * toReplica;
                                Flow(pc + 1, next, 1);
                                break;
                            case ExternalCallStep step:
                                Add(step.LatencySeconds.Mean, step.LatencySeconds.Variance);
                                Flow(pc + 1, o, 1);
                                break;
                            case EnqueueStep step:
                                tasks += share * step.Probability;
                                Flow(pc + 1, o, 1);
                                break;
                            case RespondStep step:
                                TransferMoments t = Transfer(step.SizeBytes);
                                double g = sCpu * gzipPerByte;
                                cpu += share * gzipPerByte * t.Size;
                                if (_s.Proxy.Buffering)
                                {
                                    // The worker is free once the body exists; nginx compresses and streams.
                                    delay += share * (g * t.Size + t.Full);
                                    cpuOutside += share * gzipPerByte * t.Size;
                                }
                                else
                                {
                                    // gzip and the download (all but the socket buffers' share) hold the worker.
                                    double mean = g * t.Size + t.Held;
                                    double second = g * g * t.SizeSquared + 2 * g * t.SizeHeld + t.HeldSquared;
                                    Add(mean, Math.Max(0, second - mean * mean));
                                    delay += share * t.Remainder;
                                }
                                Flow(pc + 1, o, 1);
                                break;
                            default:
                                throw new InvalidOperationException($"Unknown step {steps[pc]}.");
                        }
                    }
                }
                hold1 += workerShare * (m1[n, 0] + m1[n, 1]);
                hold2 += workerShare * (m2[n, 0] + m2[n, 1]);
            }
            db += tasks * _taskDb;
            return new PassResult(visit, visit > 0 ? hold1 / visit : 0, visit > 0 ? hold2 / visit : 0, cpu, cpuOutside, db, replica, delay);
        }

        public StackDemands ToDemands(PassResult p)
        {
            double scv = p.HoldMean > 0 ? Math.Max(0, p.HoldSecondMoment / (p.HoldMean * p.HoldMean) - 1) : 0;
            return new StackDemands(p.VisitRatio, p.HoldMean, scv, p.Cpu, p.Db, p.Replica, p.Delay, _hitRatio);
        }

        private int Servers => _s.LoadBalancer.Servers;

        private int Workers => _s.LoadBalancer.Servers * _s.Workers.Count;

        private double CpuUtilization(double x, PassResult p) => x * p.Cpu / (Servers * _s.Host.Cores);

        private double DbUtilization(double x, PassResult p) => x * p.Db / _s.Database.Cores;

        /// <summary>min over stations of servers/demand: the throughput at which the first saturates (demands at full speed).</summary>
        private double Capacity(PassResult p)
        {
            double cap = double.PositiveInfinity;
            if (p.VisitRatio * p.HoldMean > 0) cap = Math.Min(cap, Workers / (p.VisitRatio * p.HoldMean));
            if (p.Cpu > 0) cap = Math.Min(cap, Servers * _s.Host.Cores / p.Cpu);
            if (p.Db > 0) cap = Math.Min(cap, _s.Database.Cores / p.Db);
            if (p.Replica > 0) cap = Math.Min(cap, _s.Database.ReadReplicas * _s.Database.Cores / p.Replica);
            return cap;
        }

        private (PassResult Pass, double SCpu, double SDb) AtThroughput(double x, PassResult full)
        {
            (double sCpu, double sDb) = Stretches(x, full);
            return (Pass(sCpu, sDb), sCpu, sDb);
        }

        /// <summary>The CPU and DB surrogate-delay stretch factors at <paramref name="x"/> requests/s of per-request demands <paramref name="full"/> (at full speed).</summary>
        private (double SCpu, double SDb) Stretches(double x, PassResult full)
        {
            // Per server: worker visits per second, the CPU each brings, and the CPU load from outside the workers.
            double visits = x / Servers * full.VisitRatio;
            double cpuPerVisit = full.VisitRatio > 0 ? (full.Cpu - full.CpuOutsideWorker) / full.VisitRatio : 0;
            double outside = x / Servers * full.CpuOutsideWorker / _s.Host.Cores;
            double sCpu = FiniteSourceStretch(visits, cpuPerVisit, _s.Workers.Count, _s.Host.Cores, outside);
            int dbSources = (int)Math.Min(int.MaxValue, (long)Workers + (_s.TaskQueue is not null && _taskDb > 0 ? _s.TaskQueue.Concurrency : 0));
            double dbPerVisit = full.VisitRatio > 0 ? full.Db / full.VisitRatio : 0;
            double sDb = FiniteSourceStretch(x * full.VisitRatio, dbPerVisit, dbSources, _s.Database.Cores, 0);
            return (sCpu, sDb);
        }

        public StackEstimate Closed()
        {
            ClosedLoad load = _s.Load.Closed!;
            int users = load.Users;
            double think = load.ThinkTimeSeconds.Mean;
            PassResult full = Pass(1, 1);
            double capacity = Capacity(full);
            double upper = Math.Min(users / (think + full.Delay + full.VisitRatio * full.HoldMean), capacity);

            double x = 0, latency = 0;
            PassResult p = full;
            double sCpu = 1, sDb = 1;
            for (int iteration = 0; iteration < 1000; iteration++)
            {
                double xNew, rNew;
                double demand = p.VisitRatio * p.HoldMean;
                if (demand > 0 && (long)users * Workers > MaxExactMvaWork)
                {
                    (xNew, double r) = ApproximateMva(users, think + p.Delay, demand, Workers);
                    rNew = r + p.Delay;
                }
                else if (demand > 0)
                {
                    MvaResult mva = Mva.Compute(users, think + p.Delay, [new MvaStation(demand, Workers)]);
                    xNew = mva.Throughput(users);
                    rNew = mva.ResponseTime(users) + p.Delay;
                }
                else
                {
                    rNew = p.Delay;
                    xNew = think + rNew > 0 ? users / (think + rNew) : double.PositiveInfinity;
                }
                bool converged = iteration > 0 && Math.Abs(xNew - x) <= 1e-9 * xNew;
                x = iteration == 0 ? xNew : 0.5 * (x + xNew);
                latency = rNew;
                if (converged) break;
                (p, sCpu, sDb) = AtThroughput(x, full);
            }
            Notes(p, sCpu, sDb, closed: true, users);
            if ((long)users * Workers > MaxExactMvaWork)
                _notes.Add(string.Create(CultureInfo.InvariantCulture, $"{users:N0} users on {Workers:N0} workers are beyond exact MVA (users × workers > 10⁶): approximate MVA instead (Seidmann's split of the {Workers}-server station, Schweitzer's estimate of the queue an arrival sees)."));
            return Result("closed: MVA", x, latency, 0, p, full, upper, capacity, unstable: false);
        }

        public StackEstimate Open()
        {
            OpenLoad load = _s.Load.Open!;
            // A profile is judged by what it offers over the window, as the simulation measures it: its peak would call
            // every profile with a short burst unstable, and put the analytic throughput far above the simulated one.
            double from = _s.Run.WarmupSeconds ?? 0, to = from + _s.Run.DurationSeconds;
            double rate = load.MeanRate(from, to);
            PassResult full = Pass(1, 1);
            double capacity = Capacity(full);
            if (!load.IsConstantRate)
            {
                string average = string.Create(CultureInfo.InvariantCulture, $"{rate:G4} req/s");
                string kind = load.Trace is null ? "Rate profile" : "Replayed log";
                _notes.Add($"{kind}: the estimate is for its time-average rate over the observed window ({average}, from {from:G4} s to {to:G4} s) in steady state; its peak is {load.PeakRatePerSecond.ToString("G4", CultureInfo.InvariantCulture)} req/s.");
                if (load.PeakRatePerSecond > capacity && rate < capacity)
                    _notes.Add(string.Create(CultureInfo.InvariantCulture,
                        $"At its peak the {(load.Trace is null ? "rate profile" : "replayed log")} exceeds the capacity ({load.PeakRatePerSecond:G4} req/s offered at its peak, ~{capacity:G4} req/s at the bottleneck): requests queue during the peak and drain after it, which a steady-state estimate does not show."));
            }
            (PassResult p, double sCpu, double sDb) = AtThroughput(rate, full);
            Notes(p, sCpu, sDb, closed: false, 0);
            double cpuU = CpuUtilization(rate, full), dbU = DbUtilization(rate, full);
            double replicaU = full.Replica > 0 ? rate * full.Replica / (_s.Database.ReadReplicas * _s.Database.Cores) : 0;
            int c = _s.Workers.Count;
            double perServer = rate / Servers * p.VisitRatio; // worker visits per second per server
            double hold = p.HoldMean;
            bool overloaded = cpuU >= 1 || dbU >= 1 || replicaU >= 1;
            if (perServer <= 0 || hold <= 0)
            {
                return overloaded
                    ? Result("open: unstable", capacity, double.PositiveInfinity, 0, p, full, Math.Min(rate, capacity), capacity, unstable: true)
                    : Result("open: M/G/c", rate, p.Delay, 0, p, full, Math.Min(rate, capacity), capacity, unstable: false);
            }
            double scv = Math.Max(0, p.HoldSecondMoment / (hold * hold) - 1);
            double rho = perServer * hold / c;
            if (BacklogFills(perServer, hold, rho, overloaded) is { } finite)
            {
                double error = p.VisitRatio * finite.BlockingProbability;
                double ok = rate * (1 - error);
                // Latency of admitted requests (the refused ones fail fast and are not in the latency).
                double latencyOk = p.Delay + p.VisitRatio * (1 - finite.BlockingProbability) * finite.W / (1 - error);
                return Result("open: M/M/c/K", ok, latencyOk, error, p, full, Math.Min(rate, capacity), capacity, unstable: false, workerUtilization: finite.Utilization);
            }
            if (overloaded || rho >= 1)
                return Result("open: unstable", capacity, double.PositiveInfinity, 0, p, full, Math.Min(rate, capacity), capacity, unstable: true);
            // Erlang C with the Allen–Cunneen correction (1 + c_s²)/2: exact for M/M/c and, through
            // Pollaczek–Khinchine, for M/G/1.
            double wq = ErlangC.WaitProbability(perServer * hold, c) / (c / hold - perServer) * (1 + scv) / 2;
            return Result("open: M/G/c", rate, p.Delay + p.VisitRatio * (wq + hold), 0, p, full, Math.Min(rate, capacity), capacity, unstable: false);
        }

        /// <summary>
        /// The worker pool of one server as an M/M/c/K queue — c workers, room for c + backlog requests, visits at
        /// <paramref name="perServer"/> per second, each holding a worker <paramref name="hold"/> seconds on average — when its
        /// listen backlog fills: the blocking result, with a note, once more than 10⁻⁶ of the visits are refused (503); null
        /// when the backlog does not fill, when a station is <paramref name="overloaded"/>, when the room is beyond 10⁷, or
        /// when the pool is saturated (<paramref name="rho"/> ≥ 1) and the run's in-flight cap is reached before the backlog.
        /// </summary>
        private MMcKResult? BacklogFills(double perServer, double hold, double rho, bool overloaded)
        {
            int c = _s.Workers.Count;
            long room = (long)c + _s.Workers.Backlog;
            // A backlog the in-flight cap reaches first is, for the simulation, unbounded: above capacity the run stops as unstable.
            bool backlogBinds = (double)Servers * room < _s.Run.MaxInFlight;
            if (!overloaded && room <= 10_000_000 && (rho < 1 || backlogBinds))
            {
                MMcKResult finite = MMcK.Compute(perServer, 1 / hold, c, (int)room);
                if (finite.BlockingProbability > 1e-6)
                {
                    _notes.Add("The backlog fills: M/M/c/K treats the worker hold time as exponential; refused requests (503) are the error rate.");
                    return finite;
                }
            }
            return null;
        }

        /// <summary>
        /// Several populations (docs/statistics.md, "Analytic estimates"): a pass per population with its own class mix; the
        /// CPU and DB stretch from the throughput-weighted mixture of the passes; the worker pool as one queue shared by every
        /// population — M/G/c when all are open, mixed multi-class MVA when any is closed.
        /// </summary>
        public StackEstimate Populations(IReadOnlyList<PopulationSpec> pops)
        {
            int k = pops.Count;
            var weights = new double[k][];
            var full = new PassResult[k];
            var rate = new double[k];
            double from = _s.Run.WarmupSeconds ?? 0, to = from + _s.Run.DurationSeconds;
            var closed = new List<int>();
            long users = 0;
            for (int i = 0; i < k; i++)
            {
                weights[i] = MixWeights(_s.Classes, pops[i].Mix);
                full[i] = Pass(weights[i], 1, 1);
                if (pops[i].Closed is { } c)
                {
                    closed.Add(i);
                    users += c.Users;
                    continue;
                }
                OpenLoad o = pops[i].Open!;
                rate[i] = o.MeanRate(from, to);
                if (!o.IsConstantRate)
                    _notes.Add(Invariant($"Population {pops[i].Name}: its {(o.Trace is null ? "rate profile" : "replayed log")} is estimated at its time-average rate over the observed window ({rate[i]:G4} req/s, from {from:G4} s to {to:G4} s) in steady state; its peak is {o.PeakRatePerSecond:G4} req/s."));
            }
            return closed.Count == 0 ? OpenPopulations(pops, weights, full, rate) : MixedPopulations(pops, weights, full, rate, closed, users);
        }

        /// <summary>The mixture of per-population passes at throughputs <paramref name="x"/>: per-request quantities weighted by x_k, the per-visit hold moments by x_k·V_k.</summary>
        private static PassResult Mixture(PassResult[] p, double[] x)
        {
            double total = 0, visits = 0;
            for (int i = 0; i < p.Length; i++)
            {
                total += x[i];
                visits += x[i] * p[i].VisitRatio;
            }
            double v = 0, h1 = 0, h2 = 0, cpu = 0, outside = 0, db = 0, replica = 0, delay = 0;
            for (int i = 0; i < p.Length; i++)
            {
                double a = total > 0 ? x[i] / total : 1.0 / p.Length;
                v += a * p[i].VisitRatio;
                cpu += a * p[i].Cpu;
                outside += a * p[i].CpuOutsideWorker;
                db += a * p[i].Db;
                replica += a * p[i].Replica;
                delay += a * p[i].Delay;
            }
            for (int i = 0; i < p.Length; i++)
            {
                double b = visits > 0 ? x[i] * p[i].VisitRatio / visits : v > 0 ? (total > 0 ? x[i] / total : 1.0 / p.Length) * p[i].VisitRatio / v : 0;
                h1 += b * p[i].HoldMean;
                h2 += b * p[i].HoldSecondMoment;
            }
            return new PassResult(v, h1, h2, cpu, outside, db, replica, delay);
        }

        private static StackPopulationEstimate[] UnstableRows(IReadOnlyList<PopulationSpec> pops) =>
            [.. pops.Select(pop => new StackPopulationEstimate(pop.Name, double.NaN, double.PositiveInfinity, 0))];

        /// <summary>Only open populations: one M/G/c (or M/M/c/K) queue fed by all of them, whose wait every population's visits see (PASTA).</summary>
        private StackEstimate OpenPopulations(IReadOnlyList<PopulationSpec> pops, double[][] weights, PassResult[] full, double[] rate)
        {
            int k = pops.Count;
            double offered = rate.Sum();
            PassResult fullMix = Mixture(full, rate);
            double capacity = Capacity(fullMix);
            double upper = Math.Min(offered, capacity);
            (double sCpu, double sDb) = Stretches(offered, fullMix);
            var p = new PassResult[k];
            for (int i = 0; i < k; i++) p[i] = Pass(weights[i], sCpu, sDb);
            PassResult mix = Mixture(p, rate);
            Notes(mix, sCpu, sDb, closed: false, 0);
            _notes.Add(Invariant($"{k} open populations share one worker queue (Poisson arrivals: each population's visits see the same wait); its hold time is the visit-weighted mixture of theirs."));
            double cpuU = CpuUtilization(offered, fullMix), dbU = DbUtilization(offered, fullMix);
            double replicaU = fullMix.Replica > 0 ? offered * fullMix.Replica / (_s.Database.ReadReplicas * _s.Database.Cores) : 0;
            int c = _s.Workers.Count;
            double perServer = offered / Servers * mix.VisitRatio;
            double hold = mix.HoldMean;
            bool overloaded = cpuU >= 1 || dbU >= 1 || replicaU >= 1;
            StackEstimate Unstable() =>
                Result("open: unstable", capacity, double.PositiveInfinity, 0, mix, fullMix, upper, capacity, unstable: true) with { Populations = UnstableRows(pops) };
            StackEstimate Stable(string method, Func<int, (double Ok, double Latency, double Error)> row, double? workerUtilization = null)
            {
                var rows = new StackPopulationEstimate[k];
                double ok = 0, weighted = 0;
                for (int i = 0; i < k; i++)
                {
                    (double x, double latency, double error) = row(i);
                    rows[i] = new StackPopulationEstimate(pops[i].Name, x, latency, error);
                    ok += x;
                    weighted += x * latency;
                }
                double errorRate = offered > 0 ? Math.Max(0, 1 - ok / offered) : 0;
                return Result(method, ok, ok > 0 ? weighted / ok : mix.Delay, errorRate, mix, fullMix, upper, capacity, unstable: false, workerUtilization) with { Populations = rows };
            }
            if (perServer <= 0 || hold <= 0)
                return overloaded ? Unstable() : Stable("open: M/G/c", i => (rate[i], p[i].Delay, 0));
            double scv = Math.Max(0, mix.HoldSecondMoment / (hold * hold) - 1);
            double rho = perServer * hold / c;
            if (BacklogFills(perServer, hold, rho, overloaded) is { } finite)
            {
                double pb = finite.BlockingProbability, wait = finite.W - hold; // an admitted visit's wait, the same for every population
                return Stable("open: M/M/c/K", i =>
                {
                    double error = p[i].VisitRatio * pb;
                    double latency = p[i].Delay + (error < 1 ? p[i].VisitRatio * (1 - pb) * (wait + p[i].HoldMean) / (1 - error) : 0);
                    return (rate[i] * (1 - error), latency, error);
                }, finite.Utilization);
            }
            if (overloaded || rho >= 1) return Unstable();
            // Erlang C with the Allen–Cunneen correction on the mixture's hold time: for one worker, Pollaczek–Khinchine.
            double wq = ErlangC.WaitProbability(perServer * hold, c) / (c / hold - perServer) * (1 + scv) / 2;
            return Stable("open: M/G/c", i => (rate[i], p[i].Delay + p[i].VisitRatio * (wq + p[i].HoldMean), 0));
        }

        /// <summary>Population vectors up to which the multi-class MVA is exact: Π(N_k + 1) ≤ 10⁶; beyond, Schweitzer's approximation.</summary>
        internal const double MaxExactMultiClassStates = 1_000_000;

        /// <summary>
        /// Closed populations, with or without open ones: mixed multi-class MVA on the worker pool (Lazowska et al. 1984, ch. 7),
        /// Seidmann's split of the c workers into one server of D/c and a delay of D·(c − 1)/c, iterated with the CPU and DB stretch to a fixed point.
        /// </summary>
        private StackEstimate MixedPopulations(IReadOnlyList<PopulationSpec> pops, double[][] weights, PassResult[] full, double[] rate, List<int> closed, long users)
        {
            int k = pops.Count, m = closed.Count, c = Workers;
            bool anyOpen = m < k;
            int[] n = [.. closed.Select(i => pops[i].Closed!.Users)];
            double[] z = [.. closed.Select(i => pops[i].Closed!.ThinkTimeSeconds.Mean)];
            double states = 1;
            foreach (int u in n) states *= u + 1.0;
            bool exact = states <= MaxExactMultiClassStates;

            var x = (double[])rate.Clone(); // open: their rates; closed: solved
            var latency = new double[k];
            var p = (PassResult[])full.Clone();
            var demand = new double[m];
            var think = new double[m];
            double sCpu = 1, sDb = 1;
            bool unstable = false;
            // The open populations alone at full speed: past a station's capacity nothing is left for the closed ones.
            PassResult openFull = Mixture(full, rate);
            double openRate = rate.Sum();
            if (anyOpen && (CpuUtilization(openRate, openFull) >= 1 || DbUtilization(openRate, openFull) >= 1
                || (openFull.Replica > 0 && openRate * openFull.Replica / (_s.Database.ReadReplicas * _s.Database.Cores) >= 1)))
                unstable = true;
            for (int iteration = 0; iteration < 1000 && !unstable; iteration++)
            {
                double uOpen = 0;
                for (int i = 0; i < k; i++) if (pops[i].Open is not null) uOpen += rate[i] * p[i].VisitRatio * p[i].HoldMean / c;
                if (uOpen >= 1)
                {
                    unstable = true;
                    break;
                }
                for (int j = 0; j < m; j++)
                {
                    PassResult q = p[closed[j]];
                    double d = q.VisitRatio * q.HoldMean;
                    demand[j] = d / c / (1 - uOpen);
                    think[j] = z[j] + q.Delay + d * (c - 1) / c;
                }
                (double[] xc, double[] rc, double queue) = exact ? MultiClassMva(n, think, demand) : SchweitzerMva(n, think, demand);
                bool converged = iteration > 0;
                for (int j = 0; j < m; j++)
                {
                    int i = closed[j];
                    double d = p[i].VisitRatio * p[i].HoldMean;
                    if (Math.Abs(xc[j] - x[i]) > 1e-9 * xc[j]) converged = false;
                    x[i] = iteration == 0 ? xc[j] : 0.5 * (x[i] + xc[j]);
                    latency[i] = p[i].Delay + rc[j] + d * (c - 1) / c;
                }
                // An open population's visit waits behind the closed populations' queue, at the capacity the open load leaves.
                for (int i = 0; i < k; i++)
                {
                    if (pops[i].Open is null) continue;
                    double d = p[i].VisitRatio * p[i].HoldMean;
                    latency[i] = p[i].Delay + d / c * (1 + queue) / (1 - uOpen) + d * (c - 1) / c;
                }
                if (converged) break;
                (sCpu, sDb) = Stretches(x.Sum(), Mixture(full, x));
                for (int i = 0; i < k; i++) p[i] = Pass(weights[i], sCpu, sDb);
            }

            PassResult fullMix = Mixture(full, unstable ? rate : x);
            double capacity = Capacity(fullMix);
            double bound = 0;
            for (int i = 0; i < k; i++)
                bound += pops[i].Closed is { } load ? load.Users / (load.ThinkTimeSeconds.Mean + full[i].Delay + full[i].VisitRatio * full[i].HoldMean) : rate[i];
            double upper = Math.Min(bound, capacity);
            PassResult mix = Mixture(p, unstable ? rate : x);
            Notes(mix, sCpu, sDb, closed: true, users);
            string size = states.ToString(states < 1e15 ? "N0" : "G3", CultureInfo.InvariantCulture);
            _notes.Add((anyOpen ? "Mixed open and closed populations: mixed multi-class MVA on the worker pool (the open load takes its share of the capacity first)" : "Several closed populations: multi-class MVA on the worker pool")
                + (exact ? $", exact over the {size} population vectors" : $", Schweitzer's approximation ({size} population vectors are beyond exact MVA's 10⁶)")
                + (c > 1 ? Invariant($"; the {c} workers as one server of demand D/{c} and a delay of D·{c - 1}/{c} (Seidmann's approximation).") : "."));
            if (anyOpen) _notes.Add("The open populations' requests are not refused by a full backlog here (the mixed network does not block).");
            if (unstable)
                return Result("mixed: unstable", capacity, double.PositiveInfinity, 0, mix, fullMix, upper, capacity, unstable: true) with { Populations = UnstableRows(pops) };
            double total = x.Sum(), weighted = 0;
            var rows = new StackPopulationEstimate[k];
            for (int i = 0; i < k; i++)
            {
                rows[i] = new StackPopulationEstimate(pops[i].Name, x[i], latency[i], 0);
                weighted += x[i] * latency[i];
            }
            return Result(anyOpen ? "mixed: multi-class MVA" : "closed: multi-class MVA", total, total > 0 ? weighted / total : mix.Delay, 0, mix, fullMix, upper, capacity, unstable: false)
                with { Populations = rows };
        }

        private StackEstimate Result(string method, double x, double latency, double error, PassResult p, PassResult full, double upper, double capacity, bool unstable,
            double? workerUtilization = null)
        {
            double workers = Math.Min(1, workerUtilization ?? x * p.VisitRatio * p.HoldMean / Workers);
            double cpu = Math.Min(1, CpuUtilization(x, full));
            double db = Math.Min(1, DbUtilization(x, full));
            string bottleneck = "gunicorn workers";
            double best = workers;
            if (cpu > best) (bottleneck, best) = ("web CPU", cpu);
            if (db > best) bottleneck = "database CPU";
            return new StackEstimate(method, x, latency, error, workers, cpu, db, bottleneck, upper, capacity, unstable, ToDemands(full), _notes.ToArray())
            {
                PeakRatePerSecond = _s.Load.Open?.PeakRatePerSecond ?? double.NaN,
            };
        }

        // users: the closed users (all closed populations'), for the backlog and connection-limit notes; 0 for an open load.
        private void Notes(PassResult p, double sCpu, double sDb, bool closed, long users)
        {
            double scv = p.HoldMean > 0 ? p.HoldSecondMoment / (p.HoldMean * p.HoldMean) - 1 : 1;
            if (sCpu > 1.0001 || sDb > 1.0001)
                _notes.Add(Invariant($"CPU and database contention approximated by surrogate delays (finite-source queue per station): CPU ×{sCpu:F3}, database ×{sDb:F3}."));
            if (closed && Math.Abs(scv - 1) > 0.05 && Workers > 1)
                _notes.Add(Invariant($"MVA treats the worker hold time as exponential; here its squared coefficient of variation is {scv:F2}."));
            if (Servers > 1)
                _notes.Add(Invariant($"The {Servers} servers are treated as one pool of {Workers} workers (ideal balancing)."));
            if (p.HoldMean > 0 && _s.Workers.TimeoutSeconds < 20 * p.HoldMean)
                _notes.Add("Worker timeouts (504) and restarts are ignored.");
            if (closed && users > (long)Servers * (_s.Workers.Count + _s.Workers.Backlog))
                _notes.Add("A full listen backlog (503) is ignored.");
            long connections = (closed ? users : 0) + _s.WebSockets.Connections;
            if (closed && connections > (long)Servers * _s.Proxy.MaxConnections)
                _notes.Add("nginx's connection limit is ignored.");
            if (_s.DbConnections.Pool is not null) _notes.Add("Waits for a pooled DB connection and pool timeouts are ignored.");
            else if (Workers > _s.Database.MaxConnections) _notes.Add("Failures at the database's max_connections are ignored.");
            if (_s.DbConnections.Pool is null && _s.DbConnections.ConnMaxAgeSeconds > 0) _notes.Add("Reconnects of persistent connections after their max age are ignored.");
            if (_s.Cache.Enabled && _s.Cache.MaxConnections < Workers) _notes.Add("Waits for a Redis connection are ignored.");
            if (_s.Classes.Any(c => c.Cache is { Browser: not null } or { Cdn: not null }))
                _notes.Add("Browser and CDN caches (classes[].cache) are ignored: every request is estimated as reaching the origin, and browser hits as requests, so the estimated throughput and load are too high.");
            if (_s.WebSockets.OpenRatePerSecond > 0 || _s.WebSockets.MessageRatePerSecond > 0)
                _notes.Add("WebSocket connections that open and close, and their messages' CPU and bytes, are ignored.");
            if (_s.Cache.Enabled && _s.Cache.ServiceTimeSeconds.Mean > 0) _notes.Add("Redis: each command's CPU is counted, its wait in the node's queue is not.");
            if (_s.TaskQueue is not null) _notes.Add("Celery: only its tasks' queries on the database are counted; its own queueing and host are not modelled.");
            // docs/components/hosts.md: the estimate keeps every component on its own host and leaves out the host mechanisms.
            PlacementSpec pl = _s.Placement;
            if (pl.Database == Placement.Web || pl.Cache == Placement.Web || pl.TaskQueue == Placement.Web || (pl.LoadGenerator == Placement.Web && pl.GeneratorCpuSeconds > 0))
                _notes.Add("Placement on the web host is ignored: every component is estimated on its own host (the simulation shares the web cores).");
            if (_s.Host.WakeupCpuSeconds > 0 || _s.Database.PostmasterCpuSeconds > 0 || _s.Proxy.CpuSeconds > 0)
                _notes.Add("host.wakeupCpu, database.postmasterCpu and proxy.cpu (and nginx's workers) are not in this estimate.");
        }
    }
}
