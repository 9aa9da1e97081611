using Sim.Analytic;
using Sim.Components;
using Sim.Scenarios;
using Sim.Stack.Stations;
using Sim.Statistics;

namespace Sim.Stack;

public sealed partial class StackModel
{
    private void Sample()
    {
        _series.Add(_sim.Now, Workers.BacklogNow, Workers.BusyNow, _inSystem, DbConnections.Open);
        if (!_series.Full) _sim.Schedule(_series.IntervalSeconds, this, KSample);
    }

    /// <summary>Starts the observation window now (the end of the warm-up): counters, histograms and time averages restart; the system's state is kept.</summary>
    /// <remarks>Requests already in the system are not part of the window's cohort: their outcomes are not recorded.</remarks>
    public void ResetStatistics()
    {
        double now = _sim.Now;
        _windowStart = now;
        _windowEnd = double.PositiveInfinity;
        _frozen = null;
        _cohortInFlight = 0;
        _departed = _departedServed = 0;
        Array.Clear(_classDeparted);
        _latency.Reset();
        foreach (LatencyHistogram h in _classLatency) h.Reset();
        Array.Clear(_classCompleted);
        Array.Clear(_classErrors);
        Array.Clear(_popDeparted);
        Array.Clear(_popCompleted);
        Array.Clear(_popErrors);
        foreach (LatencyHistogram h in _popLatency) h.Reset();
        Array.Clear(_errors);
        Array.Clear(_breakdownElapsed);
        Array.Clear(_breakdownService);
        _latencyTally = default;
        _residence = default;
        _completed = _arrivals = _failed = 0;
        _inSystemTw.Reset(now);
        foreach (Station station in _stations) station.ResetStatistics();
    }

    /// <summary>
    /// Ends the observation window now. From here on nothing new is counted, time averages and departures are
    /// kept as they are now, and only the requests that arrived in the window (the cohort) are still followed:
    /// go on running the simulation until <see cref="DrainPending"/> is false (the model stops the run when the
    /// last of them leaves), or up to a limit, after which the rest are reported as censored
    /// (<see cref="StackReplicationResult.InFlightAtEnd"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The window was already ended.</exception>
    public void EndWindow()
    {
        if (_frozen is not null) throw new InvalidOperationException("The observation window has already ended.");
        _frozen = CaptureWindow();
        _windowEnd = _sim.Now;
    }

    /// <summary>True while requests that arrived in an ended window are still in the system.</summary>
    public bool DrainPending => _frozen is not null && _cohortInFlight > 0;

    /// <summary>What is measured over the window itself rather than followed per request: time averages, departures, bytes, state at its end.</summary>
    private sealed record WindowTotals(
        double Start, double End, double[] PerWorker, double BacklogMean, double Cpu, double DbCpu, double InSystem, double DbOpenMean,
        int MaxBacklog, int MaxDbOpen, long Departed, long DepartedServed, long[] ClassDeparted, long[] PopulationDeparted, long TasksDeparted, double BytesSent,
        double CacheMemory, long CacheEvictions, int CacheKeys, (double Utilization, double CommandsPerSecond)[] CacheLoad, TaskQueueWindow Tasks, double[] Link,
        double[] HostCpu, double PostmasterBusy, double NginxWorkersBusy, double HostMemoryPeak, long OomKills, long Recycles,
        long Attempts, long Retries, long ClientTimeouts, long Abandoned, double WastedSeconds, double? DemandFactorMean,
        (double Mean, double Peak) Swap, double Swapping, double SwapFactor);

    private WindowTotals CaptureWindow()
    {
        double now = _sim.Now;
        bool any = now > _windowStart;
        KeySpaceCache? keySpace = Cache.KeySpace;
        return new WindowTotals(_windowStart, now, Workers.PerWorkerUtilization(any), Workers.BacklogMean(any), Cpu.Utilization(),
            Database.PrimaryUtilization(), any ? _inSystemTw.Mean(now) : 0, DbConnections.OpenMean(any), Workers.MaxBacklog,
            DbConnections.MaxOpen, _departed, _departedServed, (long[])_classDeparted.Clone(), (long[])_popDeparted.Clone(), TaskQueue.Departed, Network.BytesSent,
            keySpace?.MemoryUsedBytes ?? double.NaN, keySpace?.Evictions ?? 0, keySpace?.KeysResident ?? 0, Cache.NodeLoad(any), TaskQueue.Capture(), Link.Utilization(),
            Cpu.HostShares(), DbConnections.PostmasterUtilization(any), Proxy.WorkerUtilization(any), Workers.HostMemoryPeak, Workers.OomKills, Workers.Recycles,
            Clients.Attempts, Clients.Retries, Clients.Timeouts, Clients.Abandoned, Clients.WastedSeconds, Cpu.DemandFactorMean(),
            Workers.SwapInUse(any), Workers.SwappingFraction(any), Cpu.SwapFactorMean());
    }

