namespace Sim.Kernel;

/// <summary>A pending put into a <see cref="Store{T}"/>; succeeds when the item is stored.</summary>
/// <typeparam name="T">Item type.</typeparam>
public sealed class StorePut<T> : SimEvent
{
    internal StorePut(Simulation simulation, T item) : base(simulation) => Item = item;

    /// <summary>The item being put.</summary>
    public T Item { get; }
}
