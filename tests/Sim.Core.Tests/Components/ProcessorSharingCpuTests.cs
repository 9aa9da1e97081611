using Sim.Components;
using Sim.Kernel;
using Sim.Randomness;

namespace Sim.Core.Tests.Components;

/// <summary>
/// Hand-computed processor-sharing schedules. All inputs are dyadic or chosen so that the
/// expected times are exact; where rounding is possible the comparison is to 12 decimals.
/// </summary>
public class ProcessorSharingCpuTests
{
    [Fact]
    public void TwoOneSecondJobs_OnOneCore_ShareIt_AndFinishTogetherAtTwo()
    {
        var done = ScriptedJobs.Run(cores: 1, (0, 1), (0, 1));
        Assert.Equal(2.0, done.DoneAt[0]);
        Assert.Equal(2.0, done.DoneAt[1]);
        Assert.Equal([0L, 1L], done.Order); // equal virtual finish: submission order
    }

    [Fact]
    public void TwoOneSecondJobs_OnTwoCores_RunInParallel_AndFinishAtOne()
    {
        var done = ScriptedJobs.Run(cores: 2, (0, 1), (0, 1));
        Assert.Equal(1.0, done.DoneAt[0]);
        Assert.Equal(1.0, done.DoneAt[1]);
    }

    [Fact]
    public void OneAndThreeSecondJobs_OnOneCore_FinishAtTwoAndFour()
    {
        // Both at rate 1/2 until the short one is done at t = 2 (1 s each received); the long one
        // then has 2 s left alone: t = 4.
        var done = ScriptedJobs.Run(cores: 1, (0, 1), (0, 3));
        Assert.Equal(2.0, done.DoneAt[0]);
        Assert.Equal(4.0, done.DoneAt[1]);
    }

    [Fact]
    public void JobArrivingMidway_SlowsTheRunningJob()
    {
        // A (3 s) alone on 1 core for 1 s: 2 s left. B (1 s) arrives at t = 1: both at 1/2, B is
        // done at t = 3 (A has 1 s left), A alone finishes at t = 4.
        var done = ScriptedJobs.Run(cores: 1, (0, 3), (1, 1));
        Assert.Equal(3.0, done.DoneAt[1]);
        Assert.Equal(4.0, done.DoneAt[0]);
        Assert.Equal([1L, 0L], done.Order);
    }

    [Fact]
    public void EightJobs_OnTwoCores_EachGetAQuarterCore()
    {
        var sim = new Simulation();
        var cpu = new ProcessorSharingCpu(sim, cores: 2);
        var recorder = new CompletionRecorder();
        for (int i = 0; i < 8; i++) cpu.Submit(1.0, recorder, 0, i);

        sim.Run(until: 2);
        Assert.Equal(8, cpu.Runnable);
        Assert.Equal(2, cpu.BusyCores);
        Assert.Equal(4.0, cpu.BusyCoreSeconds, 12);   // 2 cores × 2 s, not 8 × 2
        Assert.Equal(8 * 0.5, cpu.RemainingWork(), 12); // each received 0.25 × 2 s = 0.5 s
        Assert.Equal(1.0, cpu.Utilization(), 12);

        sim.Run();
        Assert.Equal(8, recorder.DoneAt.Count);
        foreach (double t in recorder.DoneAt.Values) Assert.Equal(4.0, t, 12);
        Assert.Equal([0L, 1, 2, 3, 4, 5, 6, 7], recorder.Order);
        Assert.Equal(8, cpu.Completed);
    }

    [Fact]
    public void MoreCoresThanJobs_EachJobGetsOneCoreOnly()
    {
        // 4 cores, 2 jobs: a job never uses more than one core. Busy core-seconds 1 + 3 = 4 over
        // 3 s × 4 cores: utilization 1/3.
        var sim = new Simulation();
        var cpu = new ProcessorSharingCpu(sim, cores: 4);
        var recorder = new CompletionRecorder();
        cpu.Submit(1, recorder, 0, 0);
        cpu.Submit(3, recorder, 0, 1);
        sim.Run();
        Assert.Equal(1.0, recorder.DoneAt[0]);
        Assert.Equal(3.0, recorder.DoneAt[1]);
        Assert.Equal(4.0, cpu.BusyCoreSeconds, 12);
        Assert.Equal(1.0 / 3.0, cpu.Utilization(), 12);
    }

