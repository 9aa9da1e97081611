namespace Sim.Kernel;

/// <summary>An event that succeeds a fixed number of seconds after it was created. Create with <see cref="Simulation.Delay(double)"/>.</summary>
public sealed class Delay : SimEvent
{
    internal Delay(Simulation simulation, double seconds) : base(simulation)
    {
        if (!(seconds >= 0) || double.IsPositiveInfinity(seconds))
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "Delay must be finite and ≥ 0 seconds.");
        MarkTriggered(null, null);
        simulation.ScheduleChecked(seconds, this, 0);
    }
}
