using Sim.Distributions;
using Sim.Scenarios;

namespace Sim.Core.Tests.Scenarios;

/// <summary>
/// A record built in code and a JSON file that leaves the same fields out get the same values: the records' property
/// defaults are read from the schema (ScenarioDefaults), the one place defaults are written. Compared by the records'
/// text (distributions have no value equality, their text names family and parameters).
/// </summary>
public class ScenarioDefaultsTests
{
    private const string Json = """
        {
          "load": {"closed": {"users": 10}},
          "cache": {"keySpace": {"keys": 5}},
          "dbConnections": {"pool": {"size": 3}},
          "taskQueue": {"steps": []},
          "classes": [{"name": "page", "steps": [{"cacheGet": {}}, {"db": {"time": "2ms"}}, {"enqueue": {}}, {"respond": {"size": "1KB"}}]}]
        }
        """;

    private static StackScenario Loaded()
    {
        ScenarioLoadResult r = ScenarioLoader.Load(Json, "defaults.json");
        Assert.True(r.Succeeded, string.Join("; ", r.Errors));
        return r.Baseline;
    }

    [Fact]
    public void RecordsBuiltInCode_HaveTheSchemaDefaults_OfAFileThatOmitsThem()
    {
        StackScenario loaded = Loaded();
        var built = new StackScenario
        {
            Load = new LoadSpec { Closed = new ClosedLoad { Users = 10 } },
            Cache = new CacheSpec { KeySpace = new KeySpaceSpec { Keys = 5 } },
            DbConnections = new DbConnectionsSpec { Pool = new DbPoolSpec { Size = 3 } },
            TaskQueue = new TaskQueueSpec { Steps = [] },
            Classes = [new RequestClass { Name = "page" }],
        };

        // Name: the loader names an unnamed file after its source ("defaults"), which code has no counterpart of.
        Assert.Equal(loaded.Description, built.Description);
        Assert.Equal(loaded.Run, built.Run); // plain values: record equality
        Assert.Equal(loaded.Load.Closed!.Users, built.Load.Closed!.Users);
        Assert.Equal(loaded.Load.Closed.ThinkTimeSeconds.ToString(), built.Load.Closed.ThinkTimeSeconds.ToString());
        Assert.Equal(loaded.LoadBalancer, built.LoadBalancer);
        Assert.Equal(loaded.Proxy.ToString(), built.Proxy.ToString());
        Assert.Equal(loaded.Workers, built.Workers);
        Assert.Equal(loaded.Host, built.Host);
        Assert.Equal(loaded.Cache.ToString(), built.Cache.ToString());
        Assert.Equal(loaded.DbConnections.ToString(), built.DbConnections.ToString());
        Assert.Equal(loaded.Database, built.Database);
        Assert.Equal(loaded.TaskQueue!.BrokerLatencySeconds.ToString(), built.TaskQueue!.BrokerLatencySeconds.ToString());
        Assert.Equal((loaded.TaskQueue.Concurrency, loaded.TaskQueue.Cores), (built.TaskQueue.Concurrency, built.TaskQueue.Cores));
        Assert.Equal(loaded.Network.ToString(), built.Network.ToString());
        Assert.Equal(loaded.WebSockets.ToString(), built.WebSockets.ToString()); // it holds a distribution (lifetime): compared by value as text
        Assert.Equal(loaded.Slo, built.Slo);
        RequestClass page = loaded.Classes[0];
        Assert.Equal((page.Weight, page.StaticAtProxy), (built.Classes[0].Weight, built.Classes[0].StaticAtProxy));
        Assert.Equal(((CacheGetStep)page.Steps[0]).Guards, new CacheGetStep().Guards);
        var db = (DbStep)page.Steps[1];
        var dbBuilt = new DbStep { QueryTimeSeconds = Deterministic.Of(0.002) };
        Assert.Equal((db.Queries, db.Write), (dbBuilt.Queries, dbBuilt.Write));
        Assert.Equal(((EnqueueStep)page.Steps[2]).Probability, new EnqueueStep().Probability);
    }

    [Fact]
    public void Defaults_AreTheDocumentedValues()
    {
        // A spot check that the schema's text reaches the records in SI units.
        Assert.Equal(300, new RunSettings().DurationSeconds);
        Assert.Equal(60, new RunSettings().WarmupSeconds);
        Assert.Equal(30, new WorkerPoolSpec().TimeoutSeconds);
        Assert.Equal(60e6, new WorkerPoolSpec().MemoryPerWorkerBytes);
        Assert.Equal(100e6, new NetworkSpec().ClientBandwidthBitsPerSecond.Mean);
        Assert.Equal(0.01, new GzipSpec().CpuSecondsPerMegabyte, 15);
        Assert.Equal(BalancingPolicy.RoundRobin, new LoadBalancerSpec().Policy);
        Assert.Equal(ConnectionExhaustion.Wait, new CacheSpec().WhenExhausted);
        Assert.Equal((0.95, 0.5, 0.001), (new SloSpec().LatencyQuantile, new SloSpec().LatencyLimitSeconds, new SloSpec().MaxErrorRate));
        Assert.Equal(5, new ClosedLoad { Users = 1 }.ThinkTimeSeconds.Mean, 12);
    }

    [Fact]
    public void DocsExample_InCode_IsValid()
    {
        // The example of docs/scenarios.md, "Scenarios built in C#".
        var s = new StackScenario
        {
            Load = new LoadSpec { Closed = new ClosedLoad { Users = 500 } },
            Workers = new WorkerPoolSpec { Count = 8, TimeoutSeconds = 30 },
            Classes =
            [
                new RequestClass
                {
                    Name = "page",
                    Steps = [new CpuStep { WorkSeconds = Deterministic.Of(0.02) }, new DbStep { Queries = 8, QueryTimeSeconds = Exponential.FromMean(0.003) },
                             new RespondStep { SizeBytes = Deterministic.Of(50e3) }],
                },
            ],
        };
        Assert.Empty(s.Validate());
        Assert.Contains("new StackScenario", File.ReadAllText(Path.Combine(Sim.Core.Tests.Readme.ReadmeExampleTests.RepoRoot(), "docs/scenarios.md")), StringComparison.Ordinal);
    }
}
