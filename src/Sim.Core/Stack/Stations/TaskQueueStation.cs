using Sim.Components;
using Sim.Kernel;
using Sim.Randomness;
using Sim.Scenarios;
using Sim.Statistics;

namespace Sim.Stack.Stations;

/// <summary>
/// RabbitMQ + Celery: a request's enqueue step publishes a task with its probability; the broker delivers it after
/// its latency; Celery's workers (a <see cref="SlotQueue"/> of the configured concurrency) run its steps on their
/// own CPU and on the primary database, competing with the web requests there. A task's random numbers come from
/// the (request, step) that published it, not from the order of publication.
/// </summary>
/// <remarks>
/// <para>The broker's queue is measured as a queue: tasks delivered and waiting for a Celery worker (RabbitMQ's ready
/// messages) as a time average, its maximum and its length at the window's end; each task's wait (delivery → a worker
/// takes it) and latency (publish → done), recorded for tasks taken, respectively finished, in the window.</para>
/// <para>A backlog that grows over the window is an instability (<see cref="BacklogTrend"/> on the tasks in Celery:
/// published and not yet done): the window's batch means must rise faster than <see cref="GrowthThreshold"/> of the
/// publish rate with 99.9 % one-sided confidence. docs/components/celery.md gives the rule and its false-alarm rate.</para>
/// </remarks>
internal sealed class TaskQueueStation : Station
{
    private const int KDelivered = 0, KStepDone = 1, KQueryDone = 2;

    private readonly TaskQueueSpec? _spec;
    private readonly ulong _seed;
    private readonly ProcessorSharingCpu? _cpu;
    private SlotQueue _slots;
    private long _departed, _published;
    private int _inCelery; // published and not yet done: in the broker, waiting or running
    private readonly TimeWeighted _queue;
    private readonly BacklogTrend _trend = new();
    private readonly LatencyHistogram _wait = new(), _latency = new();

    /// <summary>Growth of the tasks in Celery, as a fraction of the publish rate, above which a significant trend is an instability: 1 %.</summary>
    internal const double GrowthThreshold = 0.01;

    /// <summary>One-sided confidence the growth must have: 99.9 %.</summary>
    internal const double GrowthLevel = 0.999;

    public TaskQueueStation(StackModel model, ulong seed) : base(model, "taskQueue")
    {
        _spec = model.Scenario.TaskQueue;
        _seed = seed;
        _slots = new SlotQueue(_spec?.Concurrency ?? 0);
        // Placed on the web host, Celery's CPU steps run on the first web server's cores (taskQueue.cores unused).
        if (_spec is not null && model.Scenario.Placement.TaskQueue == Placement.Own) _cpu = new ProcessorSharingCpu(Sim, _spec.Cores, "celery/cpu");
        _queue = new TimeWeighted(Sim.Now);
        _trend.Reset(Sim.Now, 0, model.Scenario.Run.DurationSeconds);
    }

    /// <summary>Whether the scenario has a task queue.</summary>
    public bool Enabled => _spec is not null;

    /// <summary>Tasks waiting for a worker now (delivered by the broker, not yet taken).</summary>
    public int QueueNow => _slots.Waiting;

    /// <summary>Waits (delivery → a worker takes the task) of the tasks taken in the window, seconds.</summary>
    public LatencyHistogram Wait => _wait;

    /// <summary>Latencies (publish → done) of the tasks finished in the window, seconds.</summary>
    public LatencyHistogram Latency => _latency;

    /// <summary>Tasks finished in the window so far.</summary>
    public long Departed => _departed;

    /// <summary>
    /// The request's current step is an <see cref="EnqueueStep"/>: publish a task with its probability (drawn always).
    /// Always false: the request does not wait for its task. Publishing may grow the model's request table, so a caller
    /// holding a reference into it must take it again.
    /// </summary>
    public override bool Accept(int slot)
    {
        var enqueue = (EnqueueStep)Model.CurrentStep(slot);
        if (Model.RandomOf(slot).NextDouble() < enqueue.Probability)
        {
            ref StackRequest r = ref Model.Request(slot);
            Publish(r.Key, r.Pc);
        }
        Model.Request(slot).Pc++;
        return false;
    }

    public override void ResetStatistics()
    {
        _departed = _published = 0;
        _cpu?.ResetStatistics();
        _queue.Reset(Sim.Now);
        _trend.Reset(Sim.Now, _inCelery, Model.Scenario.Run.DurationSeconds);
        _wait.Reset();
        _latency.Reset();
    }

    public override void ReportMetrics(ICollection<StationMetric> metrics)
    {
        metrics.Add(new StationMetric(Name, "departed_count", _departed));
        metrics.Add(new StationMetric(Name, "published_count", _published));
        metrics.Add(new StationMetric(Name, "waiting_count", _slots.Waiting));
        metrics.Add(new StationMetric(Name, "queue_max_count", _queue.Max));
    }

    /// <summary>
    /// The window's figures now (the end of the window): tasks published and done, the queue's time average, maximum
    /// and length, and the backlog's growth verdict.
    /// </summary>
    public TaskQueueWindow Capture()
    {
        double now = Sim.Now;
        double window = now - _queue.StartTime;
        (double slope, double lower, _) = _trend.Fit(now, GrowthLevel);
        double publishRate = window > 0 ? _published / window : 0;
        bool grows = _spec is not null && lower > GrowthThreshold * publishRate && _published > _departed;
        return new TaskQueueWindow(_published, _departed, window > 0 ? _queue.Mean(now) : _queue.Current, (int)_queue.Max, _slots.Waiting, slope, grows);
    }

