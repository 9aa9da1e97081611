using System.Runtime.CompilerServices;
using Sim.Randomness;

namespace Sim.Components;

/// <summary>
/// Samples ranks k ∈ {1, …, N} of the Zipf (zeta-truncated) law P(k) = k^(−s) / H(N, s), where
/// H(N, s) = Σ_{j=1..N} j^(−s) is the generalized harmonic number. Rank 1 is the most popular.
/// s = 0 is uniform, s = 1 the classic Zipf law; s &gt; 1 is allowed.
/// </summary>
/// <remarks>
/// <para><b>Algorithm.</b> Rejection-inversion (W. Hörmann and G. Derflinger, "Rejection-inversion to
/// generate variates from monotone discrete distributions", ACM TOMACS 6(3), 1996). The hat is the
/// continuous density h(x) = x^(−s); with its integral H(x) = ∫₁ˣ t^(−s) dt, a uniform u on
/// [H(1.5) − 1, H(N + 0.5)] is inverted to x = H⁻¹(u) and rounded to k = ⌊x + ½⌋. The sample is
/// accepted when u lies in the right-hand part of length h(k) of k's hat interval,
/// u ≥ H(k + ½) − h(k); because h is convex that part fits inside [H(k − ½), H(k + ½)], so exactly
/// h(k) of hat area accepts k. A squeeze (k − x ≤ 2 − H⁻¹(H(2.5) − h(2)), from the paper) accepts
/// most draws without evaluating h. Expected draws per sample are below 1.1 for every s ≥ 0 and N
/// (the hat area divided by H(N, s)); time O(1), memory O(1), no table.</para>
/// <para><b>Numerics.</b> H and H⁻¹ are evaluated as log(x)·expm1(y)/y and exp(u·log1p(y)/y) with
/// y = (1 − s)·log x or (1 − s)·u, through cancellation-free expm1 and log1p, so s near 1 (and
/// s = 1 exactly, where H = log) loses no precision.</para>
/// <para><b>Exact probabilities.</b> <see cref="Probability"/> divides by H(N, s), computed once in
/// the constructor by <see cref="GeneralizedHarmonic"/>: an exact sum (smallest terms first) for
/// N ≤ 10⁶, otherwise the exact sum of the first 10⁶ − 1 terms plus an Euler–Maclaurin tail with
/// three Bernoulli corrections, whose truncation error is below 10⁻³⁰ relative; the result is good to
/// a few units in the 15th significant digit (rounding of the sum).</para>
/// <para>Immutable and thread safe; randomness comes from the stream passed to <see cref="Sample"/>.</para>
/// </remarks>
public sealed class ZipfSampler
{
    /// <summary>Largest supported N: 10⁹ (ranks fit an <see cref="int"/> with room to spare; doubles resolve every rank).</summary>
    public const int MaxRanks = 1_000_000_000;

    /// <summary>N up to which <see cref="GeneralizedHarmonic"/> sums exactly.</summary>
    private const long ExactSumLimit = 1_000_000;

    private readonly double _oneMinusS;
    private readonly double _hIntegralX1;   // H(1.5) − h(1)
    private readonly double _hIntegralN;    // H(N + 0.5)
    private readonly double _squeeze;       // 2 − H⁻¹(H(2.5) − h(2))

