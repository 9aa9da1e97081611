using Sim.Stack;

namespace Sim.Experiments;

/// <summary>
/// One progress report of a study (<see cref="PhasesStudy"/>, <see cref="CapacityStudy"/>). Reports are made synchronously on
/// the thread that did the work — <see cref="StudyStage.ReplicationFinished"/> from several worker threads at once — so an
/// <see cref="IProgress{T}"/> that is not <see cref="Progress{T}"/> must be thread safe.
/// </summary>
/// <param name="Stage">What happened.</param>
/// <param name="Index">Index of the configuration concerned in the study's list, ≥ 0.</param>
/// <param name="Phase">Its name (<c>baseline</c> or a phase name).</param>
/// <param name="Completed">Units of this stage finished so far: replications of this configuration, or configurations searched; ≥ 0.</param>
/// <param name="Total">Units of this stage in all: the configuration's replications, or the configurations to search; ≥ 1.</param>
/// <param name="Summary">The configuration's summary with <see cref="StudyStage.PhaseFinished"/>; otherwise null.</param>
public sealed record StudyProgress(StudyStage Stage, int Index, string Phase, int Completed, int Total, StackSummary? Summary = null);
