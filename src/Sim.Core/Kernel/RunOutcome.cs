namespace Sim.Kernel;

/// <summary>Why <see cref="Simulation.Run(double, Func{bool}?, CancellationToken)"/> returned.</summary>
public enum RunOutcome
{
    /// <summary>No events were left to run.</summary>
    CalendarEmpty,

    /// <summary>The next event lies at or after the requested end time; the clock was advanced to it.</summary>
    TimeReached,

    /// <summary>The stop condition returned true after an event.</summary>
    ConditionMet,

    /// <summary>The cancellation token was signalled.</summary>
    Cancelled,

    /// <summary><see cref="Simulation.Stop"/> was called by model code.</summary>
    Stopped,
}
