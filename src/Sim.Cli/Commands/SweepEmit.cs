using System.CommandLine;
using System.Globalization;
using Sim.Cli.Emit;
using Sim.Experiments;
using Sim.Statistics;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>sim sweep … --emit slurm|k8s --shards N --out DIR</c>: instead of running the sweep, writes the jobs that run it
/// as <c>N</c> shards on a scheduler, plus the merge — every sweep option carried into the shards' command line.
/// </summary>
internal sealed class SweepEmit
{
    private const string Slurm = "slurm", Kubernetes = "k8s";

    private readonly Option<string?> _emit = new("--emit")
    {
        Description = "Do not run: write the jobs that run this sweep on a scheduler, one shard per task, and the merge — 'slurm' "
            + "(an sbatch array + merge job + submit.sh in --out, a folder every node shares) or 'k8s' (an Indexed Job + merge Job in --out). "
            + "See docs/distributed.md.",
    };

    private readonly Option<int?> _shards = new("--shards") { Description = "With --emit: how many shards (array tasks or indexed pods), 1 … the number of points." };

    private readonly Option<string?> _image = new("--image") { Description = "With --emit k8s: the sim container image (default sim:VERSION, built from deploy/k8s/Dockerfile)." };

    public SweepEmit() => _emit.AcceptOnlyFromAmong(Slurm, Kubernetes);

    /// <summary>Adds --emit, --shards and --image to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_emit);
        command.Options.Add(_shards);
        command.Options.Add(_image);
    }

    /// <summary>True when the command line asks for jobs, not a run; --shards or --image without --emit is bad input.</summary>
    public bool Requested(ParseResult parse)
    {
        string? engine = parse.GetValue(_emit);
        if (engine is null && parse.GetValue(_shards) is { } n)
            throw new UserInputException($"--shards: '{n.ToString(CultureInfo.InvariantCulture)}' is only allowed with --emit slurm or --emit k8s; to run one slice here, use --shard i/n.");
        if (engine != Kubernetes && parse.GetValue(_image) is { } image)
            throw new UserInputException($"--image: '{image}' is only allowed with --emit k8s.");
        return engine is not null;
    }

    /// <summary>
    /// Checks the sweep as <c>sim sweep</c> would (scenario, every point's configuration, finished points in the shard
    /// folders), writes the job files into --out and says how to submit them.
    /// </summary>
    public int Write(ParseResult parse, ConfigurationOptions options, SweepGrid grid, IReadOnlyList<string> parameters, string? shard,
        int? threads, string? format, DirectoryInfo? output, TextWriter stdout, TextWriter stderr)
    {
        string engine = parse.GetValue(_emit)!;
        if (shard is not null)
            throw new UserInputException($"--shard: '{shard}' is not allowed with --emit; each emitted task gets its own --shard i/N — say how many with --shards N.");
        if (output is null)
            throw new UserInputException(engine == Slurm
                ? "--emit slurm: needs --out DIR, a folder every node of the cluster can read and write (the job scripts, the shards' results and the merge go there)."
                : "--emit k8s: needs --out DIR, the folder to write the Kubernetes manifests to.");
        int count = parse.GetValue(_shards)
            ?? throw new UserInputException($"--emit {engine}: needs --shards N, how many shards to split the {grid.Count} point(s) into (1 … {grid.Count}).");
        if (count < 1 || count > grid.Count)
            throw new UserInputException($"--shards: '{count.ToString(CultureInfo.InvariantCulture)}' is not valid — expected a whole number from 1 to {grid.Count} (the sweep's points; each shard runs at least one).");

        FileInfo? scenario = parse.GetValue(options.Scenario);
        List<string> settings = options.Overrides(parse);
        string phase = parse.GetValue(options.Phase)!;
        var job = new SweepJob(Arguments(parse, options, parameters, format), scenario, grid.Count, count, threads, output);

        // Everything sim sweep refuses is refused now, not in a task on the cluster: the scenario and every point's
        // configuration (before anything is written), and for Slurm, finished points in existing shard folders that
        // belong to another sweep (a re-emit over a finished or interrupted run counts what is done).
        SweepPlan plan = SweepPlan.Prepare(scenario, settings, phase, grid, SweepShard.All, output: null);
        ScenarioInput.WriteReplacedOverrides(plan.ReplacedOverrides, stderr);
        OutputFolder.Prepare(output);
        if (engine == Slurm)
        {
            int done = 0;
            for (int i = 1; i <= count; i++)
                if (Directory.Exists(job.ShardFolder(i)))
                    done += SweepPlan.Prepare(scenario, settings, phase, grid, new SweepShard(i, count), new DirectoryInfo(job.ShardFolder(i))).Done.Count;
            SlurmJobWriter.Write(job, SimInvocation.Current(), done, stdout);
        }
        else
        {
            KubernetesJobWriter.Write(job, parse.GetValue(_image) ?? KubernetesJobWriter.DefaultImage, stdout);
        }
        return ExitCodes.Success;
    }

    /// <summary>
    /// The sweep's options as the shards must get them, in a fixed order — --phase, --users, --rate, --set…,
    /// --replications, --seed, --duration, --param…, --format — each with the value given (the scenario, --shard,
    /// --out and --threads are the job writers' to add). The order within --set and within --param is kept: it is
    /// the order overrides apply and the grid's order.
    /// </summary>
    private static List<string> Arguments(ParseResult parse, ConfigurationOptions options, IReadOnlyList<string> parameters, string? format)
    {
        var args = new List<string>();
        if (parse.GetResult(options.Phase) is { Implicit: false }) args.AddRange(["--phase", parse.GetValue(options.Phase)!]);
        if (parse.GetValue(options.Users) is { } users) args.AddRange(["--users", users.ToString(CultureInfo.InvariantCulture)]);
        if (parse.GetValue(options.Rate) is { } rate) args.AddRange(["--rate", rate]);
        foreach (string set in parse.GetValue(options.Set) ?? []) args.AddRange(["--set", set]);
        if (parse.GetValue(options.Replications) is { } n) args.AddRange(["--replications", n.ToString(CultureInfo.InvariantCulture)]);
        if (parse.GetValue(options.Seed) is { } seed) args.AddRange(["--seed", seed.ToString(CultureInfo.InvariantCulture)]);
        if (parse.GetValue(options.Duration) is { } duration) args.AddRange(["--duration", duration]);
        foreach (string p in parameters) args.AddRange(["--param", p]);
        if (format is not null) args.AddRange(["--format", format]);
        return args;
    }
}
