namespace Sim.Kernel;

/// <summary>A process threw, yielded something invalid, or waited on an event that failed. Stops the run.</summary>
public sealed class ProcessFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="processName">The failing process.</param>
    /// <param name="time">Simulated time of the failure, seconds.</param>
    /// <param name="inner">The underlying error.</param>
    public ProcessFailedException(string processName, double time, Exception inner)
        : base($"Process '{processName}' failed at t = {time:R} s: {inner.Message}", inner)
    {
        ProcessName = processName;
        Time = time;
    }

    /// <summary>Name of the failing process.</summary>
    public string ProcessName { get; }

    /// <summary>Simulated time of the failure, seconds.</summary>
    public double Time { get; }
}
