using Sim.Kernel;
using Sim.Randomness;

namespace Sim.Core.Tests.Kernel;

/// <summary>
/// The low-level mechanism allocates nothing per event once the calendar has grown to its working
/// size. Measured with the thread's allocation counter (exact, not a timing), after a warm-up that
/// lets the JIT tier up and the arrays reach their peak.
/// </summary>
public class AllocationTests
{
    /// <summary>A closed population of tokens, each rescheduling itself after a random delay, with some cancellations.</summary>
    private sealed class Tokens : IEventTarget
    {
        private readonly RandomStream _random = new(7);
        private EventHandle _timeout = EventHandle.None;

        public void Handle(Simulation sim, int kind, long data)
        {
            if (kind == 0)
            {
                // Like a request with a timeout: arm it, then usually cancel it at the next event.
                sim.Cancel(_timeout);
                _timeout = sim.Schedule(10 + _random.NextDouble(), this, kind: 1);
                sim.Schedule(-Math.Log(_random.NextOpenDouble()), this, kind: 0, data: data);
                if (_random.NextInt(8) == 0) sim.Schedule(0, this, kind: 2, priority: EventPriority.Urgent);
            }
        }
    }

    [Fact]
    public void LowLevelMechanism_SteadyState_AllocatesZeroBytesPerEvent()
    {
        var sim = new Simulation();
        var tokens = new Tokens();
        for (int i = 0; i < 1000; i++) sim.Schedule(0, tokens, data: i);
        sim.Run(until: 200); // warm-up: JIT tiering, arrays at their working size

        long eventsBefore = sim.EventsProcessed;
        double until = 200;
        long allocated = SteadyAllocation.Measure(() => sim.Run(until: until += 200));
        long events = (sim.EventsProcessed - eventsBefore) / 3;

        Assert.True(events > 200_000, $"only {events} events ran per window");
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ProcessHold_SteadyState_AllocatesZeroBytesPerWait()
    {
        var sim = new Simulation();
        long waits = 0;
        for (int p = 0; p < 100; p++) sim.Start(Sleeper(p));
        sim.Run(until: 200); // warm-up

        long before = waits;
        double until = 200;
        long allocated = SteadyAllocation.Measure(() => sim.Run(until: until += 200));

        Assert.True(waits - before > 50_000, $"only {waits - before} waits");
        Assert.Equal(0, allocated);

        IEnumerable<SimEvent> Sleeper(int p)
        {
            while (true)
            {
                waits++;
                yield return sim.Hold(0.1 + p % 7 * 0.05);
            }
        }
    }
}