    [Fact]
    public void ZeroWorkJob_CompletesAtTheSameInstant_ButNotInsideSubmit_AndDoesNotDisturbOthers()
    {
        var sim = new Simulation();
        var cpu = new ProcessorSharingCpu(sim, cores: 1);
        var recorder = new CompletionRecorder();
        cpu.Submit(2, recorder, 0, 0);
        sim.Run(until: 0.5);
        cpu.Submit(0, recorder, 0, 1);
        Assert.Empty(recorder.DoneAt); // never re-entrant: the caller finishes its own bookkeeping first
        Assert.Equal(2, cpu.Runnable);
        sim.Run();
        Assert.Equal(0.5, recorder.DoneAt[1]);
        Assert.Equal(2.0, recorder.DoneAt[0], 12); // the 2 s job lost no time to it
    }

    [Fact]
    public void WorkSubmittedFromACompletionCallback_IsScheduledCorrectly()
    {
        // Closed loop, 1 core, two clients: each resubmits 1 s on completion, 3 jobs each. Both
        // share the core throughout: completions at 2, 4, 6 for both.
        var sim = new Simulation();
        var cpu = new ProcessorSharingCpu(sim, cores: 1);
        var client = new ResubmittingClient(cpu, jobsEach: 3);
        cpu.Submit(1, client, 0, 0);
        cpu.Submit(1, client, 0, 1);
        sim.Run();
        Assert.Equal([2.0, 2.0, 4.0, 4.0, 6.0, 6.0], client.Times);
        Assert.Equal([0L, 1, 0, 1, 0, 1], client.Ids);
        Assert.Equal(6.0, cpu.BusyCoreSeconds, 12);
    }

    private sealed class ResubmittingClient(ProcessorSharingCpu cpu, int jobsEach) : IEventTarget
    {
        private readonly Dictionary<long, int> _count = new();
        public readonly List<double> Times = new();
        public readonly List<long> Ids = new();

        public void Handle(Simulation simulation, int kind, long data)
        {
            Times.Add(simulation.Now);
            Ids.Add(data);
            int n = _count[data] = _count.GetValueOrDefault(data) + 1;
            if (n < jobsEach) cpu.Submit(1, this, 0, data); // inside the CPU's completion batch
        }
    }

    [Fact]
    public void FinishesEqualInExactArithmetic_CompleteTogether_InSubmissionOrder()
    {
        // A: 0.9 s at t = 0; B: 0.7 s at t = 0.2 on 1 core. At t = 0.2 both need 0.7 s, so both end
        // at 0.2 + 2 × 0.7 = 1.6. In doubles B's virtual finish 0.2 + 0.7 = 0.8999999999999999 is
        // below A's 0.9: without the tie batch B would complete alone, a rounding error earlier.
        Assert.True(0.2 + 0.7 < 0.9); // the premise of this test
        var done = ScriptedJobs.Run(cores: 1, (0, 0.9), (0.2, 0.7));
        Assert.Equal([0L, 1L], done.Order);
        Assert.Equal(done.DoneAt[0], done.DoneAt[1]);
        Assert.Equal(1.6, done.DoneAt[0], 12);
    }

