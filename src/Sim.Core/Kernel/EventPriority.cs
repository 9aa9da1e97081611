namespace Sim.Kernel;

/// <summary>
/// Priorities for events scheduled at the same time: lower runs first; equal priorities run in
/// the order they were scheduled (FIFO), at any calendar size. Allowed range
/// [<see cref="Min"/>, <see cref="Max"/>].
/// </summary>
public static class EventPriority
{
    /// <summary>The most urgent priority. The kernel uses it for triggered events and process starts, so that a process resumes before ordinary events scheduled for the same instant.</summary>
    public const int Urgent = short.MinValue;

    /// <summary>The default priority (0).</summary>
    public const int Normal = 0;

    /// <summary>The smallest allowed priority (equal to <see cref="Urgent"/>).</summary>
    public const int Min = short.MinValue;

    /// <summary>The largest allowed priority.</summary>
    public const int Max = short.MaxValue;
}
