namespace Sim.Calibration;

/// <summary>A scenario parameter the log cannot identify, with the value the calibrated scenario takes and why.</summary>
/// <param name="Parameter">The scenario path, e.g. <c>workers.count</c>.</param>
/// <param name="DefaultUsed">The value written (or left to the scenario default), with its unit.</param>
/// <param name="Reason">Why the log does not tell it.</param>
public sealed record UnidentifiedParameter(string Parameter, string DefaultUsed, string Reason);
