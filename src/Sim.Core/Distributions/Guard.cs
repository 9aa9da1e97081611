namespace Sim.Distributions;

/// <summary>Argument checks shared by the distribution factories; every one rejects NaN.</summary>
internal static class Guard
{
    public static void Finite(double value, string paramName)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, "Must be a finite number.");
        }
    }

    public static void Positive(double value, string paramName)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, "Must be finite and > 0.");
        }
    }

    public static void NonNegative(double value, string paramName)
    {
        if (!(value >= 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, "Must be finite and ≥ 0.");
        }
    }
}
