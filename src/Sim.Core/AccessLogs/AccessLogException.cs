namespace Sim.AccessLogs;

/// <summary>
/// An access log cannot be used as a trace: it cannot be read, is empty, or its lines are mostly not of the format. The
/// message names the file, the line and field where it can, and what is allowed.
/// </summary>
public sealed class AccessLogException : Exception
{
    /// <summary>An exception with <paramref name="message"/>.</summary>
    /// <param name="message">What is wrong, naming the file, line, field and what is allowed.</param>
    public AccessLogException(string message) : base(message) { }
}
