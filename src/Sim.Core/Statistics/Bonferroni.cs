namespace Sim.Statistics;

/// <summary>
/// Bonferroni correction: to make k checks hold jointly with probability at least L, run each at level
/// 1 − (1 − L)/k (by Boole's inequality, the chance that any of them fails is at most k·(1 − L)/k = 1 − L).
/// </summary>
/// <remarks>Pure functions; thread safe.</remarks>
public static class Bonferroni
{
    /// <summary>The per-check confidence level 1 − (1 − <paramref name="familyLevel"/>)/<paramref name="checks"/>.</summary>
    /// <param name="familyLevel">Joint confidence level wanted for all checks together, in (0, 1), e.g. 0.95.</param>
    /// <param name="checks">Number of checks k; ≥ 1.</param>
    /// <returns>A level in [<paramref name="familyLevel"/>, 1).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static double Level(double familyLevel, int checks)
    {
        if (!(familyLevel > 0.0 && familyLevel < 1.0))
            throw new ArgumentOutOfRangeException(nameof(familyLevel), familyLevel, "The family confidence level must be in (0, 1).");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(checks);
        return 1.0 - (1.0 - familyLevel) / checks;
    }
}
