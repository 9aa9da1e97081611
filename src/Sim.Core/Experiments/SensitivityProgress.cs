namespace Sim.Experiments;

/// <summary>
/// One progress report of a <see cref="SensitivityStudy"/>: a configuration (the base, or one parameter at its low or high
/// value) or a capacity search finished. Reported synchronously on the study's thread, in order.
/// </summary>
/// <param name="Completed">Runs finished so far, ≥ 1.</param>
/// <param name="Total">Runs in the study, ≥ <paramref name="Completed"/> (configurations, plus capacity searches when asked for).</param>
/// <param name="Parameter">The parameter's path; empty for the base.</param>
/// <param name="Side"><c>base</c>, <c>low</c> or <c>high</c>.</param>
/// <param name="Capacity">True for a capacity search, false for a configuration's replications.</param>
/// <param name="P95ChangeMs">For a low or high configuration: its paired change of the p95 latency from the base, ms; otherwise NaN.</param>
public sealed record SensitivityProgress(int Completed, int Total, string Parameter, string Side, bool Capacity, double P95ChangeMs);
