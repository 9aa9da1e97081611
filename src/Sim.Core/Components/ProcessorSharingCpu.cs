using Sim.Kernel;

namespace Sim.Components;

/// <summary>
/// A host's CPU: <see cref="Cores"/> cores shared by processor sharing. With n runnable jobs each
/// progresses at min(1, c/n) CPU-seconds per second — a job never uses more than one core, and
/// more jobs than cores slow every job down instead of creating CPU (8 workers on 2 cores get 2
/// cores of CPU between them). Completion is delivered by calling the job's
/// <see cref="IEventTarget"/> with the kind and data given at submission.
/// </summary>
/// <remarks>
/// <para><b>Algorithm (virtual time).</b> V(t) is the CPU time received by a job that has been
/// runnable throughout; it advances at r(n) = min(1, c/n). A job submitted when V = V₀ needing w
/// finishes when V reaches V₀ + w, so jobs sit in a binary min-heap on (virtual finish, submission
/// sequence) and one kernel event waits for the earliest. It is replaced when the speed r(n)
/// changes (more jobs than cores) or a new job finishes first; while n ≤ c a new job that finishes
/// later leaves it alone. Submit and completion are O(log n); no allocation per job once the
/// arrays have grown to the peak number of runnable jobs.</para>
/// <para><b>Rounding.</b> V is reset to 0 whenever the CPU is idle, so it stays as small as one
/// busy period's CPU time per job. When the completion event runs, V is set to the earliest
/// virtual finish (rounding must not leave it a hair short, which would loop on zero delays), and
/// every job whose virtual finish is within a relative 2⁻⁴⁰ (≈ 9·10⁻¹³) of V completes in the
/// same batch: jobs whose finishes are equal in exact arithmetic but differ by a few units in the
/// last place complete together, in submission order (FIFO). A kept completion event carries the
/// time computed when it was scheduled, t₀ + (F − V₀); recomputing it later would give the same
/// value in exact arithmetic but may differ in the last bit, so keeping it is exact as a model
/// but not bit-for-bit the same run as replacing it on every submit.</para>
/// <para><b>Zero work.</b> A job with 0 CPU-seconds completes at the current instant, never
/// inside <see cref="Submit"/>: through a calendar event at normal priority, or — when submitted
/// from a completion callback of this CPU — right after the callbacks of the current batch.</para>
/// <para>Not modelled: context-switch cost, priorities or nice levels, cache effects, a job's
/// cancellation. Not thread safe; owned by one <see cref="Kernel.Simulation"/>.</para>
/// </remarks>
public sealed class ProcessorSharingCpu : IEventTarget
{
    /// <summary>Jobs whose virtual finishes lie within this fraction of max(V, 1 s) complete together.</summary>
    private const double TieTolerance = 1.0 / (1L << 40);

    private struct Job
    {
        public double Finish; // virtual time, CPU-seconds
        public long Sequence; // submission order: the tie-break
        public IEventTarget Target;
        public int Kind;
        public long Data;
    }

    private readonly Simulation _sim;
    private Job[] _heap = new Job[16];
    private Job[] _batch = new Job[4];
    private int _count;
    private long _sequence;
    private double _virtual, _lastUpdate;
    private EventHandle _next = EventHandle.None;
    private long _generation; // identifies the one live completion event
    private bool _delivering;
    private double _busyArea, _areaStart;

