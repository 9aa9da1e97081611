using Sim.Components;
using Sim.Kernel;
using Sim.Randomness;
using Sim.Scenarios;

namespace Sim.Stack.Stations;

/// <summary>
/// RabbitMQ + Celery: a request's enqueue step publishes a task with its probability; the broker delivers it after
/// its latency; Celery's workers (a <see cref="SlotQueue"/> of the configured concurrency) run its steps on their
/// own CPU and on the primary database, competing with the web requests there. A task's random numbers come from
/// the (request, step) that published it, not from the order of publication.
/// </summary>
internal sealed class TaskQueueStation : Station
{
    private const int KDelivered = 0, KStepDone = 1, KQueryDone = 2;

    private readonly TaskQueueSpec? _spec;
    private readonly ulong _seed;
    private readonly ProcessorSharingCpu? _cpu;
    private SlotQueue _slots;
    private long _departed;

    public TaskQueueStation(StackModel model, ulong seed) : base(model, "taskQueue")
    {
        _spec = model.Scenario.TaskQueue;
        _seed = seed;
        _slots = new SlotQueue(_spec?.Concurrency ?? 0);
        if (_spec is not null) _cpu = new ProcessorSharingCpu(Sim, _spec.Cores, "celery/cpu");
    }

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
        _departed = 0;
        _cpu?.ResetStatistics();
    }

    public override void ReportMetrics(ICollection<StationMetric> metrics)
    {
        metrics.Add(new StationMetric(Name, "departed_count", _departed));
        metrics.Add(new StationMetric(Name, "waiting_count", _slots.Waiting));
    }

    public override void Handle(Simulation simulation, int kind, long data)
    {
        int slot = Model.Live(data);
        if (slot < 0) return;
        switch (kind)
        {
            case KDelivered:
                if (_slots.TryAcquire()) RunSteps(slot);
                else _slots.Enqueue(Model.TagOf(slot));
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
                    if (r.Pc == 0) Model.TaskWorkDrawn?.Invoke(r.ParentKey, work);
                    _cpu!.Submit(work, this, KStepDone, Model.TagOf(slot));
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

    private void Done(int slot)
    {
        if (Model.WindowOpen) _departed++;
        Model.FreeSlot(slot);
        if (_slots.Release(Model, out int next)) RunSteps(next);
    }
}
