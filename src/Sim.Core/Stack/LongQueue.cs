namespace Sim.Stack;

/// <summary>A growable FIFO ring of 64-bit values (request slot + generation, worker ids); no allocation once grown.</summary>
internal sealed class LongQueue
{
    private long[] _items = new long[16];
    private int _head;

    public int Count { get; private set; }

    public void Enqueue(long value)
    {
        if (Count == _items.Length)
        {
            var bigger = new long[_items.Length * 2];
            for (int i = 0; i < Count; i++) bigger[i] = _items[(_head + i) & (_items.Length - 1)];
            _items = bigger;
            _head = 0;
        }
        _items[(_head + Count++) & (_items.Length - 1)] = value;
    }

    public long Dequeue()
    {
        if (Count == 0) throw new InvalidOperationException("The queue is empty.");
        long value = _items[_head];
        _head = (_head + 1) & (_items.Length - 1);
        Count--;
        return value;
    }
}