    /// <summary>Creates an idle CPU.</summary>
    /// <param name="simulation">The simulation it runs in.</param>
    /// <param name="cores">Cores c, ≥ 1.</param>
    /// <param name="name">Name for messages and results; default "cpu".</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cores"/> ≤ 0.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="simulation"/> or <paramref name="name"/> is null.</exception>
    public ProcessorSharingCpu(Simulation simulation, int cores, string name = "cpu")
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cores);
        ArgumentNullException.ThrowIfNull(name);
        _sim = simulation;
        Cores = cores;
        Name = name;
        _lastUpdate = _areaStart = simulation.Now;
    }

    /// <summary>The simulation the CPU runs in.</summary>
    public Simulation Simulation => _sim;

    /// <summary>Cores c, ≥ 1.</summary>
    public int Cores { get; }

    /// <summary>Name for messages and results.</summary>
    public string Name { get; }

    /// <summary>Runnable jobs now (submitted, not completed), ≥ 0.</summary>
    public int Runnable => _count;

    /// <summary>Cores busy now: min(<see cref="Runnable"/>, <see cref="Cores"/>).</summary>
    public int BusyCores => Math.Min(_count, Cores);

    /// <summary>Jobs completed since creation (not reset by <see cref="ResetStatistics"/>).</summary>
    public long Completed { get; private set; }

    /// <summary>Jobs submitted since creation.</summary>
    public long Submitted => _sequence;

    /// <summary>
    /// Starts a job needing <paramref name="cpuSeconds"/> of one core; when it is done,
    /// <paramref name="target"/>.<see cref="IEventTarget.Handle"/> is called with
    /// (<paramref name="kind"/>, <paramref name="data"/>) at the completion time.
    /// </summary>
    /// <param name="cpuSeconds">CPU work, seconds at one full core; finite, ≥ 0. 0 completes at the current instant, but never inside this call.</param>
    /// <param name="target">Notified on completion.</param>
    /// <param name="kind">Passed back to the target.</param>
    /// <param name="data">Passed back to the target (e.g. a request slot).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cpuSeconds"/> is negative, NaN or infinite.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    public void Submit(double cpuSeconds, IEventTarget target, int kind, long data)
    {
        if (!(cpuSeconds >= 0) || double.IsPositiveInfinity(cpuSeconds))
            throw new ArgumentOutOfRangeException(nameof(cpuSeconds), cpuSeconds, "CPU work must be finite and ≥ 0 seconds.");
        ArgumentNullException.ThrowIfNull(target);
        Advance();
        if (_count == 0) _virtual = 0; // idle: no job refers to V, so restart it where precision is best
        if (_count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        long sequence = _sequence++;
        SiftUp(_count++, new Job { Finish = _virtual + cpuSeconds, Sequence = sequence, Target = target, Kind = kind, Data = data });
        if (_delivering) return; // during a batch, Handle reschedules once at the end
        // With no more jobs than cores every job runs at full speed before and after this one, so the
        // pending completion event stays right unless the new job finishes first: keep it.
        if (_count > 1 && _count <= Cores && _heap[0].Sequence != sequence) return;
        Reschedule();
    }

    /// <summary>
    /// Time-average busy cores / c over the window since creation or <see cref="ResetStatistics"/>, in
    /// [0, 1]. For an empty window (no time elapsed) the current busy fraction.
    /// </summary>
    public double Utilization()
    {
        double elapsed = _sim.Now - _areaStart;
        if (elapsed <= 0) return (double)BusyCores / Cores;
        return Math.Min(1.0, BusyCoreSeconds / (elapsed * Cores));
    }

    /// <summary>Core-seconds of CPU delivered to jobs over the window since creation or <see cref="ResetStatistics"/>, ≥ 0.</summary>
    public double BusyCoreSeconds => _busyArea + BusyCores * (_sim.Now - _lastUpdate);

    /// <summary>
    /// CPU-seconds the runnable jobs still need, ≥ 0. O(n) in the runnable jobs: a diagnostic and a
    /// check (delivered + remaining = submitted work), not for the hot path.
    /// </summary>
    public double RemainingWork()
    {
        double v = _virtual;
        if (_count > 0) v += (_sim.Now - _lastUpdate) * Rate;
        double sum = 0;
        for (int i = 0; i < _count; i++) sum += Math.Max(0, _heap[i].Finish - v);
        return sum;
    }

    /// <summary>Starts a new statistics window at the current time (e.g. after the warm-up); jobs in progress keep running.</summary>
    public void ResetStatistics()
    {
        Advance();
        _busyArea = 0;
        _areaStart = _sim.Now;
    }

    /// <summary>The CPU's own completion event; other events are a programming error.</summary>
    /// <exception cref="InvalidOperationException">The event was not scheduled by this CPU.</exception>
    void IEventTarget.Handle(Simulation simulation, int kind, long data)
    {
        if (data != _generation || _count == 0)
            throw new InvalidOperationException($"CPU '{Name}' received an event it did not schedule (data {data}).");
        _next = EventHandle.None;
        Advance();
        // This event was scheduled for the earliest virtual finish; rounding must not leave V a hair short.
        if (_heap[0].Finish > _virtual) _virtual = _heap[0].Finish;
        _delivering = true;
        while (_count > 0)
        {
            double limit = _virtual + TieTolerance * Math.Max(1.0, _virtual);
            if (_heap[0].Finish > limit) break;
            if (_count == 1 || NextAfterTopFinishesAfter(limit))
            {
                // The common case: one job finishes now; delivered without the batch.
                Job only = _heap[0];
                RemoveTop();
                Completed++;
                only.Target.Handle(simulation, only.Kind, only.Data);
                continue;
            }
            int done = 0;
            while (_count > 0 && _heap[0].Finish <= limit)
            {
                if (done == _batch.Length) Array.Resize(ref _batch, _batch.Length * 2);
                _batch[done++] = _heap[0];
                RemoveTop();
            }
            // Finishes within the tolerance are equal: deliver in submission order.
            if (done > 1) _batch.AsSpan(0, done).Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
            Completed += done;
            for (int i = 0; i < done; i++)
            {
                Job job = _batch[i];
                _batch[i] = default;
                // The target may submit more work here: Advance() is a no-op at the same instant, and
                // a zero-work job lands within the limit, so the outer loop completes it next.
                job.Target.Handle(simulation, job.Kind, job.Data);
            }
        }
        _delivering = false;
        if (_count == 0) _virtual = 0;
        Reschedule();
    }

    /// <summary>True when no job but the root finishes by <paramref name="limit"/> (the root's children are the next candidates).</summary>
    private bool NextAfterTopFinishesAfter(double limit)
        => _heap[1].Finish > limit && (_count == 2 || _heap[2].Finish > limit);

    /// <summary>The speed r(n) = min(1, c/n) of every runnable job, CPU-seconds per second; n ≥ 1.</summary>
    private double Rate => _count <= Cores ? 1.0 : (double)Cores / _count;

    /// <summary>Brings V and the busy integral up to the current time.</summary>
    private void Advance()
    {
        double now = _sim.Now;
        double dt = now - _lastUpdate;
        if (dt <= 0) return;
        if (_count > 0)
        {
            _virtual += dt * Rate;
            _busyArea += dt * Math.Min(_count, Cores);
        }
        _lastUpdate = now;
    }

    /// <summary>Replaces the pending completion event by one for the current earliest virtual finish.</summary>
    private void Reschedule()
    {
        _sim.Cancel(_next);
        _next = EventHandle.None;
        _generation++;
        if (_count == 0) return;
        double delay = Math.Max(0, (_heap[0].Finish - _virtual) / Rate);
        _next = _sim.Schedule(delay, this, kind: 0, data: _generation);
    }

    private static bool Less(in Job a, in Job b) => a.Finish < b.Finish || (a.Finish == b.Finish && a.Sequence < b.Sequence);

    private void SiftUp(int hole, Job job)
    {
        Job[] heap = _heap;
        while (hole > 0)
        {
            int parent = (hole - 1) >> 1;
            if (!Less(job, heap[parent])) break;
            heap[hole] = heap[parent];
            hole = parent;
        }
        heap[hole] = job;
    }

    private void RemoveTop()
    {
        int last = --_count;
        Job job = _heap[last];
        _heap[last] = default; // drop the target reference
        if (last == 0) return;
        Job[] heap = _heap;
        int hole = 0;
        while (true)
        {
            int child = 2 * hole + 1;
            if (child >= last) break;
            if (child + 1 < last && Less(heap[child + 1], heap[child])) child++;
            if (!Less(heap[child], job)) break;
            heap[hole] = heap[child];
            hole = child;
        }
        heap[hole] = job;
    }
}
