using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sim.Kernel;

/// <summary>
/// The future event list, ordered by (time, priority, insertion sequence). The key is a strict total
/// order, so events with equal time and priority come out in insertion order (FIFO) however large
/// the calendar grows, and the order never depends on the layout of the data structure.
/// </summary>
/// <remarks>
/// <para>Three lanes. Events at or after a threshold T wait unsorted in a <i>far</i> lane; events
/// before T sit in a 4-ary min-heap, or — the events the process API creates most, urgent events for
/// the current instant (a resource granted, a process started), which are already in key order when
/// they are added — in a FIFO ring. The heap and the ring are merged on every removal by the same
/// key. When both are empty, T moves forward by an adaptive window and the far events before it
/// move into the heap. So the heap holds only the near future: models with many far-future events
/// (think times, 30-second timeouts that are nearly always cancelled) keep a small, cache-friendly
/// heap, and a far event that is cancelled is dropped by one scan without ever being sifted. Every
/// event in the heap or ring is earlier than every far event, so which lane holds an event never
/// changes the order in which events run. The far lane only runs while it pays: it starts when the
/// heap holds more than 256 nodes (T then lies just after every pending event) and stops when a
/// move finds fewer than 128 far events; small models (an M/M/c queue) use the heap alone.</para>
/// <para>Payloads live in slots recycled through a free list; lanes hold 24-byte nodes. Adding and
/// removing events allocate nothing once the arrays have grown to the peak number of pending
/// events. Cancellation is O(1) amortized: the node stays, marked, and is dropped when it reaches the
/// front or when a move scans the far lane — or, once cancelled nodes outnumber the pending events
/// (and there are more than 1,024 of them), by a compaction that sweeps all three lanes in place and
/// rebuilds the heap. So the nodes held stay below twice the peak number of pending events plus
/// 1,024, whatever the timeouts: a model that arms a 1000-hour timeout per request and nearly always
/// cancels it no longer holds one node per request until the timeout's time. The order of events
/// does not depend on where a node sits, so compaction never changes it.</para>
/// <para>Not thread safe; owned by one <see cref="Simulation"/>, which alone adds, cancels and runs events (its
/// <c>Schedule</c> and <c>Cancel</c>); users read it through <see cref="Simulation.Calendar"/> (sizes, the next event time).</para>
/// </remarks>
public sealed class EventCalendar
{
    private const int PriorityShift = 47;
    private const int FarOnAbove = 256; // the far lane starts when the heap holds more nodes than this …
    private const int FarOffBelow = 128; // … and stops when a move finds fewer far events than this
    private const int CompactAbove = 1024; // cancelled nodes held before a compaction is considered
    private const long MaxSequence = (1L << PriorityShift) - 1;
    private const int BranchFreeAbove = 24; // heap nodes above which a removal picks children without branches

    private struct Node
    {
        public double Time;
        public long Order; // (priority − Min) << 47 | sequence
        public int Slot;
    }

    private struct Slot
    {
        public IEventTarget? Target;
        public long Data;
        public int Kind;
        public int Generation;
        public bool Cancelled;
    }

    private Node[] _heap;
    private int _count;
    private Node[] _far;           // unsorted; every time ≥ _farFrom
    private int _farCount;
    private double _farFrom = double.PositiveInfinity; // T; +∞ while the far lane is off
    private double _farWindow;     // how far T moves past the earliest far event; 0 = not chosen yet
    private int _farOnAbove = FarOnAbove; // FarOnAbove while the lane is off, int.MaxValue while on: one compare per heap add
    private Node[] _ring;          // power-of-two length
    private int _ringHead, _ringCount;
    private Slot[] _slots;
    private int[] _free;
    private int _freeCount;
    private int _slotHighWater;
    private int _cancelled;
    private readonly int _compactAbove;
    private long _nextSequence;

    /// <summary>Creates an empty calendar.</summary>
    /// <param name="initialCapacity">Pending events held before the arrays first grow; ≥ 1, default 256.</param>
    internal EventCalendar(int initialCapacity = 256) : this(initialCapacity, CompactAbove)
    {
    }

