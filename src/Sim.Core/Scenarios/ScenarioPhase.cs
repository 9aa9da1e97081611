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

    /// <summary>
    /// The fields this phase's own patch sets: each key as written, with the JSON path it reached (class names resolved to
    /// indices, <c>classes.page.weight</c> → <c>$.classes[0].weight</c>), so that callers comparing a path with the
    /// patch compare fields, not spellings.
    /// </summary>
    internal IReadOnlyList<(string Key, string JsonPath)> Patched { get; init; } = [];

    /// <summary>The figures a source gives for this phase (JSON <c>reference</c>), shown beside the model's; null when the scenario gives none.</summary>
    public PhaseReference? Reference { get; init; }

    /// <summary>
    /// Names a phase of a scenario file may not take, compared ignoring case: <c>baseline</c> (the unpatched scenario); the
    /// names <c>sim phases --out</c> gives its own files and folders at the top of the output folder (<c>report</c>,
    /// <c>summary</c>, the comparison charts such as <c>latency-comparison</c>), since each phase gets a folder there named
    /// after it; and the device names Windows refuses as folder names (<c>con</c>, <c>nul</c>, <c>com1</c> …).
    /// </summary>
    public static IReadOnlySet<string> ReservedNames { get; } = new HashSet<string>(
    [
        "baseline",
        "report", "summary", "latency-comparison", "db-connections", "cache-hit-ratio", "resources", "capacity-growth", "scaling",
        "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
        "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    ], StringComparer.OrdinalIgnoreCase);
}
