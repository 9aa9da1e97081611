namespace Sim.Experiments;

/// <summary>What a <see cref="StudyProgress"/> report says happened.</summary>
public enum StudyStage
{
    /// <summary>A configuration's replications are about to run (<see cref="StudyProgress.Total"/> = its replications).</summary>
    PhaseStarting,

    /// <summary>One replication of the current configuration finished (reported from a worker thread).</summary>
    ReplicationFinished,

    /// <summary>Every replication of a configuration finished; <see cref="StudyProgress.Summary"/> holds its summary.</summary>
    PhaseFinished,

    /// <summary>A configuration's capacity search is about to start (<see cref="StudyProgress.Total"/> = configurations searched).</summary>
    CapacityStarting,

    /// <summary>A configuration's capacity search finished.</summary>
    CapacityFinished,
}
