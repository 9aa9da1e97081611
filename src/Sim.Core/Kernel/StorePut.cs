namespace Sim.Kernel;

/// <summary>
/// A put into a <see cref="Store{T}"/>: an event that succeeds when the item is in the store (at
/// once unless the store is full). Dispose it to give up waiting — the item then never enters the
/// store, so a producer that timed out can retry or drop it without the store receiving it later:
/// <code>
/// using (StorePut&lt;Job&gt; put = queue.Put(job))
/// {
///     yield return sim.AnyOf(put, sim.Delay(1));   // wait at most 1 s for room
///     if (!put.IsTriggered) dropped++;             // not stored: Dispose withdraws it
/// }
/// </code>
/// </summary>
/// <typeparam name="T">Item type.</typeparam>
/// <remarks>Not thread safe; belongs to the store's simulation.</remarks>
public sealed class StorePut<T> : SimEvent, IDisposable, IWaitListNode<StorePut<T>>
{
    internal StorePut(Store<T> store, T item) : base(store.Simulation)
    {
        Store = store;
        Item = item;
        RequestTime = store.Simulation.Now;
    }

    /// <summary>The store put into.</summary>
    public Store<T> Store { get; }

    /// <summary>The item being put.</summary>
    public T Item { get; }

    /// <summary>When the put was made, simulated seconds.</summary>
    public double RequestTime { get; }

    /// <summary>True once the put was disposed before the item was stored: the item never enters the store.</summary>
    public bool IsWithdrawn { get; private set; }

    /// <summary>True while the put waits for room (neither stored nor withdrawn).</summary>
    internal bool IsWaiting => !IsTriggered && !IsWithdrawn;

    /// <summary>
    /// Withdraws the put if it is still waiting for room; afterwards its item cannot enter the store.
    /// Does nothing once the item was stored (it stays there for getters) or when already withdrawn. Idempotent.
    /// </summary>
    public void Dispose()
    {
        if (!IsWaiting) return;
        IsWithdrawn = true;
        Store.Withdraw(this);
    }

    StorePut<T>? IWaitListNode<StorePut<T>>.Previous { get; set; }

    StorePut<T>? IWaitListNode<StorePut<T>>.Next { get; set; }
}
