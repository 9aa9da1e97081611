using System.Text.RegularExpressions;
using Sim.Core.Tests.Readme;

namespace Sim.Core.Tests.Architecture;

/// <summary>
/// Sim.Core's folders are layers (DESIGN.md, "Layout"): a folder may use only folders of a lower layer. Checked on the
/// source: a folder depends on another when one of its files has <c>using Sim.X;</c> or names a type of <c>Sim.X</c>
/// qualified (<c>Sim.X.T</c> or <c>X.T</c>), the types being read from the built assembly so that a member that happens
/// to share a folder's name (<c>mixture.Components[i]</c>) is not taken for one.
/// </summary>
public sealed partial class LayeringTests
{
    /// <summary>Each folder's layer; a folder may reference folders of a strictly lower layer only.</summary>
    private static readonly Dictionary<string, int> Layer = new(StringComparer.Ordinal)
    {
        ["Validation"] = 0, ["Io"] = 0, ["Analytic"] = 0, ["Kernel"] = 0, ["Randomness"] = 0, ["Statistics"] = 0,
        ["Units"] = 1,
        ["Distributions"] = 2,
        ["Components"] = 3, ["Models"] = 3, ["AccessLogs"] = 3,
        ["Scenarios"] = 4,
        ["Stack"] = 5, ["Calibration"] = 5,
        ["Experiments"] = 6,
    };

    [Fact]
    public void CoreFolders_ReferenceOnlyLowerLayers()
    {
        string core = Path.Combine(ReadmeExampleTests.RepoRoot(), "src", "Sim.Core");
        var folders = Directory.GetDirectories(core).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).Select(f => f!).ToList();
        Assert.Empty(folders.Where(f => !Layer.ContainsKey(f)).Select(f => $"src/Sim.Core/{f} has no layer in LayeringTests.Layer"));

        var violations = new List<string>();
        foreach (string folder in folders)
            foreach (string file in Directory.GetFiles(Path.Combine(core, folder), "*.cs", SearchOption.AllDirectories))
                foreach (string used in References(File.ReadAllText(file), folder))
                    if (Layer[used] >= Layer[folder])
                        violations.Add($"{folder}/{Path.GetFileName(file)} (layer {Layer[folder]}) uses {used} (layer {Layer[used]})");
        Assert.Empty(violations);
    }

    [Fact]
    public void References_FindsUsingsAndQualifiedTypes_NotMembersNamedLikeFolders()
    {
        const string source = """
            using Sim.Experiments;
            namespace Sim.Stack;
            class A { double x = Statistics.LatencyHistogram.DefaultRelativeAccuracy; object y = mixture.Components[0]; Sim.Kernel.Simulation? s; }
            """;
        Assert.Equal(["Experiments", "Kernel", "Statistics"], References(source, "Stack").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ExperimentsAndStack_DoNotDependOnEachOtherBothWays()
    {
        // The reason this test exists: Sweep (Experiments) used Stack while Stack used Replications from Experiments.
        string core = Path.Combine(ReadmeExampleTests.RepoRoot(), "src", "Sim.Core");
        bool stackUsesExperiments = Directory.GetFiles(Path.Combine(core, "Stack"), "*.cs").Any(f => References(File.ReadAllText(f), "Stack").Contains("Experiments"));
        Assert.False(stackUsesExperiments);
    }

    /// <summary>Type names of each Sim.Core namespace that is a folder, from the built assembly.</summary>
    private static readonly Dictionary<string, HashSet<string>> TypesByFolder = typeof(Sim.Stack.StackSummary).Assembly.GetTypes()
        .Where(t => t.Namespace is { } ns && ns.StartsWith("Sim.", StringComparison.Ordinal) && !t.IsNested)
        .GroupBy(t => t.Namespace![4..].Split('.')[0])
        .ToDictionary(g => g.Key, g => g.Select(t => t.Name.Split('`')[0]).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>The other layer folders <paramref name="source"/> (a file of <paramref name="folder"/>) references.</summary>
    private static HashSet<string> References(string source, string folder)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in UsingLine().Matches(source)) used.Add(m.Groups["ns"].Value);
        foreach (Match m in QualifiedName().Matches(source))
        {
            string ns = m.Groups["ns"].Value, type = m.Groups["type"].Value;
            if (TypesByFolder.TryGetValue(ns, out HashSet<string>? types) && types.Contains(type)) used.Add(ns);
        }
        used.IntersectWith(Layer.Keys);
        used.Remove(folder);
        return used;
    }

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?Sim\.(?<ns>\w+)", RegexOptions.Multiline)]
    private static partial Regex UsingLine();

    [GeneratedRegex(@"(?<![\w.])(?:Sim\.)?(?<ns>[A-Z]\w*)\.(?<type>[A-Z]\w*)\b")]
    private static partial Regex QualifiedName();
}