    /// <summary>As the public constructor, with the number of cancelled nodes held before a compaction is considered (tests use a small one).</summary>
    internal EventCalendar(int initialCapacity, int compactAbove)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialCapacity);
        ArgumentOutOfRangeException.ThrowIfNegative(compactAbove);
        _compactAbove = compactAbove;
        _heap = new Node[initialCapacity];
        _far = new Node[initialCapacity];
        _ring = new Node[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(initialCapacity, 2))];
        _slots = new Slot[initialCapacity];
        _free = new int[initialCapacity];
    }

    /// <summary>Number of pending (scheduled, not cancelled, not yet run) events.</summary>
    public int Count => _count + _ringCount + _farCount - _cancelled;

    /// <summary>Nodes in the heap, the urgent ring and the far lane, cancelled ones included (developer tools: the benchmarks' event census).</summary>
    internal (int Heap, int Ring, int Far) LaneSizes => (_count, _ringCount, _farCount);

    /// <summary>Nodes held in all lanes, cancelled ones included: what the calendar's memory follows (tests of its bound).</summary>
    internal int HeldCount => _count + _ringCount + _farCount;

    /// <summary>Number of events ever scheduled; the next event gets this sequence number.</summary>
    public long ScheduledCount => _nextSequence;

    /// <summary>Capacity of the larger of the heap and far lanes (each grows by doubling); exposed for tests of growth.</summary>
    public int Capacity => Math.Max(_heap.Length, _far.Length);

    /// <summary>Adds an event.</summary>
    /// <param name="time">Absolute simulated time, seconds; finite.</param>
    /// <param name="priority">In [<see cref="EventPriority.Min"/>, <see cref="EventPriority.Max"/>]; lower runs first among equal times.</param>
    /// <param name="target">Receiver of the event.</param>
    /// <param name="kind">Target-defined kind.</param>
    /// <param name="data">Target-defined payload.</param>
    /// <returns>A handle for <see cref="Cancel"/>.</returns>
    internal EventHandle Add(double time, int priority, IEventTarget target, int kind, long data)
    {
        if (!double.IsFinite(time)) throw new ArgumentOutOfRangeException(nameof(time), time, "Event time must be finite.");
        if ((uint)(priority - EventPriority.Min) > (uint)(EventPriority.Max - EventPriority.Min))
            throw new ArgumentOutOfRangeException(nameof(priority), priority, $"Priority must be in [{EventPriority.Min}, {EventPriority.Max}].");
        ArgumentNullException.ThrowIfNull(target);
        return AddUnchecked(time, priority, target, kind, data);
    }

    /// <summary>
    /// <see cref="Add"/> without the argument checks, for the kernel's own scheduling whose arguments
    /// are valid by construction (a process's wake-up after a checked delay, an urgent event now).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal EventHandle AddUnchecked(double time, int priority, IEventTarget target, int kind, long data)
    {
        if (_nextSequence > MaxSequence) ThrowTooManyEvents();

        int slot = _freeCount > 0 ? _free[--_freeCount] : NewSlot();
        ref Slot s = ref _slots[slot];
        s.Target = target;
        s.Kind = kind;
        s.Data = data;
        s.Cancelled = false;
        var node = new Node { Time = time, Order = ((long)(priority - EventPriority.Min) << PriorityShift) | _nextSequence++, Slot = slot };

        // The ring must stay sorted by key: it takes urgent events whose time equals that of its last
        // node (their sequence numbers only grow), or any urgent event when it is empty and the heap
        // has nothing earlier. Everything else goes to the heap.
        if (time >= _farFrom)
        {
            if (_farCount == _far.Length) Array.Resize(ref _far, _far.Length * 2);
            _far[_farCount++] = node;
        }
        else if (priority == EventPriority.Urgent && (_ringCount == 0 ? (_count == 0 || time <= _heap[0].Time) : time == RingTail().Time))
        {
            if (_ringCount == _ring.Length) GrowRing();
            _ring[(_ringHead + _ringCount++) & (_ring.Length - 1)] = node;
        }
        else
        {
            int count = _count;
            Node[] heap = _heap;
            if (count == heap.Length) heap = GrowHeap();
            SiftUp(heap, count, node);
            _count = ++count;
            if (count > _farOnAbove) StartFarLane();
        }
        return new EventHandle(slot, s.Generation);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTooManyEvents() => throw new InvalidOperationException($"More than {MaxSequence} events scheduled in one simulation.");

    /// <summary>Cancels a pending event. Returns false if it already ran, was cancelled, or the handle is <see cref="EventHandle.None"/>.</summary>
    internal bool Cancel(EventHandle handle)
    {
        if (handle.Slot < 0 || handle.Slot >= _slotHighWater) return false;
        ref Slot s = ref _slots[handle.Slot];
        if (s.Generation != handle.Generation || s.Target is null || s.Cancelled) return false;
        s.Cancelled = true;
        // Reclaim eagerly once cancelled nodes outnumber the pending events: each compaction then
        // removes at least half of the nodes it scans, so its cost is O(1) per cancellation.
        if (++_cancelled > _compactAbove && _cancelled > _count + _ringCount + _farCount - _cancelled) Compact();
        return true;
    }

    /// <summary>
    /// Drops every cancelled node from the three lanes, in place: the far lane is unsorted, the ring
    /// keeps its order, and the heap is rebuilt bottom-up. The key (time, priority, sequence) is a
    /// strict total order, so the rebuilt heap hands out events in exactly the order the old one would.
    /// </summary>
    private void Compact()
    {
        Node[] far = _far;
        int kept = 0;
        for (int i = 0; i < _farCount; i++)
        {
            Node n = far[i];
            if (_slots[n.Slot].Cancelled) ReleaseSlot(n.Slot);
            else far[kept++] = n;
        }
        _farCount = kept;

        Node[] ring = _ring;
        int mask = ring.Length - 1;
        kept = 0;
        for (int i = 0; i < _ringCount; i++)
        {
            Node n = ring[(_ringHead + i) & mask];
            if (_slots[n.Slot].Cancelled) ReleaseSlot(n.Slot);
            else ring[(_ringHead + kept++) & mask] = n;
        }
        _ringCount = kept;

        Node[] heap = _heap;
        kept = 0;
        for (int i = 0; i < _count; i++)
        {
            Node n = heap[i];
            if (_slots[n.Slot].Cancelled) ReleaseSlot(n.Slot);
            else heap[kept++] = n;
        }
        _count = kept;
        for (int i = (kept - 2) >> 2; i >= 0; i--) SiftDown(heap, i, kept);

        _cancelled = 0;
    }

    /// <summary>The time of the earliest pending event, or +∞ when there is none.</summary>
    public double PeekTime()
    {
        if (_cancelled > 0) DropCancelledAtFront();
        if (_count == 0 && _ringCount == 0 && _farCount > 0) PullFar();
        double t = double.PositiveInfinity;
        if (_count > 0) t = _heap[0].Time;
        if (_ringCount > 0 && _ring[_ringHead].Time < t) t = _ring[_ringHead].Time;
        return t;
    }

    /// <summary>Removes the earliest pending event.</summary>
    /// <returns>False when the calendar is empty.</returns>
    internal bool TryDequeue(out double time, out long order, out IEventTarget target, out int kind, out long data)
        => TryDequeueBefore(double.PositiveInfinity, out time, out order, out target, out kind, out data)
           || TryDequeueAtInfinity(out time, out order, out target, out kind, out data);

    // Times are finite, so nothing is ever at +∞: this only fills the out parameters.
    private static bool TryDequeueAtInfinity(out double time, out long order, out IEventTarget target, out int kind, out long data)
    {
        time = 0; order = 0; target = null!; kind = 0; data = 0;
        return false;
    }

    /// <summary>
    /// Removes the earliest pending event if its time is before <paramref name="until"/>; the hot path of
    /// <see cref="Simulation.Run"/> (one look at the fronts instead of a peek and a dequeue).
    /// </summary>
    /// <returns>False when the calendar is empty or the earliest event is at or after <paramref name="until"/>.</returns>
    internal bool TryDequeueBefore(double until, out double time, out long order, out IEventTarget target, out int kind, out long data)
    {
    // A cancelled event is dropped when it is dequeued, by the test of its slot that follows: one
    // load of a slot read anyway, where a sweep of the fronts before every removal cost a call and
    // three tests per event (models with pending timeouts nearly always have a cancelled event).
    Next:
        Node top;
        int count = _count;
        if (_ringCount == 0)
        {
            // The common case (no urgent events pending): the heap's root, or a pull from the far lane.
            if (count == 0)
            {
                if (_farCount == 0) goto None;
                PullFar();
                count = _count;
                if (count == 0) goto None;
            }
            Node[] heap = _heap;
            top = heap[0];
            if (top.Time >= until) goto None;
            _count = --count;
            if (count > 0) SiftDownFromRoot(heap, count);
        }
        else if (count == 0 || Less(_ring[_ringHead], _heap[0]))
        {
            top = _ring[_ringHead];
            if (top.Time >= until) goto None;
            _ringHead = (_ringHead + 1) & (_ring.Length - 1);
            _ringCount--;
        }
        else
        {
            top = _heap[0];
            if (top.Time >= until) goto None;
            RemoveTop();
        }

        ref Slot s = ref _slots[top.Slot];
        if (s.Cancelled)
        {
            s.Target = null;
            s.Cancelled = false;
            s.Generation++;
            _free[_freeCount++] = top.Slot;
            _cancelled--;
            goto Next;
        }
        time = top.Time;
        order = top.Order;
        target = s.Target!;
        kind = s.Kind;
        data = s.Data;
        s.Target = null;
        s.Generation++;
        _free[_freeCount++] = top.Slot;
        return true;

    None:
        time = 0; order = 0; target = null!; kind = 0; data = 0;
        return false;
    }

    /// <summary>Extracts the priority from an order key returned by <see cref="TryDequeue"/>.</summary>
    public static int PriorityOf(long order) => (int)(order >> PriorityShift) + EventPriority.Min;

    /// <summary>Extracts the insertion sequence from an order key returned by <see cref="TryDequeue"/>.</summary>
    public static long SequenceOf(long order) => order & MaxSequence;

    /// <summary>Removes every pending event.</summary>
    internal void Clear()
    {
        while (_count > 0) ReleaseSlot(_heap[--_count].Slot);
        while (_ringCount > 0)
        {
            ReleaseSlot(_ring[_ringHead].Slot);
            _ringHead = (_ringHead + 1) & (_ring.Length - 1);
            _ringCount--;
        }
        while (_farCount > 0) ReleaseSlot(_far[--_farCount].Slot);
        _farFrom = double.PositiveInfinity;
        _farOnAbove = FarOnAbove;
        _cancelled = 0;
    }

    /// <summary>
    /// The heap has grown large: from now on events after everything pending wait in the far lane.
    /// (T just above the latest pending time keeps every heap and ring event earlier than every far one.)
    /// </summary>
    private void StartFarLane()
    {
        double max = _ringCount > 0 ? RingTail().Time : double.NegativeInfinity;
        for (int i = 0; i < _count; i++) if (_heap[i].Time > max) max = _heap[i].Time;
        _farFrom = Math.BitIncrement(max);
        _farOnAbove = int.MaxValue;
    }

    /// <summary>
    /// With the heap and the ring empty: drops the cancelled far events, moves T to the earliest far
    /// time plus the window, and moves the far events before T into the heap (at least the earliest).
    /// The window adapts so that a move takes roughly 1/32 to 1/4 of the far events: far fewer and the
    /// scans are wasted, far more and the heap grows large.
    /// </summary>
    private void PullFar()
    {
        Node[] far = _far;
        int kept = 0;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int i = 0; i < _farCount; i++)
        {
            Node n = far[i];
            if (_slots[n.Slot].Cancelled)
            {
                ReleaseSlot(n.Slot);
                _cancelled--;
                continue;
            }
            if (n.Time < min) min = n.Time;
            if (n.Time > max) max = n.Time;
            far[kept++] = n;
        }
        _farCount = kept;
        if (kept == 0) return;
        if (kept < FarOffBelow)
        {
            // Few far events: the lane does not pay for its scans. Everything goes to the heap.
            for (int i = 0; i < kept; i++)
            {
                if (_count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
                SiftUp(_count++, far[i]);
            }
            _farCount = 0;
            _farFrom = double.PositiveInfinity;
            _farOnAbove = FarOnAbove;
            return;
        }
        if (_farWindow == 0) _farWindow = (max - min) / 8;
        double from = min + _farWindow;
        if (!(from > min)) from = Math.BitIncrement(min);
        _farFrom = from;
        kept = 0;
        for (int i = 0; i < _farCount; i++)
        {
            Node n = far[i];
            if (n.Time < from)
            {
                if (_count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
                SiftUp(_count++, n);
            }
            else far[kept++] = n;
        }
        int moved = _farCount - kept;
        _farCount = kept;
        if (moved * 32 < moved + kept) _farWindow *= 2;
        else if (moved * 4 > moved + kept && moved > 16) _farWindow *= 0.5;
    }

    private ref Node RingTail() => ref _ring[(_ringHead + _ringCount - 1) & (_ring.Length - 1)];

    private void GrowRing()
    {
        var bigger = new Node[_ring.Length * 2];
        for (int i = 0; i < _ringCount; i++) bigger[i] = _ring[(_ringHead + i) & (_ring.Length - 1)];
        _ring = bigger;
        _ringHead = 0;
    }

    private void DropCancelledAtFront()
    {
        while (_cancelled > 0)
        {
            if (_count > 0 && _slots[_heap[0].Slot].Cancelled)
            {
                int slot = _heap[0].Slot;
                RemoveTop();
                ReleaseSlot(slot);
                _cancelled--;
            }
            else if (_ringCount > 0 && _slots[_ring[_ringHead].Slot].Cancelled)
            {
                ReleaseSlot(_ring[_ringHead].Slot);
                _ringHead = (_ringHead + 1) & (_ring.Length - 1);
                _ringCount--;
                _cancelled--;
            }
            else break;
        }
    }

    private int NewSlot()
    {
        if (_slotHighWater == _slots.Length)
        {
            Array.Resize(ref _slots, _slots.Length * 2);
            Array.Resize(ref _free, _free.Length * 2);
        }
        return _slotHighWater++;
    }

    private void ReleaseSlot(int slot)
    {
        ref Slot s = ref _slots[slot];
        s.Target = null;
        s.Cancelled = false;
        s.Generation++;
        _free[_freeCount++] = slot;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Less(in Node a, in Node b) => a.Time < b.Time || (a.Time == b.Time && a.Order < b.Order);

    /// <summary>As <see cref="Less"/>, as 1 or 0 computed without a branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LessBit(ref Node a, ref Node b)
        => (a.Time < b.Time ? 1 : 0) | ((a.Time == b.Time ? 1 : 0) & (a.Order < b.Order ? 1 : 0));

    private void SiftUp(int hole, Node node) => SiftUp(_heap, hole, node);

    // The sifts index through a ref to the array's first node: every index is below the heap's count,
    // itself at most the array's length, so the bounds checks the JIT cannot remove are redundant.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SiftUp(Node[] heap, int hole, Node node)
    {
        ref Node h = ref MemoryMarshal.GetArrayDataReference(heap);
        while (hole > 0)
        {
            int parent = (hole - 1) >> 2;
            ref Node p = ref Unsafe.Add(ref h, parent);
            if (!Less(node, p)) break;
            Unsafe.Add(ref h, hole) = p;
            hole = parent;
        }
        Unsafe.Add(ref h, hole) = node;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Node[] GrowHeap()
    {
        Array.Resize(ref _heap, _heap.Length * 2);
        return _heap;
    }

    private void RemoveTop()
    {
        int last = --_count;
        if (last > 0) SiftDownFromRoot(_heap, last);
    }

    /// <summary>Moves the node at <paramref name="hole"/> down to its place among the first <paramref name="count"/> nodes (heap construction).</summary>
    private static void SiftDown(Node[] heap, int hole, int count)
    {
        Node node = heap[hole];
        while (true)
        {
            int first = (hole << 2) + 1;
            if (first >= count) break;
            int best = first;
            int end = Math.Min(first + 4, count);
            for (int c = first + 1; c < end; c++)
            {
                if (Less(heap[c], heap[best])) best = c;
            }
            if (!Less(heap[best], node)) break;
            heap[hole] = heap[best];
            hole = best;
        }
        heap[hole] = node;
    }

    /// <summary>Fills the root's hole with the node at <paramref name="last"/> (the heap now holds <paramref name="last"/> nodes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SiftDownFromRoot(Node[] heap, int last)
    {
        ref Node h = ref MemoryMarshal.GetArrayDataReference(heap);
        Node node = Unsafe.Add(ref h, last);
        int hole = 0;
        while (true)
        {
            int first = (hole << 2) + 1;
            int best;
            if (first + 3 < last && last > BranchFreeAbove)
            {
                // A full family in a large heap: the least of four children by a tournament whose comparisons feed
                // arithmetic, not branches (their outcomes are random; mispredicting them was most of a removal's cost).
                int m01 = first + LessBit(ref Unsafe.Add(ref h, first + 1), ref Unsafe.Add(ref h, first));
                int m23 = first + 2 + LessBit(ref Unsafe.Add(ref h, first + 3), ref Unsafe.Add(ref h, first + 2));
                best = m01 + ((m23 - m01) & -LessBit(ref Unsafe.Add(ref h, m23), ref Unsafe.Add(ref h, m01)));
            }
            else
            {
                if (first >= last) break;
                best = first;
                int end = Math.Min(first + 4, last);
                for (int c = first + 1; c < end; c++)
                {
                    if (Less(Unsafe.Add(ref h, c), Unsafe.Add(ref h, best))) best = c;
                }
            }
            ref Node b = ref Unsafe.Add(ref h, best);
            if (!Less(b, node)) break;
            Unsafe.Add(ref h, hole) = b;
            hole = best;
        }
        Unsafe.Add(ref h, hole) = node;
    }
}
