namespace Sim.Kernel;

/// <summary>An event failed and nothing was waiting for it, so the failure would otherwise vanish. Stops the run.</summary>
public sealed class EventFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="time">Simulated time, seconds.</param>
    /// <param name="inner">The event's error.</param>
    public EventFailedException(double time, Exception inner)
        : base($"An event failed at t = {time:R} s and nothing waited for it: {inner.Message}", inner)
    {
        Time = time;
    }

    /// <summary>Simulated time of the failure, seconds.</summary>
    public double Time { get; }
}
