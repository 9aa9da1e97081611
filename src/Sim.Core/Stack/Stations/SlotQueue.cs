namespace Sim.Stack.Stations;

/// <summary>
/// A station's slots (connections, workers, concurrency) and its FIFO of waiting requests: the one
/// "take a slot or wait; on release hand the slot to the first waiter still alive" loop that every
/// station with a limited number of servers uses. Requests are held as their tags (slot +
/// generation, see <see cref="StackModel.TagOf"/>), so a waiter that ended while waiting (a timeout
/// killed it) is skipped when its turn comes.
/// </summary>
/// <remarks>
/// A mutable struct: keep it in a field or an array element and call it in place, never copy it.
/// Allocation-free once its ring has grown to the longest queue seen (it doubles when full). Not thread safe.
/// </remarks>
internal struct SlotQueue
{
    private long[] _ring;
    private int _head;
    private int _count;

    /// <summary>A queue with <paramref name="capacity"/> slots, all free, and no one waiting.</summary>
    /// <param name="capacity">Number of slots, ≥ 0.</param>
    public SlotQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _ring = new long[16];
    }

    /// <summary>Number of slots.</summary>
    public int Capacity { get; }

    /// <summary>Slots taken (a slot handed from one request to the next stays taken).</summary>
    public int InUse { get; private set; }

    /// <summary>Requests waiting for a slot, in arrival order (entries of requests that ended while waiting included until their turn).</summary>
    public readonly int Waiting => _count;

    /// <summary>Takes a free slot; false when all are taken (the caller queues the request, refuses it, or fails it).</summary>
    public bool TryAcquire()
    {
        if (InUse >= Capacity) return false;
        InUse++;
        return true;
    }

    /// <summary>Puts a request at the end of the waiting line.</summary>
    /// <param name="tag">The request's tag (<see cref="StackModel.TagOf"/>).</param>
    public void Enqueue(long tag)
    {
        if (_count == _ring.Length)
        {
            var bigger = new long[_ring.Length * 2];
            for (int i = 0; i < _count; i++) bigger[i] = _ring[(_head + i) & (_ring.Length - 1)];
            _ring = bigger;
            _head = 0;
        }
        _ring[(_head + _count++) & (_ring.Length - 1)] = tag;
    }

    /// <summary>Takes a request out of the waiting line wherever it is (a client that abandons); the others keep their order.</summary>
    /// <param name="tag">The request's tag (<see cref="StackModel.TagOf"/>).</param>
    /// <returns>True when it was waiting (and is removed), false when it was not in the line.</returns>
    public bool Remove(long tag)
    {
        int mask = _ring.Length - 1;
        for (int i = 0; i < _count; i++)
        {
            if (_ring[(_head + i) & mask] != tag) continue;
            for (int j = i; j < _count - 1; j++) _ring[(_head + j) & mask] = _ring[(_head + j + 1) & mask];
            _count--;
            return true;
        }
        return false;
    }

    /// <summary>
    /// Frees a slot and hands it to the first waiter still alive, if any: then the slot stays taken and
    /// <paramref name="slot"/> is that request's slot, which the caller starts serving. Dead waiters are dropped.
    /// </summary>
    /// <param name="model">The model whose request table tells live waiters from dead ones.</param>
    /// <param name="slot">The request that now holds the slot; −1 when none waited.</param>
    /// <returns>True when the slot was handed to a waiter, false when it became free.</returns>
    public bool Release(StackModel model, out int slot)
    {
        while (_count > 0)
        {
            long tag = _ring[_head];
            _head = (_head + 1) & (_ring.Length - 1);
            _count--;
            slot = model.Live(tag);
            if (slot >= 0) return true;
        }
        InUse--;
        slot = -1;
        return false;
    }

    /// <summary>
    /// Frees a slot and hands it to the first waiter, if any, for lines whose entries cannot die while waiting (a
    /// station's own jobs rather than requests): then the slot stays taken and <paramref name="entry"/> is what was queued.
    /// </summary>
    /// <param name="entry">The entry that now holds the slot; 0 when none waited.</param>
    /// <returns>True when the slot was handed to a waiter, false when it became free.</returns>
    public bool Release(out long entry)
    {
        if (_count > 0)
        {
            entry = _ring[_head];
            _head = (_head + 1) & (_ring.Length - 1);
            _count--;
            return true;
        }
        InUse--;
        entry = 0;
        return false;
    }
}
