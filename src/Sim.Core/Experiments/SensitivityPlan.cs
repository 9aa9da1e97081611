using Sim.Scenarios;

namespace Sim.Experiments;

/// <summary>
/// What a <see cref="SensitivityStudy"/> will run (from <see cref="SensitivityStudy.Plan"/>): the configuration, the
/// parameters with their low and high values, and the numeric fields it leaves alone. Checked: every low and high
/// configuration loads. Immutable.
/// </summary>
public sealed class SensitivityPlan
{
    internal SensitivityPlan(StackScenario scenario, string configuration, SensitivityOptions options, IReadOnlyList<SensitivityParameter> parameters,
        IReadOnlyList<SkippedParameter> skipped, StackScenario[] low, StackScenario[] high)
    {
        Scenario = scenario;
        Configuration = configuration;
        Options = options;
        Parameters = parameters;
        Skipped = skipped;
        LowScenarios = low;
        HighScenarios = high;
    }

    /// <summary>The base configuration, with the study's run length and replications.</summary>
    public StackScenario Scenario { get; }

    /// <summary>Its name: <c>baseline</c> or the phase's.</summary>
    public string Configuration { get; }

    /// <summary>The options the plan was made with.</summary>
    public SensitivityOptions Options { get; }

    /// <summary>The relative change either side, in (0, 1).</summary>
    public double Delta => Options.Delta;

    /// <summary>The parameters to vary, in document order (or in the order asked for).</summary>
    public IReadOnlyList<SensitivityParameter> Parameters { get; }

    /// <summary>Numeric fields of the configuration that are not varied, and why (empty when parameters were named).</summary>
    public IReadOnlyList<SkippedParameter> Skipped { get; }

    /// <summary>Configurations to run: the base, and a low and a high per parameter whose value differs from the base (a count may round to itself on one side).</summary>
    public int Runs => 1 + Parameters.Sum(p => (p.LowValue != p.BaseValue ? 1 : 0) + (p.HighValue != p.BaseValue ? 1 : 0));

    internal StackScenario[] LowScenarios { get; }

    internal StackScenario[] HighScenarios { get; }
}
