namespace Sim.Validation;

/// <summary>
/// "Did you mean …?" suggestions: the known name closest to a mistyped one by edit distance (Levenshtein, case-insensitive).
/// Stateless and thread-safe.
/// </summary>
public static class NearestName
{
    /// <summary>The candidate closest to <paramref name="name"/>, compared ignoring case, if it is within a small edit distance; else null.</summary>
    /// <param name="name">What was typed (any string, empty allowed).</param>
    /// <param name="candidates">The names allowed; the first of equally close ones wins.</param>
    /// <returns>
    /// The closest candidate as spelled in <paramref name="candidates"/>, when its distance is at most 1 for names of up to 3
    /// characters and at most min(3, length / 3 + 1) for longer ones; null when none is that close or there are no candidates.
    /// </returns>
    public static string? Find(string name, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(candidates);
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string c in candidates)
        {
            int d = Distance(name.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (c, d);
        }
        return best is not null && bestDistance <= (name.Length <= 3 ? 1 : Math.Min(3, name.Length / 3 + 1)) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var row = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) row[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
