using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Sim.Core.Tests.Readme;
using Sim.Scenarios;

namespace Sim.Core.Tests.Scenarios;

/// <summary>
/// The shipped <c>scenarios/scenario.schema.json</c>, checked by an independent validator (JsonSchema.Net) rather than by
/// the loader that generated it: every shipped scenario (scenarios/, the CLI's built-ins, which are those files) and
/// every JSON scenario example in README.md and docs/ conforms to it and loads; and scenarios with a deliberate mistake
/// are refused by both the schema and the loader, so the schema is not vacuous.
/// </summary>
public partial class SchemaConformanceTests
{
    private static string Root => ReadmeExampleTests.RepoRoot();

    // Shared with other tests (the calibration's output): JsonSchema.Net registers a schema by its $id once per process.
    internal static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(Path.Combine(Root, "scenarios/scenario.schema.json"))));

    // A minimal scenario around a fragment of one (a docs block that shows only "phases": […]).
    // Its class has the steps the docs' phase examples patch (classes.page.steps[2].db.queries).
    private const string MinimalHead = "{ \"load\": {\"open\": {\"rate\": \"10/s\"}}, \"classes\": [{\"name\": \"page\", \"steps\": ["
        + "{\"cacheGet\": {\"guards\": 2}}, {\"cpu\": \"5ms\"}, {\"db\": {\"queries\": 8, \"time\": \"2ms\"}}, {\"respond\": {\"size\": \"50KB\"}}]}]";

    // Scenario files may carry comments and trailing commas, as the loader allows (JSONC, which editors accept too).
    private static readonly JsonDocumentOptions Jsonc = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static EvaluationResults Evaluate(string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json, Jsonc);
        return Schema.Value.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Describe(EvaluationResults r) =>
        string.Join("; ", (r.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(10));

    public static TheoryData<string> ShippedScenarios()
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.EnumerateFiles(Path.Combine(Root, "scenarios"), "*.json", SearchOption.AllDirectories)
                     .Where(f => !f.EndsWith("scenario.schema.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Root, f).Replace('\\', '/'));
        }
        foreach (string f in Directory.EnumerateFiles(Path.Combine(Root, "samples"), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (!f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)) data.Add(Path.GetRelativePath(Root, f).Replace('\\', '/'));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedScenarios))]
    public void ShippedScenario_ConformsToTheSchema_AndLoads(string file)
    {
        string json = File.ReadAllText(Path.Combine(Root, file));
        EvaluationResults r = Evaluate(json);
        Assert.True(r.IsValid, $"{file}: {Describe(r)}");
        ScenarioLoadResult loaded = ScenarioLoader.Load(json, file);
        Assert.True(loaded.Succeeded, $"{file}: {string.Join("; ", loaded.Errors)}");
    }

    [Fact]
    public void ShippedScenarios_AreFound() => Assert.True(ShippedScenarios().Count >= 8, "expected the seed stack, the growth path and the textbook scenarios");

    [GeneratedRegex(@"```json[^\n]*\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    /// <summary>JSON blocks of README.md and docs/**.md that are scenarios (objects with a load or classes) or scenario fragments (<c>"phases": […]</c>).</summary>
    public static TheoryData<string, int> DocExamples()
    {
        var data = new TheoryData<string, int>();
        var files = new List<string> { Path.Combine(Root, "README.md") };
        files.AddRange(Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        foreach (string f in files)
        {
            string text = File.ReadAllText(f);
            foreach (Match m in JsonBlock().Matches(text))
            {
                if (AsScenario(m.Groups["body"].Value) is not null) data.Add(Path.GetRelativePath(Root, f).Replace('\\', '/'), text[..m.Index].Count(c => c == '\n') + 1);
            }
        }
        return data;
    }

    private static string? AsScenario(string body)
    {
        string t = body.Trim();
        if (t.StartsWith("\"phases\"", StringComparison.Ordinal)) return MinimalHead + ", " + t + " }";
        try
        {
            return JsonNode.Parse(t, documentOptions: Jsonc) is JsonObject o && (o.ContainsKey("load") || o.ContainsKey("classes")) ? t : null;
        }
        catch (JsonException)
        {
            return null; // an annotated result excerpt, not a scenario
        }
    }

    [Theory]
    [MemberData(nameof(DocExamples))]
    public void DocExample_ConformsToTheSchema_AndLoads(string file, int line)
    {
        string text = File.ReadAllText(Path.Combine(Root, file));
        Match m = JsonBlock().Matches(text).Single(b => text[..b.Index].Count(c => c == '\n') + 1 == line);
        string json = AsScenario(m.Groups["body"].Value)!;
        EvaluationResults r = Evaluate(json);
        Assert.True(r.IsValid, $"{file}:{line}: {Describe(r)}");
        ScenarioLoadResult loaded = ScenarioLoader.Load(json, $"{file}:{line}");
        Assert.True(loaded.Succeeded, $"{file}:{line}: {string.Join("; ", loaded.Errors)}");
    }

    [Fact]
    public void DocExamples_AreFound() => Assert.True(DocExamples().Count >= 2, "expected the docs/scenarios.md example and its phases block");

    [Theory]
    [InlineData("{\"workers\": {\"count\": 0}}", "$.workers.count")]
    [InlineData("{\"workers\": {\"cont\": 3}}", "$.workers.cont")]
    [InlineData("{\"proxy\": {\"handshake\": \"20 parsecs\"}}", "$.proxy.handshake")]
    [InlineData("{\"cache\": {\"whenExhausted\": \"panic\"}}", "$.cache.whenExhausted")]
    [InlineData("{\"cache\": {\"hitRatio\": 0.5, \"keySpace\": {\"keys\": 100}}}", "$.cache")]
    [InlineData("{\"run\": {\"replications\": 1.5}}", "$.run.replications")]
    [InlineData("{\"network\": {\"clientBandwidth\": \"20Mbit\"}}", "$.network.clientBandwidth")]
    [InlineData("{\"load\": {\"open\": {\"rate\": \"10/s\"}, \"closed\": {\"users\": 5}}}", "$.load")]
    public void BadScenario_IsRefused_ByTheSchema_AndTheLoader(string change, string path)
    {
        JsonObject scenario = (JsonObject)JsonNode.Parse(MinimalHead + " }")!;
        foreach (var (key, value) in (JsonObject)JsonNode.Parse(change)!) scenario[key] = value?.DeepClone();
        string json = scenario.ToJsonString();
        Assert.False(Evaluate(json).IsValid, $"the schema accepts {json}");
        ScenarioLoadResult loaded = ScenarioLoader.Load(json, "bad.json");
        Assert.False(loaded.Succeeded);
        Assert.Contains(loaded.Errors, e => e.Path == path);
    }

    [Fact]
    public void MissingClasses_IsRefused_ByTheSchema_AndTheLoader()
    {
        const string json = "{ \"load\": {\"open\": {\"rate\": \"10/s\"}} }";
        Assert.False(Evaluate(json).IsValid);
        Assert.Contains(ScenarioLoader.Load(json, "bad.json").Errors, e => e.Path == "$.classes");
    }
}
