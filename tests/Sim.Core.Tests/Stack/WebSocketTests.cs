using Sim.Analytic;
using Sim.Distributions;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Statistics;
using Sim.Validation;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// WebSocket connections that open and close (docs/components/websockets.md): with Poisson openings at rate λ and a
/// lifetime of mean T, the open connections are M/G/∞ (mean λT whatever the lifetime's shape); with a limit of c
/// connections they are the M/G/c/c loss system, refused with the Erlang B probability B(c, λT); their messages cost
/// open × rate × CPU per message.
/// </summary>
public sealed class WebSocketTests(ITestOutputHelper output)
{
    // A bare stack (a trickle of requests that cost nothing) with one server of 4 cores and WebSockets that open at 2/s.
    private static StackScenario WithWebSockets(WebSocketSpec ws, int replications = 8, double duration = 20_000)
    {
        StackScenario s = Scenarios.Bare(1, Deterministic.Of(0), rate: 0.01, duration: duration, warmup: 500, replications: replications);
        return s with { Host = s.Host with { Cores = 4 }, WebSockets = ws };
    }

    [Fact]
    public void OpenConnections_AreLittlesLawMean_AndTheirMessagesCostOpenTimesRateTimesCpu()
    {
        // λ = 2/s, lognormal lifetime of mean 30 s (sd 60 s: M/G/∞ is insensitive to the shape): 60 connections open on
        // average. Each sends 0.5 messages/s costing 2 ms: 30 messages/s, 60 ms of CPU a second on 4 cores = 0.015.
        StackScenario s = WithWebSockets(new WebSocketSpec
        {
            Connections = 0, MemoryPerConnectionBytes = 0, OpenRatePerSecond = 2, LifetimeSeconds = LogNormal.FromMeanAndStdDev(30, 60),
            MessageRatePerSecond = 0.5, MessageCpuSeconds = 0.002,
        });
        StackReplicationResult[] runs = StackExperiment.Run(s);
        double level = Bonferroni.Level(0.99, 3);
        var open = ConfidenceInterval.FromSamples(runs.Select(r => r.WebSocketsOpenMean).ToArray(), level);
        var messages = ConfidenceInterval.FromSamples(runs.Select(r => r.WebSocketMessagesPerSecond).ToArray(), level);
        var cpu = ConfidenceInterval.FromSamples(runs.Select(r => r.WebSocketCpuShare).ToArray(), level);
        output.WriteLine($"open {open} (λT = 60), messages/s {messages} (30), CPU share {cpu} (0.015)");
        Assert.True(open.Contains(60), $"open {open}");
        Assert.True(open.RelativeHalfWidth < 0.03, $"too wide {open}");
        Assert.True(messages.Contains(30), $"messages {messages}");
        Assert.True(messages.RelativeHalfWidth < 0.03, $"too wide {messages}");
        Assert.True(cpu.Contains(0.015), $"cpu {cpu}");
        foreach (StackReplicationResult r in runs)
        {
            // The CPU share is the messages' count × 2 ms exactly.
            Assert.Equal(r.WebSocketMessagesPerSecond * 0.002 / 4, r.WebSocketCpuShare, 1e-12);
            Assert.Equal(0, r.WebSocketRefusedPerSecond);
        }
    }

    [Fact]
    public void ALimit_RefusesConnectionsWithTheErlangBProbability()
    {
        // The same openings with exponential lifetimes of mean 30 s and at most 50 open: M/M/50/50 with A = 60 erlangs,
        // refused with B(50, 60); open connections A·(1 − B).
        double b = ErlangB.Blocking(60, 50);
        StackScenario s = WithWebSockets(new WebSocketSpec
        {
            Connections = 0, MemoryPerConnectionBytes = 0, OpenRatePerSecond = 2, LifetimeSeconds = Exponential.FromMean(30), MaxConnections = 50,
        });
        StackReplicationResult[] runs = StackExperiment.Run(s);
        double level = Bonferroni.Level(0.99, 2);
        var refused = ConfidenceInterval.FromSamples(runs.Select(r => r.WebSocketRefusedPerSecond / 2).ToArray(), level);
        var open = ConfidenceInterval.FromSamples(runs.Select(r => r.WebSocketsOpenMean).ToArray(), level);
        output.WriteLine($"P(refused) {refused} vs B(50, 60) = {b:F4}; open {open} vs {60 * (1 - b):F2}");
        Assert.True(refused.Contains(b), $"refused {refused} vs {b}");
        Assert.True(refused.RelativeHalfWidth < 0.05, $"too wide {refused}");
        Assert.True(open.Contains(60 * (1 - b)), $"open {open}");
        foreach (StackReplicationResult r in runs) Assert.Equal(50, r.WebSocketsOpenPeak);
    }

