namespace Sim.Kernel;

/// <summary>A pending get from a <see cref="Store{T}"/>; succeeds with the item.</summary>
/// <typeparam name="T">Item type.</typeparam>
public sealed class StoreGet<T> : SimEvent
{
    private T? _item;

    internal StoreGet(Simulation simulation) : base(simulation)
    {
    }

    /// <summary>The item taken; valid once the event succeeded.</summary>
    /// <exception cref="InvalidOperationException">Not yet delivered.</exception>
    public T Item => IsTriggered ? _item! : throw new InvalidOperationException("The get has not been served yet.");

    internal void Deliver(T item)
    {
        _item = item;
        Succeed(item);
    }
}
