using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sim.Io;

namespace Sim.Cli.Emit;

/// <summary>
/// Writes a sweep as Kubernetes manifests (JSON, which kubectl reads like YAML): <c>volume.json</c>, a
/// ReadWriteMany PersistentVolumeClaim the shards and the merge share (and a ConfigMap with the scenario, when one
/// was given); <c>shards-job.json</c>, an Indexed Job whose pod <c>k</c> runs <c>sim sweep … --shard (k+1)/N --out
/// /data/shards/(k+1)</c>; and <c>merge-job.json</c>, a Job that runs <c>sim merge</c> over the shards into
/// <c>/data/merged</c> and prints sweep.json. The image is the one deploy/k8s/Dockerfile builds: sim at
/// <see cref="SimPath"/>, user <see cref="ImageUser"/>.
/// </summary>
internal static class KubernetesJobWriter
{
    /// <summary>Where the image keeps the self-contained sim (deploy/k8s/Dockerfile).</summary>
    public const string SimPath = "/app/sim";

    /// <summary>The image's non-root user and group id (the .NET images' <c>app</c> user, <c>$APP_UID</c>).</summary>
    public const int ImageUser = 1654;

    /// <summary>Where the shared volume is mounted in every pod.</summary>
    public const string DataPath = "/data";

    private const string ScenarioPath = "/scenario";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The image the manifests name unless --image says otherwise: <c>sim:VERSION</c>.</summary>
    public static string DefaultImage { get; } = "sim:" + (typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "latest").Split('+')[0];

