namespace Sim.Kernel;

/// <summary>
/// Optional observer of every event the simulation runs, for debugging and for tests of
/// determinism. Set <see cref="Simulation.Trace"/>; costs one null check per event when unset.
/// </summary>
public interface IEventTrace
{
    /// <summary>Called just before an event is handled.</summary>
    /// <param name="time">Simulated time of the event, seconds.</param>
    /// <param name="priority">The event's priority.</param>
    /// <param name="sequence">The event's insertion sequence number (0-based, unique per simulation).</param>
    /// <param name="target">The receiver.</param>
    /// <param name="kind">The target-defined kind.</param>
    /// <param name="data">The target-defined payload.</param>
    void OnEvent(double time, int priority, long sequence, IEventTarget target, int kind, long data);
}
