using Sim.Statistics;

namespace Sim.Stack;

/// <summary>
/// Throughput and latency of one configuration as a single parameter grows (servers behind the load
/// balancer, or workers per server), with the Universal Scalability Law fitted to it when it can be.
/// Produced by <see cref="ScalingStudy"/>. Immutable.
/// </summary>
/// <param name="Parameter">What N counts: "servers" or "workers".</param>
/// <param name="Description">One sentence: what was varied and how the load followed it.</param>
/// <param name="Points">One per N, in increasing N.</param>
/// <param name="Fit">The fitted law, or null when it could not be fitted (fewer than 3 points, or the fit failed).</param>
/// <param name="FitNote">Why there is no fit, or the fit's peak statement (<see cref="UslFit.PeakNote"/>).</param>
public sealed record ScalingSeries(string Parameter, string Description, IReadOnlyList<ScalingPoint> Points, UslFit? Fit, string FitNote);