    [Fact]
    public void NginxsConnectionLimit_RefusesToo_AndConnectionsHoldMemory()
    {
        // nginx with 10 connections and no WebSocket limit: never more than 10 open; each holds 1 MB, so the host's
        // memory peaks at 10 MB (the bare host holds nothing else).
        StackScenario s = WithWebSockets(new WebSocketSpec
        {
            Connections = 0, MemoryPerConnectionBytes = 1e6, OpenRatePerSecond = 2, LifetimeSeconds = Exponential.FromMean(30),
        }, replications: 1, duration: 2_000);
        s = s with { Proxy = s.Proxy with { MaxConnections = 10 } };
        StackReplicationResult r = StackExperiment.Run(s)[0];
        output.WriteLine($"open {r.WebSocketsOpenMean} peak {r.WebSocketsOpenPeak} refused/s {r.WebSocketRefusedPerSecond} memory peak {r.HostMemoryPeakBytes}");
        Assert.True(r.WebSocketsOpenPeak <= 10);
        Assert.True(r.WebSocketRefusedPerSecond > 1); // B(10, 60) ≈ 0.84 of 2/s
        Assert.True(r.HostMemoryPeakBytes <= 10e6 + 1);
    }

    [Fact]
    public void ConnectionsThatOpen_CompeteWithRequestsForNginx_EvenWhereNginxCouldOtherwiseNeverRefuse()
    {
        // 5 closed users without client keepalive fit under nginx's 10 connections on their own (the model then merges
        // the arrival and the handshake into one event, as nginx cannot refuse them); WebSockets that open at 2/s and
        // live 30 s on average fill those 10 connections, so requests must now be refused (503 at nginx).
        StackScenario s = WithWebSockets(new WebSocketSpec
        {
            Connections = 0, MemoryPerConnectionBytes = 0, OpenRatePerSecond = 2, LifetimeSeconds = Exponential.FromMean(30),
        }, replications: 1, duration: 2_000);
        s = s with
        {
            Load = new LoadSpec { Closed = new ClosedLoad { Users = 5, ThinkTimeSeconds = Exponential.FromMean(1) } },
            Proxy = s.Proxy with { MaxConnections = 10, ClientKeepalive = false },
        };
        StackReplicationResult r = StackExperiment.Run(s)[0];
        long refused = r.ErrorsByKind[(int)ErrorKind.ProxyConnections];
        output.WriteLine($"requests refused by nginx: {refused} of {r.Completed + r.Failed}; WebSockets open {r.WebSocketsOpenMean}, peak {r.WebSocketsOpenPeak}");
        Assert.True(refused > 0);
        Assert.True(r.WebSocketsOpenPeak <= 10);
    }

    [Fact]
    public void FixedConnections_AreTheConstantCase()
    {
        // The existing form: 234 connections open all the time, no events.
        StackScenario s = WithWebSockets(new WebSocketSpec { Connections = 234, MemoryPerConnectionBytes = 380e3 }, replications: 1, duration: 100);
        StackReplicationResult r = StackExperiment.Run(s)[0];
        Assert.Equal(234, r.WebSocketsOpenMean);
        Assert.Equal(234, r.WebSocketsOpenPeak);
        Assert.True(double.IsNaN(r.WebSocketRefusedPerSecond));
        Assert.True(double.IsNaN(r.WebSocketMessagesPerSecond));
        Assert.True(double.IsNaN(r.WebSocketCpuShare));
        Assert.Equal(234 * 380e3, r.HostMemoryPeakBytes, 1e-3);
    }

    [Theory]
    [InlineData("webSockets.openRate=\"-1/s\"", "$.webSockets.openRate", "\"-1/s\"")]
    [InlineData("webSockets.openRate=\"2/s\"", "$.webSockets.lifetime", "\"0\"")] // no lifetime
    [InlineData("webSockets.maxConnections=-1", "$.webSockets.maxConnections", "-1")]
    [InlineData("webSockets.messageCpu=\"-1ms\"", "$.webSockets.messageCpu", "\"-1ms\"")]
    [InlineData("webSockets.messageSize=5", "$.webSockets.messageSize", "5")]
    public void BadValues_AreRefusedByName(string set, string path, string value)
    {
        ValidationError e = Assert.Single(ScenarioLoaderTestsAccess.Load(set).Errors);
        output.WriteLine(e.ToString());
        Assert.Equal((path, value), (e.Path, e.Value));
    }
}
