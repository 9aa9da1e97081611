namespace Sim.Experiments;

/// <summary>What <see cref="Sweep.Run"/> produced: the points that finished, and whether it was cancelled before all did.</summary>
/// <param name="Points">The finished points, in index order.</param>
/// <param name="Cancelled">True when cancellation stopped the sweep with points left to run.</param>
public sealed record SweepOutcome(IReadOnlyList<SweepPoint> Points, bool Cancelled);
