namespace Sim.Kernel;

/// <summary>
/// A growable FIFO ring of plain values (arrival times, request slot + generation, worker ids) for
/// the low-level components: doubles in size when full, so nothing is allocated once it has grown
/// to its peak length. Not thread safe.
/// </summary>
/// <typeparam name="T">An unmanaged value type.</typeparam>
internal sealed class RingQueue<T> where T : unmanaged
{
    private T[] _items = new T[16];
    private int _head;

    public int Count { get; private set; }

    public void Enqueue(T value)
    {
        if (Count == _items.Length)
        {
            var bigger = new T[_items.Length * 2];
            for (int i = 0; i < Count; i++) bigger[i] = _items[(_head + i) & (_items.Length - 1)];
            _items = bigger;
            _head = 0;
        }
        _items[(_head + Count++) & (_items.Length - 1)] = value;
    }

    public T Dequeue()
    {
        if (Count == 0) throw new InvalidOperationException("The queue is empty.");
        T value = _items[_head];
        _head = (_head + 1) & (_items.Length - 1);
        Count--;
        return value;
    }
}
