using Sim.Kernel;

namespace Sim.Components;

/// <summary>
/// A host's CPU: <see cref="Cores"/> cores shared by processor sharing. With n runnable jobs each
/// progresses at min(1, c/n) CPU-seconds per second — a job never uses more than one core, and
/// more jobs than cores slow every job down instead of creating CPU. Completion is delivered by
/// calling the job's <see cref="IEventTarget"/> with the kind and data given at submission.
/// </summary>
/// <remarks>
/// <para>Virtual-time algorithm: V(t) is the CPU time received by a job runnable since V = 0; it
/// advances at min(1, c/n). A job needing w finishes when V reaches V₀ + w, so jobs sit in a
/// min-heap on their virtual finish and one kernel event waits for the earliest, rescheduled when n
/// changes. O(log n) per job; no allocation per job once the arrays have grown. Jobs with the same
/// virtual finish complete in submission order.</para>
/// <para>Not modelled: context-switch cost, priorities, cache effects. Not thread safe.</para>
/// </remarks>
public sealed class ProcessorSharingCpu : IEventTarget
{
    private struct Job
    {
        public double Finish; // virtual time
        public long Sequence;
        public IEventTarget Target;
        public int Kind;
        public long Data;
    }

    private readonly Simulation _sim;
    private Job[] _heap = new Job[16];
    private int _count;
    private long _sequence;
    private double _virtual, _lastUpdate;
    private EventHandle _next = EventHandle.None;
    private double _busyArea, _areaStart;

    /// <summary>Creates the CPU.</summary>
    /// <param name="simulation">The simulation it runs in.</param>
    /// <param name="cores">Cores c, ≥ 1.</param>
    /// <param name="name">Name for messages; default "cpu".</param>
    public ProcessorSharingCpu(Simulation simulation, int cores, string name = "cpu")
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cores);
        _sim = simulation;
        Cores = cores;
        Name = name;
        _lastUpdate = _areaStart = simulation.Now;
    }

    /// <summary>Cores c.</summary>
    public int Cores { get; }

    /// <summary>Name for messages.</summary>
    public string Name { get; }

    /// <summary>Runnable jobs now.</summary>
    public int Runnable => _count;

    /// <summary>Jobs completed since creation.</summary>
    public long Completed { get; private set; }

    /// <summary>Starts a job needing <paramref name="cpuSeconds"/> of one core; <paramref name="target"/> is called with (<paramref name="kind"/>, <paramref name="data"/>) when it is done.</summary>
    /// <param name="cpuSeconds">CPU work, seconds at one full core; finite, ≥ 0 (0 completes at the current time, through the calendar).</param>
    /// <param name="target">Notified on completion.</param>
    /// <param name="kind">Passed back to the target.</param>
    /// <param name="data">Passed back to the target.</param>
    public void Submit(double cpuSeconds, IEventTarget target, int kind, long data)
    {
        if (!(cpuSeconds >= 0) || double.IsPositiveInfinity(cpuSeconds))
            throw new ArgumentOutOfRangeException(nameof(cpuSeconds), cpuSeconds, "CPU work must be finite and ≥ 0 seconds.");
        ArgumentNullException.ThrowIfNull(target);
        Advance();
        if (_count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        SiftUp(_count++, new Job { Finish = _virtual + cpuSeconds, Sequence = _sequence++, Target = target, Kind = kind, Data = data });
        Reschedule();
    }

    /// <summary>Time-average busy cores / c since creation or <see cref="ResetStatistics"/>, in [0, 1].</summary>
    public double Utilization()
    {
        double now = _sim.Now;
        double elapsed = now - _areaStart;
        double busy = Math.Min(_count, Cores);
        if (elapsed <= 0) return busy / Cores;
        return (_busyArea + busy * (now - _lastUpdate)) / (elapsed * Cores);
    }

    /// <summary>Core-seconds of CPU delivered since creation or <see cref="ResetStatistics"/>.</summary>
    public double BusyCoreSeconds => _busyArea + Math.Min(_count, Cores) * (_sim.Now - _lastUpdate);

    /// <summary>Restarts the utilization integral at the current time.</summary>
    public void ResetStatistics()
    {
        Advance();
        _busyArea = 0;
        _areaStart = _sim.Now;
    }

    /// <inheritdoc />
    void IEventTarget.Handle(Simulation simulation, int kind, long data)
    {
        _next = EventHandle.None;
        Advance();
        // This event was scheduled for the earliest virtual finish; rounding must not leave it a hair short.
        if (_count > 0 && _heap[0].Finish > _virtual) _virtual = _heap[0].Finish;
        while (_count > 0 && _heap[0].Finish <= _virtual)
        {
            Job done = _heap[0];
            RemoveTop();
            Completed++;
            // The caller may submit new work here; Advance() is a no-op at the same instant.
            done.Target.Handle(simulation, done.Kind, done.Data);
        }
        Reschedule();
    }

    private void Advance()
    {
        double now = _sim.Now;
        double dt = now - _lastUpdate;
        if (dt > 0)
        {
            if (_count > 0)
            {
                _virtual += dt * Math.Min(1.0, (double)Cores / _count);
                _busyArea += dt * Math.Min(_count, Cores);
            }
            _lastUpdate = now;
        }
    }

    private void Reschedule()
    {
        _sim.Cancel(_next);
        _next = EventHandle.None;
        if (_count == 0) return;
        double rate = Math.Min(1.0, (double)Cores / _count);
        double delay = Math.Max(0, (_heap[0].Finish - _virtual) / rate);
        _next = _sim.Schedule(delay, this);
    }

    private static bool Less(in Job a, in Job b) => a.Finish < b.Finish || (a.Finish == b.Finish && a.Sequence < b.Sequence);

    private void SiftUp(int hole, Job job)
    {
        while (hole > 0)
        {
            int parent = (hole - 1) >> 1;
            if (!Less(job, _heap[parent])) break;
            _heap[hole] = _heap[parent];
            hole = parent;
        }
        _heap[hole] = job;
    }

    private void RemoveTop()
    {
        int last = --_count;
        Job job = _heap[last];
        _heap[last] = default;
        if (last == 0) return;
        int hole = 0;
        while (true)
        {
            int child = 2 * hole + 1;
            if (child >= last) break;
            if (child + 1 < last && Less(_heap[child + 1], _heap[child])) child++;
            if (!Less(_heap[child], job)) break;
            _heap[hole] = _heap[child];
            hole = child;
        }
        _heap[hole] = job;
    }
}
