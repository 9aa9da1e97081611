using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sim.Components;
using Sim.Kernel;
using Sim.Randomness;

namespace Sim.Core.Tests.Components;

/// <summary>
/// Invariants of <see cref="ProcessorSharingCpu"/> on random job sets, checked against an
/// independent reference: a direct PS simulation that tracks every job's remaining work and steps
/// from event to event (O(n²), obviously correct, no virtual time). FsCheck supplies the shape
/// (seed, cores, job count, coarse or fine grid); the jobs come from our own generator. On the
/// coarse grid (times and work in steps of 0.25 s, many zero-work jobs) many jobs tie.
/// </summary>
/// <remarks>
/// Tolerance: 1e-9 s on times and core-seconds. Both computations round at ≈ 1e-16 relative per
/// operation over a few hundred operations on values below 100 s, i.e. ≈ 1e-12 at worst; any logic
/// error shows up at the scale of the 0.25 s grid or of one job's work. 1e-9 separates the two by
/// three orders of magnitude each way.
/// </remarks>
public class ProcessorSharingCpuProperties
{
    private const double Tol = 1e-9;

    private static (double Submit, double Work)[] Jobs(ulong seed, int count, bool coarse)
    {
        var random = new RandomStream(seed);
        var jobs = new (double, double)[count];
        for (int i = 0; i < count; i++)
        {
            jobs[i] = coarse
                ? (random.NextInt(40) * 0.25, random.NextInt(5) == 0 ? 0 : random.NextInt(12) * 0.25)
                : (random.NextDouble() * 10, random.NextDouble() * 3);
        }
        return jobs;
    }

    /// <summary>Reference PS: completion time of each job, and the busy core-seconds up to each probe time.</summary>
    private static (double[] Done, double[] BusyAt) Reference(int cores, (double Submit, double Work)[] jobs, double[] probes)
    {
        int n = jobs.Length;
        var done = new double[n];
        var busyAt = new double[probes.Length];
        var remaining = new double[n];
        var active = new bool[n];
        var started = new bool[n];
        double now = 0, busy = 0;
        int finished = 0, probe = 0;
        while (finished < n)
        {
            int running = 0;
            for (int i = 0; i < n; i++) if (active[i]) running++;
            double rate = running == 0 ? 0 : Math.Min(1.0, (double)cores / running);
            double next = double.PositiveInfinity;
            for (int i = 0; i < n; i++)
            {
                if (!started[i]) next = Math.Min(next, jobs[i].Submit);
                else if (active[i]) next = Math.Min(next, now + remaining[i] / rate);
            }
            while (probe < probes.Length && probes[probe] <= next)
            {
                busyAt[probe] = busy + Math.Min(running, cores) * (probes[probe] - now);
                probe++;
            }
            double dt = next - now;
            busy += Math.Min(running, cores) * dt;
            for (int i = 0; i < n; i++) if (active[i]) remaining[i] -= rate * dt;
            now = next;
            for (int i = 0; i < n; i++)
            {
                if (active[i] && remaining[i] <= Tol * 1e-3)
                {
                    active[i] = false;
                    done[i] = now;
                    finished++;
                }
            }
            for (int i = 0; i < n; i++)
            {
                if (!started[i] && jobs[i].Submit == now)
                {
                    started[i] = true;
                    if (jobs[i].Work == 0) { done[i] = now; finished++; }
                    else { active[i] = true; remaining[i] = jobs[i].Work; }
                }
            }
        }
        for (; probe < probes.Length; probe++) busyAt[probe] = busy;
        return (done, busyAt);
    }

    /// <summary>Before every event: the CPU's state has been constant since the previous event, so busy core-seconds must have grown by exactly min(n, c)·Δt.</summary>
    private sealed class ConservationTrace(ProcessorSharingCpu cpu) : IEventTrace
    {
        private double _lastTime, _lastBusy;
        public bool CapacityAndWorkConserved = true;
        public bool UtilizationInRange = true;
        public int MaxRunnable;

        public void OnEvent(double time, int priority, long sequence, IEventTarget target, int kind, long data)
        {
            double busy = cpu.BusyCoreSeconds;
            double expected = Math.Min(cpu.Runnable, cpu.Cores) * (time - _lastTime);
            if (Math.Abs(busy - _lastBusy - expected) > Tol) CapacityAndWorkConserved = false;
            if (busy - _lastBusy > cpu.Cores * (time - _lastTime) + Tol) CapacityAndWorkConserved = false;
            double u = cpu.Utilization();
            if (!(u >= 0 && u <= 1)) UtilizationInRange = false;
            MaxRunnable = Math.Max(MaxRunnable, cpu.Runnable);
            _lastTime = time;
            _lastBusy = busy;
        }
    }

