using System.Runtime.CompilerServices;

namespace Sim.Randomness;

/// <summary>
/// A stream of pseudo-random numbers from the xoshiro256** generator (Blackman and Vigna, 2018),
/// seeded through SplitMix64. The sequence for a given seed is part of Sim's contract: it will not
/// change between versions, unlike <see cref="System.Random"/>.
/// </summary>
/// <remarks>
/// <para>Period 2^256 − 1; passes BigCrush. Doubles carry 53 random bits (the full mantissa).</para>
/// <para>Not thread safe: one stream belongs to one simulation. Create independent streams with
/// <see cref="StreamFactory"/>, which derives each from (seed, name, replication).</para>
/// </remarks>
public sealed class RandomStream
{
    private const double DoubleUnit = 1.0 / (1UL << 53);

    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates a stream whose 256-bit state is expanded from <paramref name="seed"/> by SplitMix64.</summary>
    /// <param name="seed">Any 64-bit value; every value, including 0, gives a valid, distinct stream.</param>
    public RandomStream(ulong seed) => Reseed(seed);

    /// <summary>
    /// Restarts the stream as if it had just been created with <paramref name="seed"/>; lets a model
    /// reuse one object for many short per-request streams without allocating.
    /// </summary>
    /// <param name="seed">Any 64-bit value.</param>
    public void Reseed(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64.Next(ref x);
        _s1 = SplitMix64.Next(ref x);
        _s2 = SplitMix64.Next(ref x);
        _s3 = SplitMix64.Next(ref x);
        // SplitMix64 never yields four zero words in a row, but be explicit about the forbidden state.
        if ((_s0 | _s1 | _s2 | _s3) == 0) _s0 = 0x9E3779B97F4A7C15UL;
    }

    /// <summary>Creates a stream from a raw 256-bit state (for known-answer tests of the algorithm); not all zero.</summary>
    internal RandomStream(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0) throw new ArgumentException("The all-zero state is not allowed.");
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>The next 64 uniformly distributed random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits: k · 2^−53 for k uniform in [0, 2^53).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * DoubleUnit;

    /// <summary>
    /// A uniform double in the open interval (0, 1): (k + 0.5) · 2^−53. Never 0 and never 1, so it is
    /// safe to pass to <see cref="Math.Log(double)"/> and to inverse CDFs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextOpenDouble() => ((NextUInt64() >> 11) + 0.5) * DoubleUnit;

    /// <summary>A uniform integer in [0, <paramref name="exclusiveMax"/>), without modulo bias (Lemire's method).</summary>
    /// <param name="exclusiveMax">Upper bound, exclusive; range ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="exclusiveMax"/> ≤ 0.</exception>
    public int NextInt(int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        ulong range = (ulong)exclusiveMax;
        ulong product = Math.BigMul(NextUInt64(), range, out ulong low);
        if (low < range)
        {
            ulong threshold = (0UL - range) % range;
            while (low < threshold)
            {
                product = Math.BigMul(NextUInt64(), range, out low);
            }
        }
        return (int)product;
    }
}
