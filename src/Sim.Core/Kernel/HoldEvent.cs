namespace Sim.Kernel;

/// <summary>
/// The one reusable marker that <see cref="Simulation.Hold"/> returns: it carries a duration from
/// the <c>Hold</c> call to the process that yields it, and is never itself scheduled or waited on.
/// Armed by <c>Hold</c>, disarmed when a process takes it; a second <c>Hold</c> while armed, or
/// yielding it unarmed, is a programming error and fails loudly.
/// </summary>
internal sealed class HoldEvent : SimEvent
{
    private double _seconds = double.NaN; // NaN = not armed

    internal HoldEvent(Simulation simulation) : base(simulation)
    {
    }

    internal void Arm(double seconds)
    {
        if (!double.IsNaN(_seconds))
            throw new InvalidOperationException("A Hold was created and not yielded: yield sim.Hold(…) directly from a process body, once.");
        _seconds = seconds;
    }

    internal const string UsedMessage = "This Hold was already used: yield sim.Hold(…) directly, and create a new one for every wait.";

    /// <summary>The armed duration, seconds, and disarms; false when not armed (a Hold kept and yielded again).</summary>
    internal bool TryTake(out double seconds)
    {
        seconds = _seconds;
        if (double.IsNaN(seconds)) return false;
        _seconds = double.NaN;
        return true;
    }
}
