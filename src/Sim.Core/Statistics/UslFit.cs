using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Sim.Statistics;

/// <summary>
/// Gunther's Universal Scalability Law fitted to measured throughput: X(N) = λN / (1 + σ(N − 1) + κN(N − 1)),
/// where N is the number of servers (or workers), λ the throughput of one, σ the contention share (serial
/// fraction) and κ the coherency cost (crosstalk). Fitted by nonlinear least squares (MathNet's
/// Levenberg–Marquardt), started from the linear "deviation from linearity" regression; σ and κ are held
/// at 0 when their unconstrained estimate is negative (their interval is then 0). When κ &gt; 0 the
/// curve peaks at N* = √((1 − σ)/κ); <see cref="PeakN"/> is only given when the data support it (see
/// <see cref="PeakNote"/>). Immutable.
/// </summary>
/// <param name="Lambda">λ: throughput at N = 1, in the unit of the input (e.g. requests/s), &gt; 0.</param>
/// <param name="Sigma">σ: contention, dimensionless (0 = none, 1 = fully serial).</param>
/// <param name="Kappa">κ: coherency cost, dimensionless (0 = none).</param>
/// <param name="LambdaCi95">95 % half-width of λ (Student t, points − 3 degrees of freedom); NaN with fewer than 4 points.</param>
/// <param name="SigmaCi95">95 % half-width of σ; NaN with fewer than 4 points.</param>
/// <param name="KappaCi95">95 % half-width of κ; NaN with fewer than 4 points.</param>
/// <param name="RSquared">Coefficient of determination of the fit, ≤ 1.</param>
/// <param name="MaxMeasuredN">The largest N in the data.</param>
/// <param name="PeakN">N* when the data support a peak (κ &gt; 0 with its 95 % interval above 0, at least 4 distinct N,
/// N* ≤ <see cref="MaxExtrapolation"/> × the largest N, and — when N* lies within the data — a measured mean
/// throughput below the maximum after it), else null. N* beyond the largest N is an extrapolation (see <see cref="PeakNote"/>).</param>
/// <param name="PeakNote">Why there is or is not a peak, in one sentence.</param>
public sealed record UslFit(double Lambda, double Sigma, double Kappa, double LambdaCi95, double SigmaCi95, double KappaCi95,
    double RSquared, double MaxMeasuredN, double? PeakN, string PeakNote)
{
    /// <summary>A peak further than this multiple of the largest measured N is not claimed.</summary>
    public const double MaxExtrapolation = 2;

    /// <summary>The fitted throughput at <paramref name="n"/> (≥ 0), in the unit of the input.</summary>
    public double Predict(double n) => Model(Lambda, Sigma, Kappa, n);

    /// <summary>Fits the law to measured points.</summary>
    /// <param name="n">Concurrency of each point (servers, workers), ≥ 1; at least 3 distinct values.</param>
    /// <param name="throughput">Measured throughput at each point, &gt; 0 (any unit; λ comes out in it).</param>
    /// <exception cref="ArgumentException">Lengths differ, fewer than 3 distinct N, N &lt; 1, or a throughput that is not positive and finite.</exception>
    public static UslFit Fit(IReadOnlyList<double> n, IReadOnlyList<double> throughput)
    {
        ArgumentNullException.ThrowIfNull(n);
        ArgumentNullException.ThrowIfNull(throughput);
        if (n.Count != throughput.Count) throw new ArgumentException("n and throughput must have the same length.", nameof(throughput));
        if (n.Distinct().Count() < 3) throw new ArgumentException("At least 3 distinct values of N are needed to fit λ, σ and κ.", nameof(n));
        for (int i = 0; i < n.Count; i++)
        {
            if (!(n[i] >= 1) || !double.IsFinite(n[i])) throw new ArgumentException($"n[{i}] = {n[i]}: N must be ≥ 1.", nameof(n));
            if (!(throughput[i] > 0) || !double.IsFinite(throughput[i])) throw new ArgumentException($"throughput[{i}] = {throughput[i]}: must be positive.", nameof(throughput));
        }

        Vector<double> x = Vector<double>.Build.DenseOfEnumerable(n);
        Vector<double> y = Vector<double>.Build.DenseOfEnumerable(throughput);
        Vector<double> start = InitialGuess(x, y);
        IObjectiveModel objective = ObjectiveFunction.NonlinearModel(
            (p, xs) => xs.Map(v => Model(p[0], p[1], p[2], v)),
            Jacobian, x, y);
        var solver = new LevenbergMarquardtMinimizer(maximumIterations: 1000);
        NonlinearMinimizationResult result = solver.FindMinimum(objective, start);
        // σ and κ are shares of time lost, so not negative: a negative estimate (noise, or measurements that
        // scale linearly) is refitted with that parameter held at 0, the constrained least-squares optimum.
        if (result.MinimizingPoint[1] < 0 || result.MinimizingPoint[2] < 0)
        {
            var fixedAtZero = new List<bool> { false, result.MinimizingPoint[1] < 0, result.MinimizingPoint[2] < 0 };
            Vector<double> restart = start.Clone();
            if (fixedAtZero[1]) restart[1] = 0;
            if (fixedAtZero[2]) restart[2] = 0;
            restart[1] = Math.Max(restart[1], 0);
            restart[2] = Math.Max(restart[2], 0);
            result = solver.FindMinimum(ObjectiveFunction.NonlinearModel((p, xs) => xs.Map(v => Model(p[0], p[1], p[2], v)), Jacobian, x, y),
                restart, isFixed: fixedAtZero);
            if (result.MinimizingPoint[1] < 0 || result.MinimizingPoint[2] < 0)
            {
                // Holding one at 0 pushed the other negative: hold both.
                restart[1] = 0;
                restart[2] = 0;
                result = solver.FindMinimum(ObjectiveFunction.NonlinearModel((p, xs) => xs.Map(v => Model(p[0], p[1], p[2], v)), Jacobian, x, y),
                    restart, isFixed: [false, true, true]);
            }
        }
        Vector<double> p = result.MinimizingPoint;
        double lambda = p[0], sigma = p[1], kappa = p[2];

        double mean = y.Average();
        double ssRes = 0, ssTot = 0;
        for (int i = 0; i < x.Count; i++)
        {
            double r = y[i] - Model(lambda, sigma, kappa, x[i]);
            ssRes += r * r;
            ssTot += (y[i] - mean) * (y[i] - mean);
        }
        double r2 = ssTot > 0 ? 1 - ssRes / ssTot : double.NaN;

        int dof = x.Count - 3;
        double t = dof > 0 ? StudentT.InvCDF(0, 1, dof, 0.975) : double.NaN;
        double Ci(int k) => dof > 0 && result.StandardErrors is { } se && double.IsFinite(se[k]) ? t * se[k] : double.NaN;
        double lambdaCi = Ci(0), sigmaCi = Ci(1), kappaCi = Ci(2);

        double maxN = x.Maximum();
        // Mean throughput per distinct N, in increasing N, to see whether the data fall after their maximum.
        double[] means = x.Distinct().Order().Select(v => Enumerable.Range(0, x.Count).Where(i => x[i] == v).Average(i => y[i])).ToArray();
        double[] ns = x.Distinct().Order().ToArray();
        int best = Array.IndexOf(means, means.Max());
        bool declines = best < means.Length - 1;
        (double? peak, string note) = Peak(sigma, kappa, kappaCi, maxN, ns.Length, declines, ns[best]);
        return new UslFit(lambda, sigma, kappa, lambdaCi, sigmaCi, kappaCi, r2, maxN, peak, note);
    }

    private static (double? Peak, string Note) Peak(double sigma, double kappa, double kappaCi, double maxN, int distinctN, bool declines, double bestN)
    {
        if (!(kappa > 0) || sigma >= 1) return (null, "no peak: κ = 0, throughput keeps rising or levels off.");
        double peak = Math.Sqrt((1 - sigma) / kappa);
        // Three values of N determine λ, σ and κ exactly whatever the system does, so a peak needs a fourth.
        if (distinctN < 4) return (null, $"no peak claimed: 3 values of N fit any curvature (fitted N* = {peak:G3}); measure at 4 or more.");
        if (!double.IsFinite(kappaCi)) return (null, $"no peak claimed: too few points for an interval on κ (fitted N* = {peak:G3}).");
        if (kappa - kappaCi <= 0) return (null, $"no peak claimed: κ's 95 % interval includes 0 (fitted N* = {peak:G3}).");
        if (peak > MaxExtrapolation * maxN) return (null, $"no peak within range: fitted N* = {peak:G3} is beyond {MaxExtrapolation:G}× the largest N measured ({maxN:G3}).");
        if (peak > maxN)
            return (peak, $"fitted peak at N* = {peak:G3}, beyond the largest N measured ({maxN:G3}): extrapolated, the curve may only level off.");
        // Within the data a peak is only claimed when the measurements show the decline, not just the fitted curve.
        if (!declines)
            return (null, $"no decline measured: throughput is highest at the largest N ({maxN:G3}) and levels off (fitted N* = {peak:G3}).");
        return (peak, $"peak at N* = {peak:G3} (measured maximum at N = {bestN:G3}): more than that lowers throughput.");
    }

    private static double Model(double lambda, double sigma, double kappa, double n) =>
        lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));

    private static Matrix<double> Jacobian(Vector<double> p, Vector<double> x)
    {
        var j = Matrix<double>.Build.Dense(x.Count, 3);
        for (int i = 0; i < x.Count; i++)
        {
            double n = x[i];
            double d = 1 + p[1] * (n - 1) + p[2] * n * (n - 1);
            j[i, 0] = n / d;
            j[i, 1] = -p[0] * n * (n - 1) / (d * d);
            j[i, 2] = -p[0] * n * n * (n - 1) / (d * d);
        }
        return j;
    }

    /// <summary>
    /// λ from the smallest N (X/N), then σ and κ by least squares through the origin of
    /// N·λ/X − 1 = σ(N − 1) + κN(N − 1).
    /// </summary>
    private static Vector<double> InitialGuess(Vector<double> x, Vector<double> y)
    {
        int first = x.MinimumIndex();
        double lambda = y[first] / x[first];
        double a11 = 0, a12 = 0, a22 = 0, b1 = 0, b2 = 0;
        for (int i = 0; i < x.Count; i++)
        {
            double n = x[i], u = n - 1, v = n * (n - 1), z = n * lambda / y[i] - 1;
            a11 += u * u; a12 += u * v; a22 += v * v; b1 += u * z; b2 += v * z;
        }
        double det = a11 * a22 - a12 * a12;
        double sigma = det != 0 ? (b1 * a22 - b2 * a12) / det : 0;
        double kappa = det != 0 ? (a11 * b2 - a12 * b1) / det : 0;
        return Vector<double>.Build.Dense([lambda, double.IsFinite(sigma) ? sigma : 0, double.IsFinite(kappa) ? kappa : 0]);
    }
}
