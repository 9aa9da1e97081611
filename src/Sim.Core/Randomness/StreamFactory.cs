using System.Text;

namespace Sim.Randomness;

/// <summary>
/// Derives independent, named random streams from one scenario seed. The stream for
/// (seed, name, replication) depends on those three values only, so adding a component, or changing
/// another component's parameters, never changes the numbers a component draws: this is what gives
/// common random numbers across phases of a scenario.
/// </summary>
/// <remarks>
/// Derivation (a contract, documented in docs/random.md): h = FNV-1a-64(UTF-8(name));
/// s = Mix(Mix(Mix(seed) ^ h) ^ Mix(replication + 1)); the stream is <c>new RandomStream(s)</c>.
/// Immutable and thread safe.
/// </remarks>
public sealed class StreamFactory
{
    /// <summary>Creates a factory for one scenario seed.</summary>
    /// <param name="seed">The scenario seed; any value.</param>
    public StreamFactory(ulong seed) => Seed = seed;

    /// <summary>The scenario seed this factory derives from.</summary>
    public ulong Seed { get; }

    /// <summary>The stream named <paramref name="name"/> for replication <paramref name="replication"/>.</summary>
    /// <param name="name">A component's stable name, e.g. <c>"load/arrivals"</c>; not empty.</param>
    /// <param name="replication">Replication index, ≥ 0.</param>
    public RandomStream Create(string name, int replication = 0) => new(DeriveSeed(Seed, name, replication));

    /// <summary>The 64-bit seed of the stream for (<paramref name="seed"/>, <paramref name="name"/>, <paramref name="replication"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="replication"/> is negative.</exception>
    public static ulong DeriveSeed(ulong seed, string name, int replication)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegative(replication);
        ulong h = Fnv1a64(name);
        ulong s = SplitMix64.Mix(seed);
        s = SplitMix64.Mix(s ^ h);
        s = SplitMix64.Mix(s ^ SplitMix64.Mix((ulong)replication + 1));
        return s;
    }

    /// <summary>FNV-1a 64-bit hash of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static ulong Fnv1a64(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const ulong offset = 14695981039346656037UL;
        const ulong prime = 1099511628211UL;
        ulong hash = offset;
        Span<byte> buffer = stackalloc byte[256];
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = max > buffer.Length ? new byte[max] : null;
        Span<byte> bytes = rented ?? buffer;
        int n = Encoding.UTF8.GetBytes(text, bytes);
        for (int i = 0; i < n; i++)
        {
            hash ^= bytes[i];
            hash *= prime;
        }
        return hash;
    }
}