    /// <summary>
    /// What this replication measured: over its window (from the last <see cref="ResetStatistics"/> to
    /// <see cref="EndWindow"/>, or to now when the window was not ended) for time averages, throughput and
    /// rates; and for the requests that arrived in the window, followed to their end through the drain, for
    /// latencies, errors and per-request counts.
    /// </summary>
    /// <param name="replication">Replication index, recorded in the result.</param>
    public StackReplicationResult Collect(int replication)
    {
        WindowTotals w = _frozen ?? CaptureWindow();
        double window = w.End - w.Start;
        long finished = _completed + _failed;
        double[] perWorker = w.PerWorker;
        double busySum = 0;
        foreach (double u in perWorker) busySum += u;
        double backlogMean = w.BacklogMean;
        double cpu = w.Cpu;

        var classes = new StackClassResult[_classLatency.Length];
        for (int c = 0; c < classes.Length; c++)
        {
            LatencyHistogram h = _classLatency[c];
            classes[c] = new StackClassResult(
                _s.Classes[c].Name,
                _classCompleted[c],
                _classErrors[c],
                window > 0 ? w.ClassDeparted[c] / window : 0,
                h.Count > 0 ? h.Mean : double.NaN,
                Q(h, 0.50), Q(h, 0.95), Q(h, 0.99))
            {
                LatencyHistogram = new ReadOnlyLatencyHistogram(h.Clone()),
            };
        }

        var populations = new StackPopulationResult[_popLatency.Length];
        for (int p = 0; p < populations.Length; p++)
        {
            LatencyHistogram h = _popLatency[p];
            populations[p] = new StackPopulationResult(
                _s.Load.Populations![p].Name,
                _popCompleted[p],
                _popErrors[p],
                window > 0 ? w.PopulationDeparted[p] / window : 0,
                h.Count > 0 ? h.Mean : double.NaN,
                Q(h, 0.50), Q(h, 0.95), Q(h, 0.99))
            {
                LatencyHistogram = new ReadOnlyLatencyHistogram(h.Clone()),
            };
        }

        var breakdown = new StackBreakdown[_breakdownElapsed.Length];
        for (int i = 0; i < breakdown.Length; i++)
        {
            double elapsed = _completed > 0 ? _breakdownElapsed[i] / _completed : 0;
            double service = _completed > 0 ? _breakdownService[i] / _completed : 0;
            breakdown[i] = new StackBreakdown((BreakdownCategory)i, elapsed, Math.Min(service, elapsed), Math.Max(0, elapsed - service));
        }

        long inFlight = 0;
        for (int i = 0; i < _req.Length; i++)
            if (_req[i].Live && !_req[i].IsTask && !_req[i].ClientGone && InCohort(_req[i].Start)) inFlight++;
        // The bottleneck: the busiest station. With the same work per request, the stack's
        // throughput can grow until that station is 100 % busy (operational laws: D = U / X, so
        // X_max = X / U_max), counting every request that left in the window, static ones included — but not those
        // refused before any work (nginx out of connections, the listen backlog full): they used no station, and
        // counting them inflated X / U without bound (an open load at 10× the workers' capacity, 91 % of it refused
        // with 503, claimed a capacity of ~980 req/s for workers that served 88). Departures in the window, not the
        // cohort's: in an overload the cohort's requests leave after the window, while the stations are busy with
        // the backlog carried into it.
        double rate = window > 0 ? w.DepartedServed / window : 0;
        // Redis: its busiest node (0 without the server model, so it is never the bottleneck then).
        double cacheUtilization = double.NaN, cacheCommands = 0;
        CacheNodeResult[] cacheNodes = Cache.NodeResults(w.CacheLoad);
        foreach (CacheNodeResult node in cacheNodes)
        {
            if (!double.IsNaN(node.Utilization)) cacheUtilization = double.IsNaN(cacheUtilization) ? node.Utilization : Math.Max(cacheUtilization, node.Utilization);
            cacheCommands += node.CommandsPerSecond;
        }
        var stations = new (string Name, double Utilization)[]
        {
            ("gunicorn workers", perWorker.Length > 0 ? busySum / perWorker.Length : 0),
            ("web CPU", cpu),
            ("database CPU", w.DbCpu),
            ("Redis CPU", double.IsNaN(cacheUtilization) ? 0 : cacheUtilization),
        };
        double linkMax = w.Link.Length > 0 ? w.Link.Max() : double.NaN;
        // The servers' links compete only when the scenario limits them (host.link): otherwise the list is as it was.
        if (w.Link.Length > 0) stations = [.. stations, ("server link", linkMax)];
        // Likewise the single-process servers of docs/components/hosts.md, when the scenario models them.
        if (!double.IsNaN(w.PostmasterBusy)) stations = [.. stations, ("postmaster", w.PostmasterBusy)];
        if (!double.IsNaN(w.NginxWorkersBusy)) stations = [.. stations, ("nginx workers", w.NginxWorkersBusy)];
        var bottleneck = stations[0];
        foreach (var st in stations) if (st.Utilization > bottleneck.Utilization) bottleneck = st;
        // No station did any work (no requests, or none before an overload stopped the run): the capacity is unknown.
        double bottleneckCapacity = bottleneck.Utilization > 0 ? rate / bottleneck.Utilization : double.NaN;
        var errors = new long[_errors.Length];
        Array.Copy(_errors, errors, errors.Length);
        double throughput = window > 0 ? w.Departed / window : 0;
        double inSystem = w.InSystem;
        double meanLatency = _latencyTally.Count > 0 ? _latencyTally.Mean : double.NaN;
        long dbCreated = DbConnections.Created, dbReused = DbConnections.Reused;
        long dbAcquired = dbCreated + dbReused;
        long cacheHits = Cache.Hits;
        long cacheOps = cacheHits + Cache.Misses;
        int workers = perWorker.Length;
        double appMemory = _s.LoadBalancer.Servers * (_s.Host.BaseMemoryBytes + _s.Workers.Count * _s.Workers.MemoryPerWorkerBytes)
                           + _s.WebSockets.Connections * _s.WebSockets.MemoryPerConnectionBytes;
        double dbOpenMean = w.DbOpenMean;
        bool tasks = TaskQueue.Enabled;

        return new StackReplicationResult
        {
            Replication = replication,
            WindowSeconds = window,
            DrainSeconds = _frozen is null ? 0 : _sim.Now - w.End,
            Arrivals = _arrivals,
            Completed = _completed,
            Failed = _failed,
            InFlightAtEnd = inFlight,
            ErrorsByKind = Array.AsReadOnly(errors),
            ThroughputPerSecond = throughput,
            ErrorRate = finished > 0 ? _failed / (double)finished : 0,
            LatencyHistogram = new ReadOnlyLatencyHistogram(_latency.Clone()),
            LatencyMeanSeconds = meanLatency,
            LatencyP50Seconds = Q(_latency, 0.50),
            LatencyP90Seconds = Q(_latency, 0.90),
            LatencyP95Seconds = Q(_latency, 0.95),
            LatencyP99Seconds = Q(_latency, 0.99),
            LatencyP999Seconds = Q(_latency, 0.999),
            LatencyMaxSeconds = _latency.Count > 0 ? _latency.Max : double.NaN,
            Classes = classes,
            Populations = populations,
            Breakdown = breakdown,
            WorkerUtilization = workers > 0 ? busySum / workers : 0,
            PerWorkerUtilization = Array.AsReadOnly(perWorker),
            QueueLengthMean = backlogMean,
            QueueLengthMax = w.MaxBacklog,
            InSystemMean = inSystem,
            LittleLawRelativeError = _residence.Count > 0 && window > 0 ? LittlesLaw.SignedRelativeError(inSystem, _residence.Count / window, _residence.Mean) : 0,
            DbConnectionsOpenMean = dbOpenMean,
            DbConnectionsOpenMax = w.MaxDbOpen,
            DbConnectionsCreatedPerSecond = window > 0 ? dbCreated / window : 0,
            DbConnectionReusePercent = dbAcquired > 0 ? 100.0 * dbReused / dbAcquired : 0,
            DbCpuUtilization = w.DbCpu,
            CacheHitRatio = cacheOps > 0 ? cacheHits / (double)cacheOps : 0,
            CacheOperations = cacheOps,
            CacheMemoryBytes = w.CacheMemory,
            CacheEvictionsPerSecond = Cache.KeySpace is null || window <= 0 ? double.NaN : w.CacheEvictions / window,
            CacheKeysResident = w.CacheKeys,
            CacheUtilization = cacheUtilization,
            CacheCommandsPerSecond = cacheCommands,
            CacheCommandWaitSeconds = Cache.CommandWaitMeanSeconds(),
            CacheConnectionWaitSeconds = Cache.ConnectionWaitMeanSeconds,
            CacheNodes = Array.AsReadOnly(cacheNodes),
            CpuUtilization = cpu,
            MemoryBytes = appMemory,
            HostMemoryPeakBytes = w.HostMemoryPeak,
            CpuDemandFactorMean = w.DemandFactorMean ?? double.NaN,
            OomKillsPerSecond = _s.Host.MemoryLimitBytes is null ? double.NaN : window > 0 ? w.OomKills / window : 0,
            WorkerRecyclesPerSecond = _s.Workers.MaxRequests == 0 ? double.NaN : window > 0 ? w.Recycles / window : 0,
            SwapInUseMeanBytes = w.Swap.Mean,
            SwapInUsePeakBytes = w.Swap.Peak,
            SwappingFraction = w.Swapping,
            SwapSlowdownMean = w.SwapFactor,
            DbMemoryBytes = dbOpenMean * _s.Database.MemoryPerConnectionBytes,
            BandwidthBitsPerSecond = window > 0 ? w.BytesSent * 8 / window : 0,
            TasksPerSecond = window > 0 ? w.TasksDeparted / window : 0,
            TasksPublishedPerSecond = !tasks ? double.NaN : window > 0 ? w.Tasks.Published / window : 0,
            TaskQueueLengthMean = tasks ? w.Tasks.QueueMean : double.NaN,
            TaskQueueLengthMax = tasks ? w.Tasks.QueueMax : double.NaN,
            TaskQueueLengthAtEnd = tasks ? w.Tasks.QueueAtEnd : double.NaN,
            TaskWaitMeanSeconds = TaskQueue.Wait.Count > 0 ? TaskQueue.Wait.Mean : double.NaN,
            TaskWaitP95Seconds = Q(TaskQueue.Wait, 0.95),
            TaskLatencyMeanSeconds = TaskQueue.Latency.Count > 0 ? TaskQueue.Latency.Mean : double.NaN,
            TaskLatencyP50Seconds = Q(TaskQueue.Latency, 0.50),
            TaskLatencyP95Seconds = Q(TaskQueue.Latency, 0.95),
            TaskLatencyP99Seconds = Q(TaskQueue.Latency, 0.99),
            TaskBacklogGrowthPerSecond = !tasks ? double.NaN : window > 0 ? (w.Tasks.Published - w.Tasks.Done) / window : 0,
            TaskQueueUnstable = w.Tasks.Grows,
            LinkUtilization = w.Link.Length > 0 ? w.Link.Average() : double.NaN,
            LinkUtilizationMax = linkMax,
            PerServerLinkUtilization = Array.AsReadOnly(w.Link),
            WebHostCpuApp = w.HostCpu[(int)HostUser.App],
            WebHostCpuGzip = w.HostCpu[(int)HostUser.Gzip],
            WebHostCpuProxy = w.HostCpu[(int)HostUser.Proxy],
            WebHostCpuDatabase = w.HostCpu[(int)HostUser.Database],
            WebHostCpuCache = w.HostCpu[(int)HostUser.Cache],
            WebHostCpuTaskQueue = w.HostCpu[(int)HostUser.TaskQueue],
            WebHostCpuGenerator = w.HostCpu[(int)HostUser.Generator],
            WebHostCpuWakeup = w.HostCpu[(int)HostUser.Wakeup],
            PostmasterUtilization = w.PostmasterBusy,
            PostmasterWaitSeconds = DbConnections.PostmasterWaitMeanSeconds,
            NginxWorkerUtilization = w.NginxWorkersBusy,
            NginxWorkerWaitSeconds = Proxy.WorkerWaitMeanSeconds,
            AttemptsPerRequest = Clients.AttemptsPerRequest,
            AttemptsPerSecond = window > 0 ? w.Attempts / window : 0,
            RetriesPerSecond = window > 0 ? w.Retries / window : 0,
            ClientTimeoutsPerSecond = window > 0 ? w.ClientTimeouts / window : 0,
            AbandonedPerSecond = window > 0 ? w.Abandoned / window : 0,
            AbandonmentRatio = Clients.AbandonmentRatio,
            WastedWorkFraction = busySum > 0 && window > 0 ? Math.Min(1, w.WastedSeconds / (busySum * window)) : 0,
            InFlightCapReached = _unstable,
            Unstable = _unstable || w.Tasks.Grows,
            Bottleneck = bottleneck.Name,
            BottleneckUtilization = bottleneck.Utilization,
            BottleneckCapacityPerSecond = bottleneckCapacity,
            OfferedRatePerSecond = OfferedRate(),
            TimeSeries = _series,
        };
    }

    /// <summary>
    /// The open load's time-average arrival rate over the window (its constant rate without a profile); with populations
    /// that are all open, the sum of theirs; NaN when any load is closed.
    /// </summary>
    private double OfferedRate()
    {
        double sum = 0;
        foreach (OpenLoad? open in _popOpen)
        {
            if (open is null) return double.NaN;
            sum += open.MeanRate(_windowStart, _frozen?.End ?? _sim.Now);
        }
        return sum;
    }

    private static double Q(LatencyHistogram h, double q) => h.Count > 0 ? h.Quantile(q) : double.NaN;
}
