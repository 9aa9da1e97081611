namespace Sim.Calibration;

/// <summary>A line of the log that was skipped.</summary>
/// <param name="LineNumber">1-based line number.</param>
/// <param name="Problem">What is wrong: the field, its value and what is allowed.</param>
public sealed record MalformedLine(long LineNumber, string Problem);
