using System.Diagnostics;
using System.Text.Json;
using Sim.Cli.Emit;
using static Sim.Cli.Tests.CliRun;

namespace Sim.Cli.Tests;

/// <summary>
/// <c>sim sweep --emit slurm|k8s</c>: bad input, and the emitted jobs — the Slurm scripts run here under bash as the
/// array tasks would (no Slurm needed; <see cref="SlurmClusterTests"/> submits them to a real cluster), the
/// Kubernetes manifests checked field by field.
/// </summary>
public sealed class SweepEmitTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sim-emit-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private string Dir(string name) => Path.Combine(_root, name);

    // 4 points of the seed stack, 2 replications of 20 simulated seconds: well under a second per shard. The --set holds
    // every character a shell treats specially, so the scripts' quoting is tested by running them.
    private static readonly string[] Grid =
        ["--param", "workers=2..3", "--param", "users=20,40", "-n", "2", "--duration", "20s", "--set", "run.warmup=5s",
         "--set", "name=it's \"$HOME\" `id` \\ ! * ; & | > {a,b} ~ #x"];

    [Theory]
    [InlineData("--emit pbs --shards 2 --out OUT", "--emit: 'pbs' is not allowed; allowed: slurm, k8s.")]
    [InlineData("--emit slurm --shards 2", "--emit slurm: needs --out DIR, a folder every node of the cluster can read and write")]
    [InlineData("--emit k8s --shards 2", "--emit k8s: needs --out DIR, the folder to write the Kubernetes manifests to.")]
    [InlineData("--emit slurm --out OUT", "--emit slurm: needs --shards N, how many shards to split the 3 point(s) into (1 … 3).")]
    [InlineData("--emit slurm --shards 0 --out OUT", "--shards: '0' is not valid — expected a whole number from 1 to 3 (the sweep's points; each shard runs at least one).")]
    [InlineData("--emit slurm --shards 4 --out OUT", "--shards: '4' is not valid — expected a whole number from 1 to 3")]
    [InlineData("--emit slurm --shards 2 --shard 1/2 --out OUT", "--shard: '1/2' is not allowed with --emit; each emitted task gets its own --shard i/N — say how many with --shards N.")]
    [InlineData("--shards 2 --out OUT", "--shards: '2' is only allowed with --emit slurm or --emit k8s; to run one slice here, use --shard i/n.")]
    [InlineData("--emit slurm --shards 2 --image my/sim:1 --out OUT", "--image: 'my/sim:1' is only allowed with --emit k8s.")]
    [InlineData("--emit slurm --shards 2 --out OUT --set host.cores=0", "seed-stack.json (built-in): $.host.cores: 0")]
    public void BadInput_GetsOneLine_NamingTheOption_AndExitCode2_AndWritesNothing(string args, string expected)
    {
        string[] argv = ["sweep", "--param", "workers=2..4", .. args.Replace("OUT", Dir("out"), StringComparison.Ordinal).Split(' ')];
        var (code, output, err) = RunSim(argv);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("sim: " + expected, err, StringComparison.Ordinal);
        // The parser's own errors add its usual hint line; ours are one line.
        Assert.Equal(err.Contains("Run 'sim --help'", StringComparison.Ordinal) ? 2 : 1, err.TrimEnd().Split('\n').Length);
        Assert.False(Directory.Exists(Dir("out")));
    }

    [Fact]
    public void Slurm_TheScriptsRunAsArrayTasksWould_AndTheMergeIsTheUnshardedSweep_ByteForByte()
    {
        // A scenario file and a shared folder whose paths need quoting.
        Directory.CreateDirectory(Dir("my scenarios"));
        string scenario = Path.Combine(Dir("my scenarios"), "seed's stack.json");
        File.WriteAllText(scenario, BuiltInScenarios.SeedStack());
        string shared = Dir("shared $dir 'x'");

        var (code, output, err) = RunSim(["sweep", scenario, .. Grid, "--emit", "slurm", "--shards", "2", "--out", shared]);
        Assert.True(code == 0, err);
        Assert.Contains($"Wrote a Slurm sweep of 4 point(s) in 2 shard(s) to {shared}:", output, StringComparison.Ordinal);
        Assert.Contains(ShellQuote.Word(Path.Combine(shared, "submit.sh")), output, StringComparison.Ordinal);
        string shard = File.ReadAllText(Path.Combine(shared, "shard.sbatch"));
        Assert.Contains("#SBATCH --array=1-2\n", shard, StringComparison.Ordinal);
        Assert.Contains("--shard \"$i/2\" --out \"$dir/shards/$i\"", shard, StringComparison.Ordinal);
        Assert.Contains("--dependency=\"afterok:$array\"", File.ReadAllText(Path.Combine(shared, "submit.sh")), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(scenario), File.ReadAllBytes(Path.Combine(shared, "scenario.json")));

        // What Slurm does: each array task runs shard.sbatch with its SLURM_ARRAY_TASK_ID, then the merge runs.
        for (int i = 1; i <= 2; i++)
        {
            var (rc, log) = Bash(Path.Combine(shared, "shard.sbatch"), ("SLURM_ARRAY_TASK_ID", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.True(rc == 0, log);
            Assert.Contains($", shard {i}/2", log, StringComparison.Ordinal);
        }
        var (mergeRc, mergeLog) = Bash(Path.Combine(shared, "merge.sbatch"));
        Assert.True(mergeRc == 0, mergeLog);

        Assert.Equal(0, RunSim(["sweep", scenario, .. Grid, "--out", Dir("local"), "--format", "csv"]).Code);
        foreach (string file in new[] { "sweep.json", "sweep.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(Dir("local"), file)), File.ReadAllBytes(Path.Combine(shared, "merged", file)));
        using JsonDocument merged = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(shared, "merged", "sweep.json")));
        Assert.Equal("it's \"$HOME\" `id` \\ ! * ; & | > {a,b} ~ #x", merged.RootElement.GetProperty("scenario").GetString());

        // Emitting again over finished shards says so; another sweep into the same folder is refused before anything is written.
        (code, output, err) = RunSim(["sweep", scenario, .. Grid, "--emit", "slurm", "--shards", "2", "--out", shared]);
        Assert.True(code == 0, err);
        Assert.Contains("4 of 4 point(s) are already done in", output, StringComparison.Ordinal);
        (code, output, err) = RunSim(["sweep", scenario, .. Grid, "--seed", "7", "--emit", "slurm", "--shards", "2", "--out", shared]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith($"sim: --out {Path.Combine(shared, "shards", "1")}: holds a different sweep", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Slurm_TheScriptsRunTheSimThatWroteThem_UnlessSimIsSet()
    {
        Assert.Equal(0, RunSim(["sweep", .. Grid, "--emit", "slurm", "--shards", "1", "--out", Dir("s")]).Code);
        string expected = "sim=(" + ShellQuote.Join(SimInvocation.Current()) + ")";
        Assert.Contains(expected, File.ReadAllText(Path.Combine(Dir("s"), "shard.sbatch")), StringComparison.Ordinal);
        Assert.Contains(expected, File.ReadAllText(Path.Combine(Dir("s"), "merge.sbatch")), StringComparison.Ordinal);
        Assert.EndsWith("sim.dll", SimInvocation.Current()[^1], StringComparison.Ordinal); // a test host runs it as dotnet sim.dll

        // SIM=… replaces it: a stand-in that prints its arguments shows the exact words the task passes.
        string stub = Dir("print-args");
        File.WriteAllText(stub, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        var (rc, log) = Bash(Path.Combine(Dir("s"), "shard.sbatch"), ("SLURM_ARRAY_TASK_ID", "1"), ("SIM", "sh " + stub), ("SLURM_CPUS_PER_TASK", "3"));
        Assert.True(rc == 0, log);
        string[] expectedArgs =
        [
            "sweep", "--set", "run.warmup=5s", "--set", Grid[^1], "--replications", "2", "--duration", "20s",
            "--param", "workers=2..3", "--param", "users=20,40", "--shard", "1/1", "--out", Path.Combine(Dir("s"), "shards", "1"), "--threads", "3",
        ];
        Assert.Equal(expectedArgs, log.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Kubernetes_IndexedJob_MergeJob_AndVolume_HaveTheRequiredFields()
    {
        Directory.CreateDirectory(_root);
        string scenario = Dir("stack.json");
        File.WriteAllText(scenario, BuiltInScenarios.SeedStack());
        var (code, output, err) = RunSim(["sweep", scenario, .. Grid, "--threads", "2", "--emit", "k8s", "--shards", "3", "--image", "registry.example/sim:1", "--out", Dir("Workers vs Users")]);
        Assert.True(code == 0, err);
        Assert.Contains("kubectl apply -f", output, StringComparison.Ordinal);
        Assert.Contains("kubectl wait --for=condition=complete job/sim-workers-vs-users ", output, StringComparison.Ordinal);

        using JsonDocument shardsDoc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Dir("Workers vs Users"), "shards-job.json")));
        JsonElement job = shardsDoc.RootElement;
        Assert.Equal("batch/v1", job.GetProperty("apiVersion").GetString());
        Assert.Equal("Job", job.GetProperty("kind").GetString());
        Assert.Equal("sim-workers-vs-users", job.GetProperty("metadata").GetProperty("name").GetString());
        JsonElement spec = job.GetProperty("spec");
        Assert.Equal("Indexed", spec.GetProperty("completionMode").GetString());
        Assert.Equal(3, spec.GetProperty("completions").GetInt32());
        Assert.Equal(3, spec.GetProperty("parallelism").GetInt32());
        JsonElement pod = spec.GetProperty("template").GetProperty("spec");
        Assert.Equal("Never", pod.GetProperty("restartPolicy").GetString());
        Assert.True(pod.GetProperty("securityContext").GetProperty("runAsNonRoot").GetBoolean());
        Assert.Equal(KubernetesJobWriter.ImageUser, pod.GetProperty("securityContext").GetProperty("runAsUser").GetInt32());
        JsonElement container = pod.GetProperty("containers")[0];
        Assert.Equal("registry.example/sim:1", container.GetProperty("image").GetString());
        Assert.True(container.GetProperty("securityContext").GetProperty("runAsNonRoot").GetBoolean());
        Assert.False(container.GetProperty("securityContext").GetProperty("allowPrivilegeEscalation").GetBoolean());
        Assert.Equal("2", container.GetProperty("resources").GetProperty("requests").GetProperty("cpu").GetString());
        var mounts = container.GetProperty("volumeMounts").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("mountPath").GetString());
        Assert.Equal("/data", mounts["data"]);
        Assert.Equal("/scenario", mounts["scenario"]);
        var volumes = pod.GetProperty("volumes").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!);
        Assert.Equal("sim-workers-vs-users-data", volumes["data"].GetProperty("persistentVolumeClaim").GetProperty("claimName").GetString());
        Assert.Equal("sim-workers-vs-users-scenario", volumes["scenario"].GetProperty("configMap").GetProperty("name").GetString());

        // The command: pod k (JOB_COMPLETION_INDEX) runs shard k+1 of 3. Run it with the image's sim replaced by a
        // stand-in that prints its arguments.
        string[] command = [.. container.GetProperty("command").EnumerateArray().Select(e => e.GetString()!)];
        Assert.Equal(["/bin/sh", "-c"], command[..2]);
        Assert.Contains("JOB_COMPLETION_INDEX", command[2], StringComparison.Ordinal);
        string script = command[2].Replace("exec " + KubernetesJobWriter.SimPath + " ", "exec printf '%s\\n' ", StringComparison.Ordinal);
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment["JOB_COMPLETION_INDEX"] = "1";
        using (Process sh = Process.Start(start)!)
        {
            string printed = sh.StandardOutput.ReadToEnd();
            sh.WaitForExit();
            Assert.Equal(0, sh.ExitCode);
            string[] expectedArgs =
            [
                "sweep", "/scenario/scenario.json", "--set", "run.warmup=5s", "--set", Grid[^1], "--replications", "2", "--duration", "20s",
                "--param", "workers=2..3", "--param", "users=20,40", "--shard", "2/3", "--out", "/data/shards/2", "--threads", "2",
            ];
            Assert.Equal(expectedArgs, printed.TrimEnd('\n').Split('\n'));
        }

        using JsonDocument volumeDoc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Dir("Workers vs Users"), "volume.json")));
        var items = volumeDoc.RootElement.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("kind").GetString()!);
        Assert.Equal("ReadWriteMany", items["PersistentVolumeClaim"].GetProperty("spec").GetProperty("accessModes")[0].GetString());
        Assert.Equal("sim-workers-vs-users-data", items["PersistentVolumeClaim"].GetProperty("metadata").GetProperty("name").GetString());
        Assert.Equal(File.ReadAllText(scenario), items["ConfigMap"].GetProperty("data").GetProperty("scenario.json").GetString());

        using JsonDocument mergeDoc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Dir("Workers vs Users"), "merge-job.json")));
        JsonElement merge = mergeDoc.RootElement;
        Assert.Equal("batch/v1", merge.GetProperty("apiVersion").GetString());
        Assert.Equal("Job", merge.GetProperty("kind").GetString());
        JsonElement mergePod = merge.GetProperty("spec").GetProperty("template").GetProperty("spec");
        Assert.True(mergePod.GetProperty("securityContext").GetProperty("runAsNonRoot").GetBoolean());
        string[] mergeCommand = [.. mergePod.GetProperty("containers")[0].GetProperty("command").EnumerateArray().Select(e => e.GetString()!)];
        Assert.Equal([KubernetesJobWriter.SimPath, "merge", "/data/shards/1", "/data/shards/2", "/data/shards/3", "--out", "/data/merged", "--format", "json"], mergeCommand);
        Assert.Equal("sim-workers-vs-users-data", mergePod.GetProperty("volumes")[0].GetProperty("persistentVolumeClaim").GetProperty("claimName").GetString());
    }

    [Fact]
    public void Dockerfile_BuildsTheImageTheManifestsExpect()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sim.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        string[] lines = File.ReadAllLines(Path.Combine(dir.FullName, "deploy", "k8s", "Dockerfile"));
        string[] from = [.. lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal))];
        Assert.Equal(2, from.Length); // multi-stage: build, then run
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", from[0], StringComparison.Ordinal);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/runtime-deps:10.0", from[1], StringComparison.Ordinal);
        string text = string.Join('\n', lines);
        Assert.Contains("dotnet publish src/Sim.Cli/Sim.Cli.csproj -c Release -r linux-x64 --self-contained true", text, StringComparison.Ordinal);
        Assert.Contains("USER $APP_UID", text, StringComparison.Ordinal); // the base image's non-root 'app', uid 1654
        Assert.Contains($"ENTRYPOINT [\"{KubernetesJobWriter.SimPath}\"]", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain-word_1.2:x,y=z@%+/")]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("it's")]
    [InlineData("'")]
    [InlineData("''\\'")]
    [InlineData("$HOME ${x} $(id) `id` \"q\" \\ ! * ? [a] ; & | < > ( ) { } ~ # %")]
    [InlineData("line\nbreak\ttab")]
    [InlineData("ünïcødé — ✓")]
    [InlineData("-n")]
    public void ShellQuote_Word_SurvivesBash(string word)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("printf '%s' " + ShellQuote.Word(word));
        using Process bash = Process.Start(start)!;
        string printed = bash.StandardOutput.ReadToEnd();
        bash.WaitForExit();
        Assert.Equal(0, bash.ExitCode);
        Assert.Equal(word, printed);
    }

    [Theory]
    [InlineData("run-1", "sim-run-1")]
    [InlineData("Workers vs Users", "sim-workers-vs-users")]
    [InlineData("sim-sweep-7", "sim-sweep-7")]
    [InlineData("___", "sim-sweep")]
    [InlineData("a-very-long-folder-name-that-kubernetes-would-refuse-as-a-job-name", "sim-a-very-long-folder-name-that-kuberne")]
    public void Kubernetes_JobName_IsAValidNameFromTheFolder(string folder, string expected) =>
        Assert.Equal(expected, KubernetesJobWriter.JobName(folder));

    /// <summary>Runs a script with bash and extra environment variables; its exit code and stdout + stderr.</summary>
    private static (int Code, string Output) Bash(string script, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        if (!environment.Any(e => e.Name == "SIM")) start.Environment.Remove("SIM");
        using Process bash = Process.Start(start)!;
        Task<string> err = bash.StandardError.ReadToEndAsync();
        string output = bash.StandardOutput.ReadToEnd();
        bash.WaitForExit();
        return (bash.ExitCode, output + err.Result);
    }
}