    /// <summary>Creates a sampler over ranks 1..<paramref name="ranks"/>.</summary>
    /// <param name="ranks">N, the number of ranks; range 1 ≤ N ≤ <see cref="MaxRanks"/>.</param>
    /// <param name="exponent">s, the Zipf exponent, dimensionless; range 0 ≤ s ≤ 50, finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ranks"/> or <paramref name="exponent"/> outside its range.</exception>
    /// <remarks>O(min(N, 10⁶)) time once, for the normalising constant.</remarks>
    public ZipfSampler(int ranks, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ranks);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ranks, MaxRanks);
        if (!(exponent >= 0 && exponent <= 50))
        {
            throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "The Zipf exponent must be in [0, 50].");
        }
        Ranks = ranks;
        Exponent = exponent;
        _oneMinusS = 1 - exponent;
        _hIntegralX1 = HIntegral(1.5) - 1.0;
        _hIntegralN = HIntegral(ranks + 0.5);
        _squeeze = 2 - HIntegralInverse(HIntegral(2.5) - H(2));
        HarmonicNumber = GeneralizedHarmonic(ranks, exponent);
    }

    /// <summary>N, the number of ranks; ranks are 1..N.</summary>
    public int Ranks { get; }

    /// <summary>s, the Zipf exponent; ≥ 0.</summary>
    public double Exponent { get; }

    /// <summary>H(N, s) = Σ_{k=1..N} k^(−s), the normalising constant; ≥ 1.</summary>
    public double HarmonicNumber { get; }

    /// <summary>The exact mean rank E[k] = H(N, s − 1) / H(N, s); in [1, (N + 1)/2]. Computed on each call, O(min(N, 10⁶)).</summary>
    public double MeanRank => GeneralizedHarmonic(Ranks, Exponent - 1) / HarmonicNumber;

    /// <summary>The exact probability of rank <paramref name="rank"/>: k^(−s) / H(N, s).</summary>
    /// <param name="rank">k, range 1..N.</param>
    /// <returns>P(k), in (0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rank"/> outside 1..N.</exception>
    public double Probability(int rank)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rank, Ranks);
        return Math.Pow(rank, -Exponent) / HarmonicNumber;
    }

    /// <summary>Draws one rank. O(1), does not allocate.</summary>
    /// <param name="random">The stream to draw from; advanced by one or more (on average &lt; 1.1) doubles.</param>
    /// <returns>A rank in 1..N; 1 is the most probable.</returns>
    public int Sample(RandomStream random)
    {
        while (true)
        {
            double u = _hIntegralN + random.NextDouble() * (_hIntegralX1 - _hIntegralN);
            double x = HIntegralInverse(u);
            double kd = Math.Floor(x + 0.5);
            if (kd < 1) kd = 1;
            else if (kd > Ranks) kd = Ranks;
            if (kd - x <= _squeeze || u >= HIntegral(kd + 0.5) - H(kd))
            {
                return (int)kd;
            }
        }
    }

    /// <summary>
    /// The generalized harmonic number H(n, s) = Σ_{k=1..n} k^(−s): exact summation (smallest terms
    /// first) for n ≤ 10⁶; above, the first 10⁶ − 1 terms exactly plus an Euler–Maclaurin tail with
    /// three Bernoulli corrections (truncation error &lt; 10⁻³⁰ relative).
    /// </summary>
    /// <param name="n">Number of terms, ≥ 0 (0 gives 0).</param>
    /// <param name="exponent">s, any finite real (negative values give sums of powers, e.g. s = −1 gives n(n+1)/2).</param>
    /// <returns>The sum; may be +∞ when it overflows.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> &lt; 0 or <paramref name="exponent"/> not finite.</exception>
    public static double GeneralizedHarmonic(long n, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (!double.IsFinite(exponent))
        {
            throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "The exponent must be finite.");
        }
        if (n <= ExactSumLimit) return ExactSum(1, n, exponent);

        const long m = ExactSumLimit; // Σ_{k=1}^{m−1} exactly, Σ_{k=m}^{n} by Euler–Maclaurin
        double s = exponent;
        double head = ExactSum(1, m - 1, s);
        double fm = Math.Pow(m, -s), fn = Math.Pow(n, -s);
        // ∫_m^n x^(−s) dx = m^(1−s) · log(n/m) · expm1(y)/y, y = (1 − s)·log(n/m).
        double logRatio = Math.Log((double)n / m);
        double integral = Math.Pow(m, 1 - s) * logRatio * ExpM1OverX((1 - s) * logRatio);
        // f'(x) = −s x^(−s−1); f'''(x) = −s(s+1)(s+2) x^(−s−3); f⁽⁵⁾(x) = −s(s+1)(s+2)(s+3)(s+4) x^(−s−5).
        double d1 = -s * (Math.Pow(n, -s - 1) - Math.Pow(m, -s - 1));
        double d3 = -s * (s + 1) * (s + 2) * (Math.Pow(n, -s - 3) - Math.Pow(m, -s - 3));
        double d5 = -s * (s + 1) * (s + 2) * (s + 3) * (s + 4) * (Math.Pow(n, -s - 5) - Math.Pow(m, -s - 5));
        double tail = integral + 0.5 * (fm + fn) + d1 / 12.0 - d3 / 720.0 + d5 / 30240.0;
        return head + tail;
    }

    private static double ExactSum(long from, long to, double s)
    {
        double sum = 0;
        for (long k = to; k >= from; k--) sum += Math.Pow(k, -s);
        return sum;
    }

    /// <summary>h(x) = x^(−s).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double H(double x) => Math.Exp(-Exponent * Math.Log(x));

    /// <summary>H(x) = ∫₁ˣ t^(−s) dt = log(x) · expm1((1 − s) log x) / ((1 − s) log x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double HIntegral(double x)
    {
        double logX = Math.Log(x);
        return logX * ExpM1OverX(_oneMinusS * logX);
    }

    /// <summary>H⁻¹(u) = exp(u · log1p((1 − s) u) / ((1 − s) u)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double HIntegralInverse(double u)
    {
        double y = _oneMinusS * u;
        // For s > 1, u < H(∞) = 1/(s − 1) so y > −1; rounding can reach −1 only when H(N + ½) is within an
        // ulp of H(∞), and then x = ∞ clamps to rank N, which is the correct limit.
        if (y <= -1) return double.PositiveInfinity;
        return Math.Exp(u * Log1POverX(y));
    }

    /// <summary>expm1(y)/y, continuous at 0 (value 1), accurate to a few ulps (Kahan's trick).</summary>
    private static double ExpM1OverX(double y)
    {
        if (Math.Abs(y) < 1e-5) return 1 + y * (0.5 + y * (1.0 / 6 + y / 24));
        double e = Math.Exp(y);
        if (e == 1) return 1;
        double em1 = e - 1;
        if (em1 == -1) return -1 / y;
        return em1 / Math.Log(e); // (e − 1)·y/log(e) / y
    }

    /// <summary>log1p(y)/y, continuous at 0 (value 1), accurate to a few ulps (Goldberg's trick); y &gt; −1.</summary>
    private static double Log1POverX(double y)
    {
        if (Math.Abs(y) < 1e-5) return 1 - y * (0.5 - y * (1.0 / 3 - y / 4));
        double w = 1 + y;
        if (w == 1) return 1;
        return Math.Log(w) / (w - 1); // log(w)·y/(w − 1) / y
    }
}
