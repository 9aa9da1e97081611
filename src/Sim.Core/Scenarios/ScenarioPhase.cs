namespace Sim.Scenarios;

/// <summary>One step of a scenario's capacity growth path, resolved: the baseline with every patch up to and including this phase applied.</summary>
/// <param name="Name">Phase name ("baseline" for the unpatched scenario).</param>
/// <param name="Description">What the phase changes, in words.</param>
/// <param name="Changes">The patch of this phase alone, as JSON path = JSON value text, in order.</param>
/// <param name="Scenario">The complete configuration of this phase.</param>
public sealed record ScenarioPhase(string Name, string Description, IReadOnlyList<KeyValuePair<string, string>> Changes, StackScenario Scenario)
{
    /// <summary>
    /// Overrides (<c>--set</c>) that this phase or an earlier one replaced by patching the same field, one sentence each,
    /// e.g. "--set workers.count=4 does not hold from phase 'gunicorn-workers' on: it sets workers.count = 8 (--set applies
    /// before the phases)". Empty when every override holds here.
    /// </summary>
    public IReadOnlyList<string> ReplacedOverrides { get; init; } = [];
}
