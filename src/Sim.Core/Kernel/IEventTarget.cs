namespace Sim.Kernel;

/// <summary>
/// The receiver of a scheduled event: the low-level, allocation-free mechanism the built-in
/// components use. A target interprets <c>kind</c> and <c>data</c> itself (typically a
/// <c>switch</c> on kind), so one object can own many kinds of events without a delegate per event.
/// </summary>
public interface IEventTarget
{
    /// <summary>Handles one event. Called by <see cref="Simulation"/> with <see cref="Simulation.Now"/> set to the event's time.</summary>
    /// <param name="simulation">The simulation running the event.</param>
    /// <param name="kind">The target-defined event kind given when the event was scheduled.</param>
    /// <param name="data">The target-defined payload given when the event was scheduled.</param>
    void Handle(Simulation simulation, int kind, long data);
}