    /// <summary>Writes the three manifests into the job's folder, then tells <paramref name="stdout"/> how to run them.</summary>
    /// <param name="job">The sweep.</param>
    /// <param name="image">The sim container image.</param>
    /// <param name="stdout">Where the instructions go.</param>
    public static void Write(SweepJob job, string image, TextWriter stdout)
    {
        string name = JobName(job.Output.Name);
        string dir = job.Output.FullName;
        string n = job.Shards.ToString(CultureInfo.InvariantCulture);
        string claim = name + "-data", scenarioMap = name + "-scenario";

        var storage = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "PersistentVolumeClaim",
            ["metadata"] = Metadata(claim, "data"),
            ["spec"] = new JsonObject
            {
                // Every shard pod writes to it at once, possibly from different nodes.
                ["accessModes"] = new JsonArray("ReadWriteMany"),
                ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = "1Gi" } },
            },
        });
        if (job.Scenario is { } file)
            storage.Add(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = Metadata(scenarioMap, "scenario"),
                ["data"] = new JsonObject { [SweepJob.ScenarioFileName] = File.ReadAllText(file.FullName) },
            });

        var sweep = new StringBuilder("i=$((JOB_COMPLETION_INDEX + 1)); exec ").Append(SimPath).Append(" sweep");
        if (job.Scenario is not null) sweep.Append(' ').Append(ScenarioPath).Append('/').Append(SweepJob.ScenarioFileName);
        if (job.Arguments.Count > 0) sweep.Append(' ').Append(ShellQuote.Join(job.Arguments));
        sweep.Append($" --shard \"$i/{n}\" --out \"{DataPath}/shards/$i\" --threads {job.ThreadsPerShard.ToString(CultureInfo.InvariantCulture)}");
        var mounts = new JsonArray(new JsonObject { ["name"] = "data", ["mountPath"] = DataPath }, new JsonObject { ["name"] = "tmp", ["mountPath"] = "/tmp" });
        var volumes = new JsonArray(
            new JsonObject { ["name"] = "data", ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = claim } },
            new JsonObject { ["name"] = "tmp", ["emptyDir"] = new JsonObject() });
        if (job.Scenario is not null)
        {
            mounts.Add(new JsonObject { ["name"] = "scenario", ["mountPath"] = ScenarioPath, ["readOnly"] = true });
            volumes.Add(new JsonObject { ["name"] = "scenario", ["configMap"] = new JsonObject { ["name"] = scenarioMap } });
        }
        var shards = new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = Metadata(name, "sweep-shard"),
            ["spec"] = new JsonObject
            {
                ["completionMode"] = "Indexed",
                ["completions"] = job.Shards,
                ["parallelism"] = job.Shards,
                // A failed shard is retried on its own (Kubernetes ≥ 1.29); the others go on.
                ["backoffLimitPerIndex"] = 2,
                ["template"] = Pod(name, "sweep-shard", image, new JsonArray("/bin/sh", "-c", sweep.ToString()), job.ThreadsPerShard, mounts, volumes),
            },
        };

        var mergeCommand = new JsonArray(SimPath, "merge");
        for (int i = 1; i <= job.Shards; i++) mergeCommand.Add($"{DataPath}/shards/{i.ToString(CultureInfo.InvariantCulture)}");
        foreach (string word in (string[])["--out", DataPath + "/merged", "--format", "json"]) mergeCommand.Add(word);
        var merge = new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = Metadata(name + "-merge", "sweep-merge"),
            ["spec"] = new JsonObject
            {
                ["completions"] = 1,
                ["backoffLimit"] = 2,
                ["template"] = Pod(name + "-merge", "sweep-merge", image, mergeCommand, 1,
                    new JsonArray(new JsonObject { ["name"] = "data", ["mountPath"] = DataPath }, new JsonObject { ["name"] = "tmp", ["mountPath"] = "/tmp" }),
                    new JsonArray(
                        new JsonObject { ["name"] = "data", ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = claim } },
                        new JsonObject { ["name"] = "tmp", ["emptyDir"] = new JsonObject() })),
            },
        };

        AtomicFile.WriteAllText(Path.Combine(dir, "volume.json"), new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = storage }.ToJsonString(Json) + "\n");
        AtomicFile.WriteAllText(Path.Combine(dir, "shards-job.json"), shards.ToJsonString(Json) + "\n");
        AtomicFile.WriteAllText(Path.Combine(dir, "merge-job.json"), merge.ToJsonString(Json) + "\n");

        string Q(string file) => ShellQuote.Word(Path.Combine(dir, file));
        stdout.WriteLine($"Wrote Kubernetes manifests for a sweep of {job.Points} point(s) in {n} shard(s) to {dir}:");
        stdout.WriteLine($"  volume.json      PersistentVolumeClaim {claim} (ReadWriteMany, 1Gi, mounted at {DataPath}){(job.Scenario is null ? "" : $" and ConfigMap {scenarioMap} (the scenario)")}");
        stdout.WriteLine($"  shards-job.json  Indexed Job {name}: {n} pod(s); pod k runs sim sweep … --shard (k+1)/{n} --out {DataPath}/shards/(k+1)");
        stdout.WriteLine($"  merge-job.json   Job {name}-merge: sim merge {DataPath}/shards/1 … {DataPath}/shards/{n} --out {DataPath}/merged --format json");
        stdout.WriteLine($"Image {image}: docker build -f deploy/k8s/Dockerfile -t {image} . (from the repository), pushed where the cluster pulls from. Then:");
        stdout.WriteLine($"  kubectl apply -f {Q("volume.json")} -f {Q("shards-job.json")}");
        stdout.WriteLine($"  kubectl wait --for=condition=complete job/{name} --timeout=24h");
        stdout.WriteLine($"  kubectl apply -f {Q("merge-job.json")} && kubectl wait --for=condition=complete job/{name}-merge --timeout=1h");
        stdout.WriteLine($"  kubectl logs job/{name}-merge > sweep.json");
        stdout.WriteLine($"After a failed pod: kubectl delete job {name} and apply shards-job.json again — points already on the volume are skipped.");
    }

    /// <summary>A Kubernetes name from the output folder's: <c>sim-</c> + lowercase letters, digits and dashes, at most 40 characters.</summary>
    internal static string JobName(string folder)
    {
        var sb = new StringBuilder();
        foreach (char c in folder.ToLowerInvariant())
        {
            char d = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '-';
            if (d == '-' && (sb.Length == 0 || sb[^1] == '-')) continue;
            sb.Append(d);
        }
        string core = sb.ToString().Trim('-');
        if (core.StartsWith("sim-", StringComparison.Ordinal)) core = core[4..];
        if (core is "" or "sim") return "sim-sweep";
        string name = "sim-" + core;
        return name.Length <= 40 ? name : name[..40].TrimEnd('-');
    }

    private static JsonObject Metadata(string name, string component) => new()
    {
        ["name"] = name,
        ["labels"] = new JsonObject { ["app.kubernetes.io/name"] = "sim", ["app.kubernetes.io/component"] = component },
    };

    private static JsonObject Pod(string name, string component, string image, JsonArray command, int cpus, JsonArray mounts, JsonArray volumes) => new()
    {
        ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app.kubernetes.io/name"] = "sim", ["app.kubernetes.io/component"] = component, ["sim/job"] = name } },
        ["spec"] = new JsonObject
        {
            ["restartPolicy"] = "Never",
            ["securityContext"] = new JsonObject
            {
                ["runAsNonRoot"] = true,
                ["runAsUser"] = ImageUser,
                ["runAsGroup"] = ImageUser,
                ["fsGroup"] = ImageUser, // the volume is writable by the image's user
                ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" },
            },
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "sim",
                ["image"] = image,
                ["command"] = command,
                ["resources"] = new JsonObject
                {
                    ["requests"] = new JsonObject { ["cpu"] = cpus.ToString(CultureInfo.InvariantCulture), ["memory"] = "512Mi" },
                    ["limits"] = new JsonObject { ["memory"] = "2Gi" },
                },
                ["securityContext"] = new JsonObject
                {
                    ["runAsNonRoot"] = true,
                    ["allowPrivilegeEscalation"] = false,
                    ["readOnlyRootFilesystem"] = true,
                    ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") },
                },
                ["volumeMounts"] = mounts,
            }),
            ["volumes"] = volumes,
        },
    };
}
