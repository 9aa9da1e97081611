namespace Sim.Kernel;

/// <summary>
/// A FIFO store of items for the process API (a queue between processes): <see cref="Put"/> waits
/// while the store is full, <see cref="Get"/> waits while it is empty; waiters are served in the
/// order they arrived. A waiting get or put that is disposed leaves the line at once and is never
/// served, so a getter that gave up (the usual <c>AnyOf(get, sim.Delay(t))</c>) takes no item, and a
/// producer that gave up adds none: every item stored is taken by a getter still waiting, or stays.
/// </summary>
/// <typeparam name="T">Item type.</typeparam>
/// <remarks>Memory: the items held plus the gets and puts waiting (withdrawn ones are dropped at once). Not thread safe.</remarks>
public sealed class Store<T>
{
    private readonly Queue<T> _items = new();
    private readonly WaitList<StorePut<T>> _puts = new();
    private readonly WaitList<StoreGet<T>> _gets = new();

    /// <summary>Creates a store.</summary>
    /// <param name="simulation">The owning simulation.</param>
    /// <param name="capacity">Maximum items held; ≥ 1; default unbounded (<see cref="int.MaxValue"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is 0 or negative.</exception>
    public Store(Simulation simulation, int capacity = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Simulation = simulation;
        Capacity = capacity;
    }

    /// <summary>The owning simulation.</summary>
    public Simulation Simulation { get; }

    /// <summary>Maximum items held, ≥ 1.</summary>
    public int Capacity { get; }

    /// <summary>Items held now, in [0, <see cref="Capacity"/>].</summary>
    public int Count => _items.Count;

    /// <summary>Gets waiting for an item now (withdrawn ones excluded), ≥ 0; nonzero only while the store is empty.</summary>
    public int WaitingGets => _gets.Count;

    /// <summary>Puts waiting for room now (withdrawn ones excluded), ≥ 0; nonzero only while the store is full.</summary>
    public int WaitingPuts => _puts.Count;

    /// <summary>Puts an item; the event succeeds when the item is in the store. Dispose the put to stop waiting for room.</summary>
    /// <param name="item">The item; any value, null included.</param>
    /// <returns>The put, already succeeded when there was room.</returns>
    public StorePut<T> Put(T item)
    {
        var put = new StorePut<T>(this, item);
        _puts.Append(put);
        Balance();
        return put;
    }

    /// <summary>Takes the oldest item; the event succeeds with it (see <see cref="StoreGet{T}.Item"/>). Dispose the get to stop waiting.</summary>
    /// <returns>The get, already succeeded when an item was there and nobody waited before it.</returns>
    public StoreGet<T> Get()
    {
        var get = new StoreGet<T>(this);
        _gets.Append(get);
        Balance();
        return get;
    }

    /// <summary>A waiting get gave up: it leaves the line (nothing else changes — the items are untouched).</summary>
    internal void Withdraw(StoreGet<T> get) => _gets.Remove(get);

    /// <summary>A waiting put gave up: it leaves the line and its item never enters.</summary>
    internal void Withdraw(StorePut<T> put) => _puts.Remove(put);

    private void Balance()
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            if (_puts.First is { } put && _items.Count < Capacity)
            {
                _puts.Remove(put);
                _items.Enqueue(put.Item);
                put.Succeed();
                changed = true;
            }
            if (_gets.First is { } get && _items.Count > 0)
            {
                _gets.Remove(get);
                get.Deliver(_items.Dequeue());
                changed = true;
            }
        }
    }
}
