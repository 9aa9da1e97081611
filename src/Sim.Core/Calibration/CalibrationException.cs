namespace Sim.Calibration;

/// <summary>
/// The input cannot be calibrated from: an empty log, a log whose lines are mostly not of the format, unreadable CPU samples.
/// The message names the line and field (or the file and column) and what is allowed.
/// </summary>
public sealed class CalibrationException : Exception
{
    /// <summary>An exception with <paramref name="message"/>.</summary>
    /// <param name="message">What is wrong, naming the line, field, value and what is allowed.</param>
    public CalibrationException(string message) : base(message) { }
}
