namespace Sim.Kernel;

/// <summary>
/// A get from a <see cref="Store{T}"/>: an event that succeeds with the oldest item once one is
/// available and this get is first in line. Dispose it to give up waiting — it then leaves the line
/// and will never take an item, so a later put goes to the next getter or stays in the store:
/// <code>
/// using (StoreGet&lt;Job&gt; get = queue.Get())
/// {
///     yield return sim.AnyOf(get, sim.Delay(1));   // wait at most 1 s
///     if (get.IsTriggered) Handle(get.Item);       // served (possibly at the same instant as the timeout)
/// }                                                // not served: Dispose withdrew it
/// </code>
/// </summary>
/// <typeparam name="T">Item type.</typeparam>
/// <remarks>Not thread safe; belongs to the store's simulation.</remarks>
public sealed class StoreGet<T> : SimEvent, IDisposable, IWaitListNode<StoreGet<T>>
{
    private T? _item;

    internal StoreGet(Store<T> store) : base(store.Simulation)
    {
        Store = store;
        RequestTime = store.Simulation.Now;
    }

    /// <summary>The store asked.</summary>
    public Store<T> Store { get; }

    /// <summary>When the get was made, simulated seconds.</summary>
    public double RequestTime { get; }

    /// <summary>The item taken; valid once the event succeeded (<see cref="SimEvent.IsTriggered"/>).</summary>
    /// <exception cref="InvalidOperationException">Not served yet, or withdrawn before it was served.</exception>
    public T Item => IsTriggered ? _item!
        : throw new InvalidOperationException(IsWithdrawn ? "The get was withdrawn before it was served: it holds no item." : "The get has not been served yet.");

    /// <summary>True once the get was disposed before it was served: it has left the line and will never take an item (a process that yields it afterwards waits forever).</summary>
    public bool IsWithdrawn { get; private set; }

    /// <summary>True while the get waits in the store's line (neither served nor withdrawn).</summary>
    internal bool IsWaiting => !IsTriggered && !IsWithdrawn;

    /// <summary>
    /// Withdraws the get if it is still waiting; afterwards no item can reach it. Does nothing once it
    /// was served — the item is the caller's (<see cref="Item"/>) — or when already withdrawn. Idempotent.
    /// </summary>
    public void Dispose()
    {
        if (!IsWaiting) return;
        IsWithdrawn = true;
        Store.Withdraw(this);
    }

    internal void Deliver(T item)
    {
        _item = item;
        Succeed(item);
    }

    StoreGet<T>? IWaitListNode<StoreGet<T>>.Previous { get; set; }

    StoreGet<T>? IWaitListNode<StoreGet<T>>.Next { get; set; }
}
