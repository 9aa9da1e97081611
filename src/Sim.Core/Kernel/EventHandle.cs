namespace Sim.Kernel;

/// <summary>
/// Identifies one scheduled event so that it can be cancelled. A handle stays valid (and harmless)
/// after its event ran or was cancelled: <see cref="Simulation.Cancel(EventHandle)"/> then returns false.
/// </summary>
/// <param name="Slot">Internal slot index in the calendar.</param>
/// <param name="Generation">Internal generation of that slot, so a reused slot is not cancelled by a stale handle.</param>
public readonly record struct EventHandle(int Slot, int Generation)
{
    /// <summary>A handle that refers to no event.</summary>
    public static EventHandle None => new(-1, 0);

    /// <summary>Whether this handle refers to an event (it may have run or been cancelled since).</summary>
    public bool IsNone => Slot < 0;
}
