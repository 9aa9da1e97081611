using System.Runtime.CompilerServices;

namespace Sim.Kernel;

/// <summary>
/// The future event list: a 4-ary min-heap keyed by (time, priority, insertion sequence). The key is
/// a strict total order, so events with equal time and priority come out in insertion order (FIFO)
/// however large the calendar grows, and the order never depends on heap layout.
/// </summary>
/// <remarks>
/// <para>Event payloads live in slots recycled through a free list; the heap holds 24-byte nodes.
/// Scheduling and running an event allocate nothing once the arrays have grown to the peak number
/// of pending events. Cancellation is O(1) and lazy: the node stays in the heap, marked, and is
/// dropped when it reaches the top.</para>
/// <para>Not thread safe; owned by one <see cref="Simulation"/>.</para>
/// </remarks>
public sealed class EventCalendar
{
    private const int PriorityShift = 47;
    private const long MaxSequence = (1L << PriorityShift) - 1;

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
    private Slot[] _slots;
    private int[] _free;
    private int _freeCount;
    private int _slotHighWater;
    private int _cancelledInHeap;
    private long _nextSequence;

    /// <summary>Creates an empty calendar.</summary>
    /// <param name="initialCapacity">Pending events held before the arrays first grow; ≥ 1, default 256.</param>
    public EventCalendar(int initialCapacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialCapacity);
        _heap = new Node[initialCapacity];
        _slots = new Slot[initialCapacity];
        _free = new int[initialCapacity];
    }

    /// <summary>Number of pending (scheduled, not cancelled, not yet run) events.</summary>
    public int Count => _count - _cancelledInHeap;

    /// <summary>Number of events ever scheduled; the next event gets this sequence number.</summary>
    public long ScheduledCount => _nextSequence;

    /// <summary>Capacity of the heap array (grows by doubling); exposed for tests of growth.</summary>
    public int Capacity => _heap.Length;

    /// <summary>Adds an event.</summary>
    /// <param name="time">Absolute simulated time, seconds; finite.</param>
    /// <param name="priority">In [<see cref="EventPriority.Min"/>, <see cref="EventPriority.Max"/>]; lower runs first among equal times.</param>
    /// <param name="target">Receiver of the event.</param>
    /// <param name="kind">Target-defined kind.</param>
    /// <param name="data">Target-defined payload.</param>
    /// <returns>A handle for <see cref="Cancel"/>.</returns>
    public EventHandle Add(double time, int priority, IEventTarget target, int kind, long data)
    {
        if (!double.IsFinite(time)) throw new ArgumentOutOfRangeException(nameof(time), time, "Event time must be finite.");
        if ((uint)(priority - EventPriority.Min) > (uint)(EventPriority.Max - EventPriority.Min))
            throw new ArgumentOutOfRangeException(nameof(priority), priority, $"Priority must be in [{EventPriority.Min}, {EventPriority.Max}].");
        ArgumentNullException.ThrowIfNull(target);
        if (_nextSequence > MaxSequence) throw new InvalidOperationException($"More than {MaxSequence} events scheduled in one simulation.");

        int slot = AllocateSlot();
        ref Slot s = ref _slots[slot];
        s.Target = target;
        s.Kind = kind;
        s.Data = data;
        s.Cancelled = false;

        if (_count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        long order = ((long)(priority - EventPriority.Min) << PriorityShift) | _nextSequence++;
        SiftUp(_count++, new Node { Time = time, Order = order, Slot = slot });
        return new EventHandle(slot, s.Generation);
    }

    /// <summary>Cancels a pending event. Returns false if it already ran, was cancelled, or the handle is <see cref="EventHandle.None"/>.</summary>
    public bool Cancel(EventHandle handle)
    {
        if (handle.Slot < 0 || handle.Slot >= _slotHighWater) return false;
        ref Slot s = ref _slots[handle.Slot];
        if (s.Generation != handle.Generation || s.Target is null || s.Cancelled) return false;
        s.Cancelled = true;
        _cancelledInHeap++;
        return true;
    }

    /// <summary>The time of the earliest pending event, or +∞ when there is none.</summary>
    public double PeekTime()
    {
        DropCancelledAtTop();
        return _count == 0 ? double.PositiveInfinity : _heap[0].Time;
    }

    /// <summary>Removes the earliest pending event.</summary>
    /// <returns>False when the calendar is empty.</returns>
    public bool TryDequeue(out double time, out long order, out IEventTarget target, out int kind, out long data)
    {
        DropCancelledAtTop();
        if (_count == 0)
        {
            time = 0; order = 0; target = null!; kind = 0; data = 0;
            return false;
        }
        Node top = _heap[0];
        RemoveTop();
        ref Slot s = ref _slots[top.Slot];
        time = top.Time;
        order = top.Order;
        target = s.Target!;
        kind = s.Kind;
        data = s.Data;
        ReleaseSlot(top.Slot);
        return true;
    }

    /// <summary>Extracts the priority from an order key returned by <see cref="TryDequeue"/>.</summary>
    public static int PriorityOf(long order) => (int)(order >> PriorityShift) + EventPriority.Min;

    /// <summary>Extracts the insertion sequence from an order key returned by <see cref="TryDequeue"/>.</summary>
    public static long SequenceOf(long order) => order & MaxSequence;

    /// <summary>Removes every pending event.</summary>
    public void Clear()
    {
        while (_count > 0)
        {
            ReleaseSlot(_heap[--_count].Slot);
        }
        _cancelledInHeap = 0;
    }

    private void DropCancelledAtTop()
    {
        while (_cancelledInHeap > 0 && _count > 0 && _slots[_heap[0].Slot].Cancelled)
        {
            int slot = _heap[0].Slot;
            RemoveTop();
            ReleaseSlot(slot);
            _cancelledInHeap--;
        }
    }

    private int AllocateSlot()
    {
        if (_freeCount > 0) return _free[--_freeCount];
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

    private void SiftUp(int hole, Node node)
    {
        Node[] heap = _heap;
        while (hole > 0)
        {
            int parent = (hole - 1) >> 2;
            if (!Less(node, heap[parent])) break;
            heap[hole] = heap[parent];
            hole = parent;
        }
        heap[hole] = node;
    }

    private void RemoveTop()
    {
        int last = --_count;
        if (last == 0) return;
        Node node = _heap[last];
        Node[] heap = _heap;
        int hole = 0;
        while (true)
        {
            int first = (hole << 2) + 1;
            if (first >= last) break;
            int best = first;
            int end = Math.Min(first + 4, last);
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
}
