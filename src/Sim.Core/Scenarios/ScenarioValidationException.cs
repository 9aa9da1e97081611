using Sim.Validation;

namespace Sim.Scenarios;

/// <summary>
/// Thrown by the entry points that run a scenario (<c>new StackModel(…)</c>, <c>StackExperiment.Run</c>,
/// <c>CapacitySearch.Find</c>, <c>Sweep.Run</c>, …) when the <see cref="StackScenario"/> they were given is invalid.
/// <see cref="Errors"/> holds every problem, the same list <see cref="StackScenario.Validate"/> returns, worded as the
/// loader words them for the same values in a JSON file; the message lists them one per line.
/// </summary>
public sealed class ScenarioValidationException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="subject">What was invalid, in words, starting the message: e.g. <c>Scenario 'seed-stack'</c>, <c>Sweep point 3 (scenario 'seed-stack')</c>.</param>
    /// <param name="errors">Every problem found; at least one.</param>
    /// <param name="paramName">The parameter the scenario came in by.</param>
    public ScenarioValidationException(string subject, IReadOnlyList<ValidationError> errors, string? paramName)
        : base(Describe(subject, errors), paramName)
    {
        Errors = errors;
    }

    /// <summary>Every problem found, each with its JSON path (<c>$.workers.count</c>), the value and what is allowed.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    private static string Describe(string subject, IReadOnlyList<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(errors);
        return $"{subject} is invalid ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}):" + Environment.NewLine
            + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
    }
}
