using System.Globalization;

namespace Sim.Cli.Emit;

/// <summary>A sweep to run as shards on a scheduler: what every shard's <c>sim sweep</c> gets, and where results go.</summary>
/// <param name="Arguments">The sweep's options, values as given (no scenario, --shard, --out or --threads).</param>
/// <param name="Scenario">The scenario file; null: the built-in seed stack.</param>
/// <param name="Points">The grid's points, ≥ 1.</param>
/// <param name="Shards">How many shards, 1 … <paramref name="Points"/>.</param>
/// <param name="Threads">--threads as given; null: one thread per shard (one CPU per task).</param>
/// <param name="Output">The folder the job files go to (for Slurm also the shards' results and the merge).</param>
internal sealed record SweepJob(IReadOnlyList<string> Arguments, FileInfo? Scenario, int Points, int Shards, int? Threads, DirectoryInfo Output)
{
    /// <summary>The scenario file's name in the job folder (Slurm) or in the container (Kubernetes).</summary>
    public const string ScenarioFileName = "scenario.json";

    /// <summary>Threads (and CPUs asked of the scheduler) per shard.</summary>
    public int ThreadsPerShard => Threads ?? 1;

    /// <summary>The --out folder of shard <paramref name="number"/> (1 … <see cref="Shards"/>) under <see cref="Output"/>.</summary>
    public string ShardFolder(int number) => Path.Combine(Output.FullName, "shards", number.ToString(CultureInfo.InvariantCulture));

    /// <summary>The folder the merge writes sweep.json and sweep.csv to, under <see cref="Output"/>.</summary>
    public string MergedFolder => Path.Combine(Output.FullName, "merged");
}