    [Fact]
    public void ResetStatistics_StartsANewUtilizationWindow()
    {
        var sim = new Simulation();
        var cpu = new ProcessorSharingCpu(sim, cores: 2);
        var recorder = new CompletionRecorder();
        cpu.Submit(1, recorder, 0, 0);
        sim.Run(until: 4);
        Assert.Equal(1.0 / 8.0, cpu.Utilization(), 12); // 1 core-second of 4 s × 2 cores
        cpu.ResetStatistics();
        Assert.Equal(0.0, cpu.Utilization());
        cpu.Submit(2, recorder, 0, 1);
        cpu.Submit(2, recorder, 0, 2);
        sim.Run(); // both finish at t = 6
        Assert.Equal(6.0, sim.Now);
        Assert.Equal(1.0, cpu.Utilization(), 12);
        Assert.Equal(4.0, cpu.BusyCoreSeconds, 12);
        Assert.Equal(3, cpu.Completed); // not reset: counts since creation
    }

    [Fact]
    public void Guards_NameTheParameter()
    {
        var sim = new Simulation();
        Assert.Equal("cores", Assert.Throws<ArgumentOutOfRangeException>(() => new ProcessorSharingCpu(sim, 0)).ParamName);
        Assert.Equal("cores", Assert.Throws<ArgumentOutOfRangeException>(() => new ProcessorSharingCpu(sim, -2)).ParamName);
        Assert.Equal("simulation", Assert.Throws<ArgumentNullException>(() => new ProcessorSharingCpu(null!, 1)).ParamName);
        var cpu = new ProcessorSharingCpu(sim, 1);
        var r = new CompletionRecorder();
        foreach (double bad in new[] { -1e-9, -1, double.NaN, double.PositiveInfinity, double.NegativeInfinity })
            Assert.Equal("cpuSeconds", Assert.Throws<ArgumentOutOfRangeException>(() => cpu.Submit(bad, r, 0, 0)).ParamName);
        Assert.Equal("target", Assert.Throws<ArgumentNullException>(() => cpu.Submit(1, null!, 0, 0)).ParamName);
        Assert.Equal(0, cpu.Runnable); // rejected jobs left no trace
    }

    [Fact]
    public void AnEventTheCpuDidNotSchedule_FailsLoudly()
    {
        var sim = new Simulation();
        var cpu = new ProcessorSharingCpu(sim, 1);
        cpu.Submit(1, new CompletionRecorder(), 0, 0);
        sim.Schedule(0.5, cpu, kind: 0, data: 12345);
        Assert.Throws<InvalidOperationException>(() => sim.Run());
    }

    /// <summary>A closed population of clients: think (exponential, mean 0.1 s), then submit CPU work (exponential, mean 1 ms), or now and then a zero-work step.</summary>
    private sealed class ThinkingClients : IEventTarget
    {
        private readonly ProcessorSharingCpu _cpu;
        private readonly RandomStream _random = new(3);

        public ThinkingClients(ProcessorSharingCpu cpu, int clients)
        {
            _cpu = cpu;
            for (int i = 0; i < clients; i++) cpu.Simulation.Schedule(0, this, kind: 0, data: i);
        }

        public void Handle(Simulation sim, int kind, long data)
        {
            if (kind == 0) _cpu.Submit(-Math.Log(_random.NextOpenDouble()) * 0.001, this, 1, data);               // think over: run
            else if (_random.NextInt(4) == 0) _cpu.Submit(0, this, 1, data);                                       // a zero-work step
            else sim.Schedule(-Math.Log(_random.NextOpenDouble()) * 0.1, this, kind: 0, data: data);              // done: think
        }
    }

    [Fact]
    public void SteadyState_AllocatesZeroBytesPerJob()
    {
        var sim = new Simulation();
        var cpu = new ProcessorSharingCpu(sim, cores: 2);
        _ = new ThinkingClients(cpu, clients: 200);
        sim.Run(until: 100); // warm-up: JIT tiering, heap and batch arrays at their working size

        long jobsBefore = cpu.Completed;
        double until = 100;
        long allocated = SteadyAllocation.Measure(() => sim.Run(until: until += 200));
        long jobs = (cpu.Completed - jobsBefore) / 3;

        Assert.True(jobs > 100_000, $"only {jobs} jobs ran per window");
        Assert.Equal(0, allocated);
    }
}
