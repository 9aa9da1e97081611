namespace Sim.Kernel;

/// <summary>
/// A FIFO store of items for the process API (a queue between processes): <see cref="Put"/> waits
/// while the store is full, <see cref="Get"/> waits while it is empty; waiters are served in the
/// order they arrived.
/// </summary>
/// <typeparam name="T">Item type.</typeparam>
public sealed class Store<T>
{
    private readonly Queue<T> _items = new();
    private readonly Queue<StorePut<T>> _puts = new();
    private readonly Queue<StoreGet<T>> _gets = new();

    /// <summary>Creates a store.</summary>
    /// <param name="simulation">The owning simulation.</param>
    /// <param name="capacity">Maximum items held; ≥ 1; default unbounded.</param>
    public Store(Simulation simulation, int capacity = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Simulation = simulation;
        Capacity = capacity;
    }

    /// <summary>The owning simulation.</summary>
    public Simulation Simulation { get; }

    /// <summary>Maximum items held.</summary>
    public int Capacity { get; }

    /// <summary>Items held now.</summary>
    public int Count => _items.Count;

    /// <summary>Puts an item; the event succeeds when the item is in the store.</summary>
    public StorePut<T> Put(T item)
    {
        var put = new StorePut<T>(Simulation, item);
        _puts.Enqueue(put);
        Balance();
        return put;
    }

    /// <summary>Takes the oldest item; the event succeeds with it (see <see cref="StoreGet{T}.Item"/>).</summary>
    public StoreGet<T> Get()
    {
        var get = new StoreGet<T>(Simulation);
        _gets.Enqueue(get);
        Balance();
        return get;
    }

    private void Balance()
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            if (_puts.Count > 0 && _items.Count < Capacity)
            {
                StorePut<T> put = _puts.Dequeue();
                _items.Enqueue(put.Item);
                put.Succeed();
                changed = true;
            }
            if (_gets.Count > 0 && _items.Count > 0)
            {
                StoreGet<T> get = _gets.Dequeue();
                get.Deliver(_items.Dequeue());
                changed = true;
            }
        }
    }
}
