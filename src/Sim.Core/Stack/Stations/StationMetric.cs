namespace Sim.Stack.Stations;

/// <summary>One metric a station of the stack model reports (<see cref="StackModel.StationMetrics"/>).</summary>
/// <param name="Station">The station's stable name, e.g. <c>"cache"</c>.</param>
/// <param name="Name">The metric's stable name with its unit, e.g. <c>"hits_count"</c> or <c>"wait_mean_s"</c>.</param>
/// <param name="Value">Its value over the observation window so far (NaN when it has none).</param>
public readonly record struct StationMetric(string Station, string Name, double Value);
