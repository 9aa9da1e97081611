using System.Runtime.CompilerServices;

namespace Sim.Randomness;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, 2014): the 64-bit mixer used to expand seeds into generator state
/// and to derive substream seeds. Stateless helpers; thread safe.
/// </summary>
public static class SplitMix64
{
    /// <summary>Advances <paramref name="state"/> by the golden-ratio increment and returns the mixed value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    /// <summary>The SplitMix64 finaliser: a bijective 64-bit mix with full avalanche.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
