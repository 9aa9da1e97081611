namespace Sim.Scenarios;

/// <summary>
/// One point of a CPU step's demand curve (<see cref="CpuStep.Curve"/>): at this busy fraction of the host's cores the
/// drawn CPU work is multiplied by <see cref="Factor"/>. JSON: <c>{"busy": 0.5, "factor": 0.87}</c>. Immutable; thread safe.
/// </summary>
public sealed record DemandPoint
{
    /// <summary>Busy cores ÷ the host's cores when the step starts, in [0, 1], non-decreasing along the curve. JSON <c>busy</c>; required.</summary>
    public required double Busy { get; init; }

    /// <summary>Multiplier of the drawn CPU work, in (0, 10]. JSON <c>factor</c>; required.</summary>
    public required double Factor { get; init; }

    /// <summary>
    /// The factor at busy fraction <paramref name="busy"/> on <paramref name="curve"/>: piecewise-linear between points,
    /// the first point's factor below it and the last's above it; at a step (two points at one busy) the later point's.
    /// </summary>
    /// <param name="curve">At least one point, busy non-decreasing.</param>
    /// <param name="busy">Busy fraction, in [0, 1].</param>
    /// <returns>The factor, in (0, 10] for a valid curve.</returns>
    public static double FactorAt(IReadOnlyList<DemandPoint> curve, double busy)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentOutOfRangeException.ThrowIfZero(curve.Count);
        if (busy < curve[0].Busy) return curve[0].Factor;
        for (int i = 1; i < curve.Count; i++)
        {
            DemandPoint b = curve[i];
            if (busy >= b.Busy) continue;
            DemandPoint a = curve[i - 1];
            return a.Factor + (b.Factor - a.Factor) * (busy - a.Busy) / (b.Busy - a.Busy);
        }
        return curve[^1].Factor;
    }
}
