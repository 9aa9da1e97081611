using System.Globalization;

namespace Sim.Experiments;

/// <summary>
/// A deterministic slice of a sweep, written <c>i/n</c>: shard <c>i</c> of <c>n</c> runs the points whose index
/// <c>k</c> has <c>k mod n = i − 1</c>. Shards 1/n … n/n together run every point exactly once.
/// </summary>
/// <param name="Number">Which shard, 1 … <paramref name="Count"/>.</param>
/// <param name="Count">How many shards, ≥ 1.</param>
public readonly record struct SweepShard(int Number, int Count)
{
    /// <summary>The whole sweep: 1/1.</summary>
    public static SweepShard All => new(1, 1);

    /// <summary>True when this shard runs point <paramref name="index"/>.</summary>
    public bool Contains(int index) => index % Count == Number - 1;

    /// <summary>Reads <c>i/n</c> with 1 ≤ i ≤ n.</summary>
    /// <param name="text">The text.</param>
    /// <param name="shard">The shard, when valid.</param>
    /// <param name="error">Otherwise what is wrong and what is allowed.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParse(string text, out SweepShard shard, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        shard = All;
        string[] parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            || n < 1 || i < 1 || i > n)
        {
            error = $"'{text}' is not valid — expected i/n with whole numbers 1 ≤ i ≤ n, e.g. 1/4";
            return false;
        }
        shard = new SweepShard(i, n);
        error = "";
        return true;
    }

    /// <summary><c>i/n</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Number}/{Count}");
}
