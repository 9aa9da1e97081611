namespace Sim.Scenarios;

/// <summary>
/// What does not take several populations (<see cref="LoadSpec.Populations"/>) yet, in one message: the analytic estimate
/// (one load) refuses it by name rather than size one population and silently drop the others. (The capacity search and
/// the scaling study scale every population by one factor, <see cref="PopulationScale"/>.)
/// </summary>
internal static class PopulationLimits
{
    /// <summary>The refusal for <paramref name="what"/>: names the field and what is supported.</summary>
    /// <param name="what">What refuses, e.g. "the capacity search".</param>
    public static string Unsupported(string what) =>
        $"{what} does not support load.populations (several populations side by side): it varies one load. Give load.open or load.closed instead "
        + "(e.g. the population to size, with the others' traffic left out), or use sim run / sim phases / sim sweep / sim sensitivity, which run populations and report each one.";

    /// <summary>Throws <see cref="ArgumentException"/> with <see cref="Unsupported"/> when <paramref name="scenario"/> has populations.</summary>
    public static void ThrowIfPopulations(StackScenario scenario, string what, string paramName)
    {
        if (scenario.Load.Populations is not null) throw new ArgumentException(Unsupported(what), paramName);
    }
}
