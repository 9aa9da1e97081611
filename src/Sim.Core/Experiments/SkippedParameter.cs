namespace Sim.Experiments;

/// <summary>A numeric field of the scenario a <see cref="SensitivityStudy"/> leaves alone, and why. Immutable.</summary>
/// <param name="Path">The dotted path, as for <c>--set</c>.</param>
/// <param name="Reason">Why it is not varied, e.g. "run control, not a property of the system" or "0: ±20 % of 0 is 0".</param>
public sealed record SkippedParameter(string Path, string Reason);
