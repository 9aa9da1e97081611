using Sim.Components;
using Sim.Kernel;

namespace Sim.Core.Tests.Components;

/// <summary>Records, per job id (the data passed to Submit), when it completed, and the order of completions.</summary>
internal sealed class CompletionRecorder : IEventTarget
{
    public readonly Dictionary<long, double> DoneAt = new();
    public readonly List<long> Order = new();

    public void Handle(Simulation simulation, int kind, long data)
    {
        DoneAt.Add(data, simulation.Now);
        Order.Add(data);
    }
}

/// <summary>Submits scripted jobs (submit time, CPU-seconds) to a CPU; job i completes to the recorder with data i.</summary>
internal sealed class ScriptedJobs : IEventTarget
{
    private readonly ProcessorSharingCpu _cpu;
    private readonly double[] _work;
    public readonly CompletionRecorder Recorder = new();

    public ScriptedJobs(ProcessorSharingCpu cpu, IReadOnlyList<(double Submit, double Work)> jobs)
    {
        _cpu = cpu;
        _work = new double[jobs.Count];
        for (int i = 0; i < jobs.Count; i++)
        {
            _work[i] = jobs[i].Work;
            cpu.Simulation.ScheduleAt(jobs[i].Submit, this, data: i);
        }
    }

    public void Handle(Simulation simulation, int kind, long data) => _cpu.Submit(_work[data], Recorder, 0, data);

    /// <summary>Runs the scripted jobs to the end on a fresh simulation and returns the recorder.</summary>
    public static CompletionRecorder Run(int cores, params (double Submit, double Work)[] jobs)
    {
        var sim = new Simulation();
        var cpu = new ProcessorSharingCpu(sim, cores);
        var script = new ScriptedJobs(cpu, jobs);
        sim.Run();
        return script.Recorder;
    }
}
