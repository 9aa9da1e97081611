using Sim.Validation;

namespace Sim.Scenarios;

/// <summary>What <see cref="ScenarioLoader"/> produced: every resolved phase, or every problem found.</summary>
/// <param name="Phases">The baseline first, then each phase of the capacity growth path with all earlier patches applied; empty when there are errors.</param>
/// <param name="Errors">Every problem found, each with its JSON path, the value as written and what is allowed; empty on success.</param>
public sealed record ScenarioLoadResult(IReadOnlyList<ScenarioPhase> Phases, IReadOnlyList<ValidationError> Errors)
{
    /// <summary>True when there are no errors (and so at least the baseline phase).</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>The baseline scenario (the file as written, with overrides and defaults).</summary>
    /// <exception cref="InvalidOperationException">Loading failed; read <see cref="Errors"/>.</exception>
    public StackScenario Baseline => Succeeded ? Phases[0].Scenario
        : throw new InvalidOperationException("The scenario has errors:" + Environment.NewLine + string.Join(Environment.NewLine, Errors));
}