    public override void Handle(Simulation simulation, int kind, long data)
    {
        int slot = Model.Live(data);
        if (slot < 0) return;
        switch (kind)
        {
            case KDelivered:
                if (_slots.TryAcquire())
                {
                    Taken(0);
                    RunSteps(slot);
                }
                else
                {
                    Model.Request(slot).Queued = Sim.Now;
                    _slots.Enqueue(Model.TagOf(slot));
                    _queue.Update(Sim.Now, _slots.Waiting);
                }
                break;
            case KStepDone:
                Model.Request(slot).Pc++;
                RunSteps(slot);
                break;
            case KQueryDone:
                ref StackRequest r = ref Model.Request(slot);
                if (--r.QueriesLeft > 0)
                {
                    Model.Database.Submit(r.Db!.QueryTimeSeconds.Sample(Model.RandomOf(slot)), this, KQueryDone, Model.TagOf(slot));
                    return;
                }
                r.Pc++;
                RunSteps(slot);
                break;
            default: throw new InvalidOperationException($"Unknown event kind {kind}.");
        }
    }

    public override string KindName(int kind) => kind switch { KDelivered => "TaskDelivered", KStepDone => "TaskStepDone", KQueryDone => "TaskQueryDone", _ => base.KindName(kind) };

    /// <summary>Publishes a task for the request with key <paramref name="requestKey"/> at its step <paramref name="step"/>.</summary>
    private void Publish(ulong requestKey, int step)
    {
        if (_spec is null) return;
        int slot = Model.OpenSlot(user: -1, isTask: true);
        if (slot < 0) return;
        if (Model.WindowOpen) _published++;
        _trend.Update(Sim.Now, ++_inCelery);
        ulong key = SplitMix64.Mix(SplitMix64.Mix(_seed ^ requestKey) + (ulong)step);
        ref StackRequest task = ref Model.Request(slot);
        task.Key = key;
        task.ParentKey = requestKey;
        RandomStream random = Model.RandomOf(slot);
        random.Reseed(key);
        Sim.Schedule(_spec.BrokerLatencySeconds.Sample(random), this, KDelivered, Model.TagOf(slot));
    }

    private void RunSteps(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        IReadOnlyList<Step> steps = _spec!.Steps;
        RandomStream random = Model.RandomOf(slot);
        while (r.Pc < steps.Count)
        {
            switch (steps[r.Pc])
            {
                case CpuStep cpu:
                    double work = cpu.WorkSeconds.Sample(random);
                    if (cpu.Curve is { } curve) work *= Model.Cpu.DemandFactor(curve, _cpu ?? Model.Cpu.Host(CpuStation.WebHost));
                    if (r.Pc == 0) Model.TaskWorkDrawn?.Invoke(r.ParentKey, work);
                    if (_cpu is null) Model.Cpu.Submit(CpuStation.WebHost, work, HostUser.TaskQueue, this, KStepDone, Model.TagOf(slot));
                    else _cpu.Submit(work, this, KStepDone, Model.TagOf(slot));
                    return;
                case DbStep db:
                    // Celery workers keep persistent connections; their queries load the same database.
                    r.Db = db;
                    r.QueriesLeft = db.Queries;
                    double query = db.QueryTimeSeconds.Sample(random);
                    if (r.Pc == 0) Model.TaskWorkDrawn?.Invoke(r.ParentKey, query);
                    Model.Database.Submit(query, this, KQueryDone, Model.TagOf(slot));
                    return;
                case ExternalCallStep external:
                    Sim.Schedule(external.LatencySeconds.Sample(random), this, KStepDone, Model.TagOf(slot));
                    return;
                default:
                    r.Pc++; // cache, enqueue and respond steps have no meaning in a task
                    continue;
            }
        }
        Done(slot);
    }

    /// <summary>A worker takes the task after <paramref name="waited"/> seconds in the queue.</summary>
    private void Taken(double waited)
    {
        if (Model.WindowOpen) _wait.Record(waited);
    }

    private void Done(int slot)
    {
        if (Model.WindowOpen)
        {
            _departed++;
            _latency.Record(Sim.Now - Model.Request(slot).Start);
        }
        _trend.Update(Sim.Now, --_inCelery);
        Model.FreeSlot(slot);
        if (_slots.Release(Model, out int next))
        {
            _queue.Update(Sim.Now, _slots.Waiting);
            Taken(Sim.Now - Model.Request(next).Queued);
            RunSteps(next);
        }
    }
}

/// <summary>What the task queue measured over a window (<see cref="TaskQueueStation.Capture"/>).</summary>
/// <param name="Published">Tasks published in the window.</param>
/// <param name="Done">Tasks finished in the window.</param>
/// <param name="QueueMean">Time-average tasks waiting for a worker.</param>
/// <param name="QueueMax">Most tasks waiting at once.</param>
/// <param name="QueueAtEnd">Tasks waiting at the window's end.</param>
/// <param name="Slope">Least-squares growth of the tasks in Celery, per second (NaN: too short a window to fit).</param>
/// <param name="Grows">The backlog grows: the run is unstable.</param>
internal sealed record TaskQueueWindow(long Published, long Done, double QueueMean, int QueueMax, int QueueAtEnd, double Slope, bool Grows);
