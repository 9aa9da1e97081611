using System.Text.Json;
using System.Text.RegularExpressions;
using Sim.Core.Tests.Readme;
using Sim.Scenarios;

namespace Sim.Core.Tests.Scenarios;

/// <summary>
/// The shipped JSON Schema and the docs' field reference are generated from the loader's own tree. These tests keep
/// the files current (set SIM_UPDATE_GENERATED=1 to rewrite them) and check, by walking the schema file, that every
/// property it names is a path the loader accepts and every path the loader accepts is in the schema.
/// </summary>
public partial class ScenarioSchemaTests
{
    private static string Root => ReadmeExampleTests.RepoRoot();

    private static void CheckGenerated(string file, string expected)
    {
        string path = Path.Combine(Root, file);
        string actual = File.Exists(path) ? File.ReadAllText(path) : "";
        if (actual != expected && Environment.GetEnvironmentVariable("SIM_UPDATE_GENERATED") == "1")
        {
            File.WriteAllText(path, expected);
            actual = expected;
        }
        Assert.True(actual == expected, $"{file} is out of date; run the tests with SIM_UPDATE_GENERATED=1 and commit the result.");
    }

    [Fact]
    public void SchemaFile_IsTheGeneratedSchema() => CheckGenerated("scenarios/scenario.schema.json", ScenarioSchema.ToJsonSchema());

    [Fact]
    public void DocsReference_IsTheGeneratedTable()
    {
        string docs = File.ReadAllText(Path.Combine(Root, "docs/scenarios.md"));
        Match m = Reference().Match(docs);
        Assert.True(m.Success, "docs/scenarios.md lacks the reference markers");
        string expected = docs[..m.Groups["table"].Index] + ScenarioSchema.ReferenceTable() + docs[(m.Groups["table"].Index + m.Groups["table"].Length)..];
        CheckGenerated("docs/scenarios.md", expected);
    }

    [GeneratedRegex(@"<!-- reference:begin -->\n(?<table>.*?)<!-- reference:end -->", RegexOptions.Singleline)]
    private static partial Regex Reference();

    // Every object property path in the schema file, e.g. "workers.count", "classes[].steps[].db.queries".
    private static SortedSet<string> SchemaPaths()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "scenarios/scenario.schema.json")));
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        void Walk(JsonElement s, string prefix)
        {
            if (s.TryGetProperty("anyOf", out JsonElement any)) foreach (JsonElement a in any.EnumerateArray()) Walk(a, prefix);
            if (s.TryGetProperty("items", out JsonElement items)) Walk(items, prefix + "[]");
            if (s.TryGetProperty("properties", out JsonElement props))
            {
                foreach (JsonProperty p in props.EnumerateObject())
                {
                    string path = (prefix.Length == 0 ? "" : prefix + ".") + p.Name;
                    paths.Add(path);
                    Walk(p.Value, path);
                }
            }
        }
        Walk(doc.RootElement, "");
        return paths;
    }

    [Fact]
    public void SchemaProperties_AreExactlyTheFieldsTheLoaderAccepts()
    {
        SortedSet<string> paths = SchemaPaths();
        Assert.Contains("workers.count", paths);
        Assert.Contains("classes[].steps[].db.queries", paths);
        Assert.Contains("dbConnections.pool.waitTimeout", paths);
        foreach (string path in paths.Where(p => !p.StartsWith("phases", StringComparison.Ordinal) && p != "$schema"))
        {
            // The loader must accept the path in an override (list items addressed as [0]) ...
            string concrete = path.Replace("[]", "[0]", StringComparison.Ordinal);
            var r = ScenarioLoader.Load(Full0, "t.json", [concrete + "=null"]);
            Assert.DoesNotContain(r.Errors, e => e.Path.StartsWith("--set", StringComparison.Ordinal));
            // ... and reject a sibling the schema does not have.
            var bad = ScenarioLoader.Load(Full0, "t.json", [concrete + "Typo=1"]);
            Assert.Contains(bad.Errors, e => e.Path.StartsWith("--set", StringComparison.Ordinal) && e.Allowed.Contains("unknown", StringComparison.Ordinal));
        }
        Assert.Equal(FieldPaths(), paths);
    }

    // The field paths the loader's reader accepts without an unknown-field error: a walk of its own tree.
    private static SortedSet<string> FieldPaths()
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        void Walk(Shape shape, string prefix)
        {
            switch (shape)
            {
                case NullableShape n: Walk(n.Inner, prefix); break;
                case ArrayShape a: Walk(a.Item, prefix + "[]"); break;
                case ObjectShape o: foreach (Field f in o.Fields) Add(f, prefix); break;
                case OneKeyShape k: foreach (Field f in k.Alternatives) Add(f, prefix); break;
                case SloShape:
                    paths.Add(prefix + ".errorRate");
                    paths.Add(prefix + ".classes");
                    paths.Add(prefix + ".excludeClasses");
                    paths.Add(prefix + ".populations");
                    break;
            }
        }
        void Add(Field f, string prefix)
        {
            string path = (prefix.Length == 0 ? "" : prefix + ".") + f.Name;
            paths.Add(path);
            Walk(f.Shape, path);
        }
        Walk(ScenarioSchema.Root, "");
        return paths;
    }

    // Steps at [0] of every step kind do not exist at once, so the override probe uses a document whose first step
    // can become any kind (an override replaces it) and a task queue and pool that exist.
    private const string Full0 = """
        { "load": { "open": { "rate": "5/s", "profile": [ { "at": "0", "rate": "1/s" } ] }, "closed": { "users": 1 },
                    "populations": [ { "name": "p", "open": { "rate": "5/s", "profile": [ { "at": "0", "rate": "1/s" } ] }, "closed": { "users": 1 }, "mix": { "a": 1 } } ] },
          "classes": [ { "name": "a", "steps": [ { "cpuAtLoad": { "work": "1ms", "curve": [ { "busy": 0, "factor": 1 } ] } }, { "cpu": "1ms" } ] } ],
          "cache": { "keySpace": { "keys": 1 } },
          "dbConnections": { "pool": { "size": 1 } },
          "taskQueue": { "steps": [ { "cpuAtLoad": { "work": "1ms", "curve": [ { "busy": 0, "factor": 1 } ] } } ] },
          "phases": [ { "name": "p", "set": {} } ] }
        """;
}
