using Sim.Components;
using Sim.Kernel;
using Sim.Scenarios;

namespace Sim.Stack.Stations;

/// <summary>
/// The app servers' cores, one processor-sharing CPU per server: the requests' CPU steps run here, and so does the
/// CPU work other stations put on the host (nginx's handshakes, its own CPU and gzip, the DB handshake on the app side,
/// the wake-up after a reply, and the work of components placed on the web host: database, Redis, Celery, the load
/// generator), through <see cref="Submit"/>. More runnable work than cores slows all of it down; it never adds CPU.
/// </summary>
/// <remarks>
/// The CPU submitted to the first server's host is summed by <see cref="HostUser"/> over the window (the work handed
/// to the cores, which in a stable run is the work they deliver), for the <c>webHostCpu.*</c> breakdown. Components
/// placed on the web host run on that first server (docs/components/hosts.md).
/// </remarks>
internal sealed class CpuStation : Station
{
    private const int KStepDone = 0, KIgnore = 1;

    /// <summary>The web server whose host holds the components placed on "web".</summary>
    public const int WebHost = 0;

    private readonly ProcessorSharingCpu[] _cpu; // per server
    private readonly double[] _work = new double[Enum.GetValues<HostUser>().Length]; // first host's CPU submitted in the window, by user
    private double _workStart;
    private double _factorSum; // demand-curve factors applied in the window
    private long _factorCount;
    private double _swapBase, _swapSlowed; // with swap: CPU work submitted in the window before and after the swap slowdown

    public CpuStation(StackModel model) : base(model, "cpu")
    {
        int servers = model.Scenario.LoadBalancer.Servers;
        _cpu = new ProcessorSharingCpu[servers];
        for (int i = 0; i < servers; i++) _cpu[i] = new ProcessorSharingCpu(Sim, model.Scenario.Host.Cores, $"server{i}/cpu");
        _workStart = Sim.Now;
    }

    /// <summary>Server <paramref name="server"/>'s cores.</summary>
    public ProcessorSharingCpu Host(int server) => _cpu[server];

    /// <summary>The request's current step is a <see cref="CpuStep"/>: draw its work and run it on the request's server.</summary>
    public override bool Accept(int slot)
    {
        var step = (CpuStep)Model.CurrentStep(slot);
        double work = step.WorkSeconds.Sample(Model.RandomOf(slot));
        int server = Model.Request(slot).Server;
        if (step.Curve is { } curve) work *= DemandFactor(curve, _cpu[server]);
        Model.BeginSegment(slot, BreakdownCategory.Cpu, work);
        Submit(server, work, HostUser.App, this, KStepDone, Model.TagOf(slot));
        return true;
    }

    /// <summary>
    /// The factor of a demand curve at the busy fraction of <paramref name="cores"/> now (busy cores ÷ cores, before the
    /// step's own work joins them), counted in the window's mean (<see cref="DemandFactorMean"/>).
    /// </summary>
    public double DemandFactor(IReadOnlyList<DemandPoint> curve, ProcessorSharingCpu cores)
    {
        double factor = DemandPoint.FactorAt(curve, (double)cores.BusyCores / cores.Cores);
        if (Model.WindowOpen)
        {
            _factorSum += factor;
            _factorCount++;
        }
        return factor;
    }

    /// <summary>The mean factor applied by demand curves to the CPU steps that started in the window; null when none did.</summary>
    public double? DemandFactorMean() => _factorCount > 0 ? _factorSum / _factorCount : null;

    /// <summary>
    /// The swap slowdown of the CPU work submitted in the window, weighted by work: Σ slowed work ÷ Σ work (1 when nothing
    /// was swapped); NaN without swap or without work.
    /// </summary>
    public double SwapFactorMean() => Model.Workers.HasSwap && _swapBase > 0 ? _swapSlowed / _swapBase : double.NaN;

    /// <summary>Puts <paramref name="cpuSeconds"/> of <paramref name="user"/>'s work on server <paramref name="server"/>'s cores; the event (target, kind, data) fires when it is done.</summary>
    /// <remarks>While the host swaps (<c>host.swap</c>) the work is stretched by its <see cref="WorkerPoolStation.SwapFactor"/> at submission.</remarks>
    public void Submit(int server, double cpuSeconds, HostUser user, IEventTarget target, int kind, long data)
    {
        if (Model.Workers.HasSwap)
        {
            double slowed = cpuSeconds * Model.Workers.SwapFactor(server);
            if (Model.WindowOpen)
            {
                _swapBase += cpuSeconds;
                _swapSlowed += slowed;
            }
            cpuSeconds = slowed;
        }
        if (server == WebHost && Model.WindowOpen) _work[(int)user] += cpuSeconds;
        _cpu[server].Submit(cpuSeconds, target, kind, data);
    }

    /// <summary>Puts work on server <paramref name="server"/>'s cores that nothing waits for (it only loads them).</summary>
    public void Load(int server, double cpuSeconds, HostUser user) => Submit(server, cpuSeconds, user, this, KIgnore, 0);

    /// <summary>The mean utilization of the servers' cores over the window.</summary>
    public double Utilization()
    {
        double cpu = 0;
        foreach (ProcessorSharingCpu c in _cpu) cpu += c.Utilization();
        return cpu / _cpu.Length;
    }

    /// <summary>
    /// The first web host's CPU over the window by user: CPU-seconds submitted / (cores × window), each in [0, ~1]; their
    /// sum is the host's utilization in a stable run. Zeros for an empty window.
    /// </summary>
    public double[] HostShares()
    {
        double span = (Sim.Now - _workStart) * Model.Scenario.Host.Cores;
        var shares = new double[_work.Length];
        if (span > 0)
            for (int i = 0; i < shares.Length; i++) shares[i] = _work[i] / span;
        return shares;
    }

    /// <summary>One user's share of the first web host's cores over the window so far (see <see cref="HostShares"/>).</summary>
    public double HostShare(HostUser user)
    {
        double span = (Sim.Now - _workStart) * Model.Scenario.Host.Cores;
        return span > 0 ? _work[(int)user] / span : 0;
    }

    public override void ResetStatistics()
    {
        foreach (ProcessorSharingCpu c in _cpu) c.ResetStatistics();
        Array.Clear(_work);
        _factorSum = 0;
        _factorCount = 0;
        _swapBase = _swapSlowed = 0;
        _workStart = Sim.Now;
    }

    public override void ReportMetrics(ICollection<StationMetric> metrics) => metrics.Add(new StationMetric(Name, "utilization_ratio", Utilization()));

    public override void Handle(Simulation simulation, int kind, long data)
    {
        if (kind == KIgnore) return;
        int slot = Model.Live(data);
        if (slot < 0) return;
        Model.EndSegment(slot);
        Model.NextStep(slot);
    }

    public override string KindName(int kind) => kind switch { KStepDone => "StepDone", KIgnore => "LoadDone", _ => base.KindName(kind) };
}
