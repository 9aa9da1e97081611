using Sim.Components;
using Sim.Kernel;
using Sim.Scenarios;

namespace Sim.Stack.Stations;

/// <summary>
/// The app servers' cores, one processor-sharing CPU per server: the requests' CPU steps run here, and so does the
/// CPU work other stations put on the host (nginx's handshakes and gzip, the DB handshake on the app side), through
/// <see cref="Submit"/>. More runnable work than cores slows all of it down; it never adds CPU.
/// </summary>
internal sealed class CpuStation : Station
{
    private const int KStepDone = 0;

    private readonly ProcessorSharingCpu[] _cpu; // per server

    public CpuStation(StackModel model) : base(model, "cpu")
    {
        int servers = model.Scenario.LoadBalancer.Servers;
        _cpu = new ProcessorSharingCpu[servers];
        for (int i = 0; i < servers; i++) _cpu[i] = new ProcessorSharingCpu(Sim, model.Scenario.Host.Cores, $"server{i}/cpu");
    }

    /// <summary>The request's current step is a <see cref="CpuStep"/>: draw its work and run it on the request's server.</summary>
    public override bool Accept(int slot)
    {
        var step = (CpuStep)Model.CurrentStep(slot);
        double work = step.WorkSeconds.Sample(Model.RandomOf(slot));
        Model.BeginSegment(slot, BreakdownCategory.Cpu, work);
        _cpu[Model.Request(slot).Server].Submit(work, this, KStepDone, Model.TagOf(slot));
        return true;
    }

    /// <summary>Puts <paramref name="cpuSeconds"/> of another station's work on server <paramref name="server"/>'s cores; the event (target, kind, data) fires when it is done.</summary>
    public void Submit(int server, double cpuSeconds, IEventTarget target, int kind, long data) => _cpu[server].Submit(cpuSeconds, target, kind, data);

    /// <summary>The mean utilization of the servers' cores over the window.</summary>
    public double Utilization()
    {
        double cpu = 0;
        foreach (ProcessorSharingCpu c in _cpu) cpu += c.Utilization();
        return cpu / _cpu.Length;
    }

    public override void ResetStatistics()
    {
        foreach (ProcessorSharingCpu c in _cpu) c.ResetStatistics();
    }

    public override void ReportMetrics(ICollection<StationMetric> metrics) => metrics.Add(new StationMetric(Name, "utilization_ratio", Utilization()));

    public override void Handle(Simulation simulation, int kind, long data)
    {
        int slot = Model.Live(data);
        if (slot < 0) return;
        Model.EndSegment(slot);
        Model.NextStep(slot);
    }

    public override string KindName(int kind) => kind == KStepDone ? "StepDone" : base.KindName(kind);
}