    /// <summary>At probe times: delivered core-seconds so far, and delivered + remaining vs submitted work.</summary>
    private sealed class Prober(ProcessorSharingCpu cpu, (double Submit, double Work)[] jobs) : IEventTarget
    {
        public readonly List<double> Busy = new();
        public bool Conserved = true;

        public void Handle(Simulation simulation, int kind, long data)
        {
            double submitted = 0;
            foreach (var j in jobs) if (j.Submit < simulation.Now) submitted += j.Work; // probes are off the job grid
            double busy = cpu.BusyCoreSeconds;
            Busy.Add(busy);
            if (Math.Abs(busy + cpu.RemainingWork() - submitted) > Tol * jobs.Length) Conserved = false;
        }
    }

    [Property(MaxTest = 100)]
    public Property MatchesTheReference_AndConservesWork(ulong seed, PositiveInt coresGen, PositiveInt countGen, bool coarse)
    {
        int cores = 1 + coresGen.Get % 4;
        var jobs = Jobs(seed, 1 + countGen.Get % 40, coarse);
        var probes = new double[30];
        for (int k = 0; k < probes.Length; k++) probes[k] = 0.1 + k * 0.5; // never on the 0.25 grid

        var sim = new Simulation();
        var cpu = new ProcessorSharingCpu(sim, cores);
        var trace = new ConservationTrace(cpu);
        sim.Trace = trace;
        var script = new ScriptedJobs(cpu, jobs);
        var prober = new Prober(cpu, jobs);
        foreach (double t in probes) sim.ScheduleAt(t, prober);
        sim.Run();
        var (refDone, refBusy) = Reference(cores, jobs, probes);

        double totalWork = 0;
        foreach (var j in jobs) totalWork += j.Work;
        var done = script.Recorder.DoneAt;
        bool allDone = done.Count == jobs.Length && cpu.Runnable == 0 && cpu.Completed == jobs.Length;
        bool matchesReference = true, neverFasterThanOneCore = true, fifoAmongTies = true;
        for (int i = 0; i < jobs.Length && allDone; i++)
        {
            if (Math.Abs(done[i] - refDone[i]) > Tol) matchesReference = false;
            if (done[i] < jobs[i].Submit + jobs[i].Work - Tol) neverFasterThanOneCore = false;
        }
        // Jobs that end at the same time in the reference end in the same event here, in submission order.
        var position = new Dictionary<long, int>();
        for (int k = 0; k < script.Recorder.Order.Count; k++) position[script.Recorder.Order[k]] = k;
        // Submission order is (submit time, index): the script submits same-time jobs in index order.
        for (int i = 0; i < jobs.Length && allDone; i++)
            for (int j = 0; j < jobs.Length; j++)
            {
                bool iFirst = jobs[i].Submit < jobs[j].Submit || (jobs[i].Submit == jobs[j].Submit && i < j);
                if (iFirst && Math.Abs(refDone[i] - refDone[j]) <= Tol && (done[i] != done[j] || position[i] > position[j])) fifoAmongTies = false;
            }
        bool probesMatch = true;
        for (int k = 0; k < probes.Length; k++) if (Math.Abs(prober.Busy[k] - refBusy[k]) > Tol) probesMatch = false;

        return (allDone.Label("every job completed once")
            .And(matchesReference.Label("completion times equal the reference PS"))
            .And(neverFasterThanOneCore.Label("no job finishes before submit + work"))
            .And(fifoAmongTies.Label("equal finishes: same instant, submission order"))
            .And(probesMatch.Label("busy core-seconds equal the reference at probes"))
            .And(prober.Conserved.Label("delivered + remaining = submitted work"))
            .And(trace.CapacityAndWorkConserved.Label("busy = min(n, c)·Δt between events (≤ c, and = c when n ≥ c)"))
            .And(trace.UtilizationInRange.Label("utilization in [0, 1]"))
            .And((Math.Abs(cpu.BusyCoreSeconds - totalWork) <= Tol * jobs.Length).Label("total delivered = total work")))
            .Collect(coarse ? "coarse" : "fine");
    }
}
