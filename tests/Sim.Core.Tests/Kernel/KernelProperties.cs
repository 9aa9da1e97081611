using FsCheck;
using FsCheck.Xunit;
using Sim.Kernel;
using Sim.Randomness;

namespace Sim.Core.Tests.Kernel;

/// <summary>
/// Invariants of the kernel on randomly generated models. FsCheck supplies the model's shape
/// (seed, sizes, capacity); the model draws its times from our own generator, coarsely rounded so
/// that many events tie on time and FIFO among ties is really exercised.
/// </summary>
public class KernelProperties
{
    /// <summary>
    /// Records the trace and checks, event by event, that the clock never goes back and that the
    /// calendar hands out the least key (time, priority, sequence) among the events pending: an
    /// event that was already pending when its predecessor ran must have a larger key.
    /// </summary>
    private sealed class CheckingTrace(Simulation sim) : IEventTrace
    {
        public readonly List<(double Time, int Priority, long Sequence, int Kind, long Data)> Events = new();
        public bool Monotone = true;
        public bool LeastKeyFirst = true;
        private long _scheduledBeforeLast;

        public void OnEvent(double time, int priority, long sequence, IEventTarget target, int kind, long data)
        {
            if (Events.Count > 0)
            {
                var last = Events[^1];
                if (time < last.Time) Monotone = false;
                bool wasPending = sequence < _scheduledBeforeLast;
                bool keyLarger = time > last.Time || (time == last.Time && (priority > last.Priority || (priority == last.Priority && sequence > last.Sequence)));
                if (wasPending && !keyLarger) LeastKeyFirst = false;
            }
            _scheduledBeforeLast = sim.Calendar.ScheduledCount;
            Events.Add((time, priority, sequence, kind, data));
        }
    }

    /// <summary>
    /// Each event reschedules a few more at coarse random delays and priorities, until a budget runs
    /// out. Some delays are far (the calendar's far lane, and its moves into the heap), and some
    /// pending events are cancelled (dropped from any lane).
    /// </summary>
    private sealed class Spawner : IEventTarget
    {
        private readonly RandomStream _random;
        private readonly List<EventHandle> _handles = new();
        private int _budget;

        public Spawner(ulong seed, int budget)
        {
            _random = new RandomStream(seed);
            _budget = budget;
        }

        public void Handle(Simulation sim, int kind, long data)
        {
            int children = _random.NextInt(3);
            for (int i = 0; i < children && _budget > 0; i++, _budget--)
            {
                double delay = _random.NextInt(4) * 0.25; // 0, 0.25, 0.5, 0.75: many ties, including zero delays
                if (_random.NextInt(8) == 0) delay += 5 * _random.NextInt(8); // far ahead, still on the same coarse grid
                // Urgent events for the current instant take the calendar's FIFO lane; the rest the heap.
                int priority = _random.NextInt(4) switch { 0 => EventPriority.Urgent, 1 => -1, 2 => 0, _ => 1 };
                _handles.Add(sim.Schedule(delay, this, kind: priority, data: _budget, priority: priority));
            }
            if (_handles.Count > 0 && _random.NextInt(6) == 0) sim.Cancel(_handles[_random.NextInt(_handles.Count)]);
        }
    }

    private static CheckingTrace RunSpawner(ulong seed, int budget, int initial)
    {
        var sim = new Simulation(initialCalendarCapacity: 1);
        var trace = new CheckingTrace(sim);
        sim.Trace = trace;
        var spawner = new Spawner(seed, budget);
        for (int i = 0; i < initial; i++) sim.Schedule(0, spawner, data: -i);
        sim.Run();
        return trace;
    }

    [Property(MaxTest = 200)]
    public bool Clock_NeverGoesBack_AndTheLeastKeyRunsFirst(ulong seed, PositiveInt budget, PositiveInt initial)
    {
        var trace = RunSpawner(seed, budget.Get % 3000, 1 + initial.Get % 50);
        return trace.Monotone && trace.LeastKeyFirst && trace.Events.Count > 0;
    }

    [Property(MaxTest = 100)]
    public bool SameSeed_GivesIdenticalEventTrace(ulong seed, PositiveInt budget)
    {
        var a = RunSpawner(seed, budget.Get % 3000, 5);
        var b = RunSpawner(seed, budget.Get % 3000, 5);
        return a.Events.SequenceEqual(b.Events);
    }

    /// <summary>
    /// A G/G/c queue with the process API and random arrival/service times (coarse, so they tie).
    /// Checks at every grant that in-use ≤ capacity and that equal-priority requests are granted
    /// in request order; at the stop time, that arrivals = departures + in system.
    /// </summary>
    [Property(MaxTest = 150)]
    public bool Resource_CapacityFifoAndConservation(ulong seed, PositiveInt capacityGen, PositiveInt customersGen, PositiveInt stopGen)
    {
        int capacity = 1 + capacityGen.Get % 5;
        int customers = 1 + customersGen.Get % 300;
        double stopAt = 1 + stopGen.Get % 200;
        var random = new RandomStream(seed);
        var sim = new Simulation();
        var server = new Resource(sim, capacity);
        int arrivals = 0, departures = 0, inSystem = 0, nextToGrant = 0;
        bool capacityOk = true, fifoOk = true;

        sim.Start(Source());
        sim.Run(until: stopAt);
        bool conservation = arrivals == departures + inSystem && inSystem == server.InUse + server.QueueLength;
        return capacityOk && fifoOk && conservation;

        IEnumerable<SimEvent> Source()
        {
            for (int i = 0; i < customers; i++)
            {
                yield return sim.Delay(random.NextInt(3));
                sim.Start(Customer(i));
            }
        }

        IEnumerable<SimEvent> Customer(int id)
        {
            arrivals++;
            inSystem++;
            using (ResourceRequest request = server.Request())
            {
                yield return request;
                if (server.InUse > capacity) capacityOk = false;
                if (id != nextToGrant) fifoOk = false;
                nextToGrant++;
                yield return sim.Delay(random.NextInt(4));
            }
            departures++;
            inSystem--;
        }
    }

    [Property(MaxTest = 100)]
    public bool Cancel_RemovesExactlyTheCancelledEvents(ulong seed, PositiveInt countGen)
    {
        int count = 1 + countGen.Get % 500;
        var random = new RandomStream(seed);
        var sim = new Simulation(initialCalendarCapacity: 1);
        var target = new RecordingTarget();
        var handles = new EventHandle[count];
        for (int i = 0; i < count; i++) handles[i] = sim.Schedule(random.NextInt(5), target, data: i);
        var cancelled = new HashSet<long>();
        for (int i = 0; i < count; i++)
        {
            if (random.NextInt(3) == 0 && sim.Cancel(handles[i])) cancelled.Add(i);
        }
        if (sim.PendingEvents != count - cancelled.Count) return false;
        sim.Run();
        var seen = target.Seen.Select(s => s.Data).ToHashSet();
        return seen.Count == count - cancelled.Count && !seen.Overlaps(cancelled);
    }
}
