using Sim.Components;
using Sim.Kernel;
using Sim.Randomness;
using Sim.Scenarios;

namespace Sim.Stack.Stations;

/// <summary>
/// PostgreSQL: the primary and its read replicas, each a processor-sharing CPU with the database's cores. A DB
/// step's queries run one after another on the request's connection; reads go to a replica with the configured
/// probability. Celery's queries and the server side of connection handshakes load the primary too
/// (<see cref="Submit"/>). With <c>placement.database = web</c> the primary's work runs on the first web host's cores
/// instead of its own; with <c>host.wakeupCpu</c> the worker resumes after each reply through a small CPU job on its host.
/// </summary>
internal sealed class DatabaseStation : Station
{
    private const int KQueryDone = 0, KWokeUp = 1;

    private readonly ProcessorSharingCpu[] _db; // primary, then replicas
    private readonly bool _onWeb;
    private readonly double _wakeup;

    public DatabaseStation(StackModel model) : base(model, "database")
    {
        DatabaseSpec spec = model.Scenario.Database;
        _db = new ProcessorSharingCpu[1 + spec.ReadReplicas];
        for (int i = 0; i < _db.Length; i++) _db[i] = new ProcessorSharingCpu(Sim, spec.Cores, i == 0 ? "db/primary" : $"db/replica{i}");
        _onWeb = model.Scenario.Placement.Database == Placement.Web;
        _wakeup = model.Scenario.Host.WakeupCpuSeconds;
    }

    /// <summary>Whether the primary runs on the web host (<c>placement.database = web</c>).</summary>
    public bool OnWeb => _onWeb;

    /// <summary>The request (holding a connection, its <see cref="StackRequest.Db"/> step set) runs its next query.</summary>
    public override bool Accept(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        DbStep step = r.Db!;
        RandomStream random = Model.RandomOf(slot);
        double work = step.QueryTimeSeconds.Sample(random);
        int target = 0;
        if (!step.Write && _db.Length > 1 && random.NextDouble() < Model.Scenario.Database.ReplicaReads)
            target = 1 + random.NextInt(_db.Length - 1);
        Model.BeginSegment(slot, BreakdownCategory.DbQuery, work);
        if (target == 0 && _onWeb) Model.Cpu.Submit(CpuStation.WebHost, work, HostUser.Database, this, KQueryDone, Model.TagOf(slot));
        else _db[target].Submit(work, this, KQueryDone, Model.TagOf(slot));
        return true;
    }

    /// <summary>Puts <paramref name="cpuSeconds"/> of another station's work on the primary (its own cores, or the web host's when placed there); the event (target, kind, data) fires when it is done.</summary>
    public void Submit(double cpuSeconds, IEventTarget target, int kind, long data)
    {
        if (_onWeb) Model.Cpu.Submit(CpuStation.WebHost, cpuSeconds, HostUser.Database, target, kind, data);
        else _db[0].Submit(cpuSeconds, target, kind, data);
    }

    /// <summary>The primary's utilization over the window: its own cores' busy fraction, or on the web host its share of the host's cores.</summary>
    public double PrimaryUtilization() => _onWeb ? Model.Cpu.HostShare(HostUser.Database) : _db[0].Utilization();

    public override void ResetStatistics()
    {
        foreach (ProcessorSharingCpu db in _db) db.ResetStatistics();
    }

    public override void ReportMetrics(ICollection<StationMetric> metrics) => metrics.Add(new StationMetric(Name, "primary_utilization_ratio", PrimaryUtilization()));

    public override void Handle(Simulation simulation, int kind, long data)
    {
        int slot = Model.Live(data);
        if (slot < 0) return;
        Model.EndSegment(slot);
        if (kind == KQueryDone && _wakeup > 0)
        {
            // The reply is in: the worker process needs a little CPU on its host to run again.
            Model.BeginSegment(slot, BreakdownCategory.Cpu, _wakeup);
            Model.Cpu.Submit(Model.Request(slot).Server, _wakeup, HostUser.Wakeup, this, KWokeUp, data);
            return;
        }
        ref StackRequest r = ref Model.Request(slot);
        if (--r.QueriesLeft > 0)
        {
            Accept(slot);
            return;
        }
        // The step's transaction is over: a pooled connection goes back to the pool.
        Model.DbConnections.EndTransaction(slot);
        r = ref Model.Request(slot);
        r.Db = null;
        Model.NextStep(slot);
    }

    public override string KindName(int kind) => kind switch { KQueryDone => "QueryDone", KWokeUp => "QueryWokeUp", _ => base.KindName(kind) };
}
