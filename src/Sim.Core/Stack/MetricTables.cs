namespace Sim.Stack;

/// <summary>Which standard tables show a metric (<see cref="StackMetric.Tables"/>); flags, combinable.</summary>
[Flags]
public enum MetricTables
{
    /// <summary>Only the full results (JSON, CSV, <c>sim run</c>'s table).</summary>
    None = 0,

    /// <summary>The per-phase table of <c>sim phases</c>, its report and summary.md, and the notebooks' default summary table.</summary>
    Headline = 1,

    /// <summary>The change-from-the-previous-phase table (paired differences) and <c>changeFromPrevious</c> in the JSON.</summary>
    Compared = 2,

    /// <summary>The one-row-per-point table of <c>sim sweep</c>, under the metric's <see cref="StackMetric.ShortLabel"/>.</summary>
    Brief = 4,
}
