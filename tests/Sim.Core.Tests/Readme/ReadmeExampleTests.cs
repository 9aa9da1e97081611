using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Sim.Analytic;
using Sim.Distributions;
using Sim.Kernel;
using Sim.Randomness;
using Sim.Statistics;

namespace Sim.Core.Tests.Readme;

/// <summary>
/// The README's library example is this test's code, character for character (up to indentation):
/// one test checks the two texts are the same, the other runs it and checks its answer.
/// </summary>
public partial class ReadmeExampleTests
{
    [Fact]
    public void ReadmeSnippet_IsTheCodeThisTestRuns()
    {
        string readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));
        Match block = SnippetInReadme().Match(readme);
        Assert.True(block.Success, "README.md has no readme-example snippet");
        string source = File.ReadAllText(ThisFile());
        Match body = SnippetInTest().Match(source);
        Assert.True(body.Success, "this test lost its begin/end-snippet markers");
        string Normalise(string code) => string.Join("\n", code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("using ", StringComparison.Ordinal)));
        Assert.Equal(Normalise(block.Groups["code"].Value), Normalise(body.Groups["code"].Value));
    }

    [Fact]
    public void ReadmeSnippet_RunsAndAgreesWithErlangC()
    {
        var (wait, theory) = RunSnippet();
        // M/M/2 at ρ = 0.75 over 100,000 s ≈ 150,000 customers. Measured on this seed with 20 batch
        // means: 95 % half-width 5.1 % of the mean, i.e. a standard error ≈ 2.4 %. A 10 % bound is
        // ≈ 4 standard errors: it catches a wrong queue discipline, service time or clock, not noise.
        Assert.True(wait.Count > 140_000, $"only {wait.Count} customers");
        Assert.InRange(wait.Mean, theory.Wq * 0.9, theory.Wq * 1.1);
    }

    private static (Tally Wait, MMcResult Theory) RunSnippet()
    {
        // begin-snippet
        var sim = new Simulation();
        var streams = new StreamFactory(seed: 42);
        RandomStream arrivals = streams.Create("arrivals"), services = streams.Create("service");
        Distribution gap = Exponential.FromRate(1.5), work = Exponential.FromMean(1.0);
        var servers = new Resource(sim, capacity: 2);
        var wait = new Tally();

        IEnumerable<SimEvent> Customer()
        {
            double arrived = sim.Now;
            using ResourceRequest request = servers.Request();
            yield return request;                            // queue for a server (FIFO)
            wait.Add(sim.Now - arrived);
            yield return sim.Delay(work.Sample(services));   // hold it for the service time
        }

        IEnumerable<SimEvent> Source()
        {
            while (true)
            {
                yield return sim.Delay(gap.Sample(arrivals));
                sim.Start(Customer());
            }
        }

        sim.Start(Source());
        sim.Run(until: 100_000); // simulated seconds

        MMcResult theory = MMc.Compute(arrivalRate: 1.5, serviceRate: 1.0, servers: 2);
        Console.WriteLine($"mean wait: simulated {wait.Mean:F3} s, Erlang C {theory.Wq:F3} s");
        // end-snippet
        return (wait, theory);
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;

    internal static string RepoRoot()
    {
        string? dir = Path.GetDirectoryName(ThisFile());
        while (dir is not null && !File.Exists(Path.Combine(dir, "Sim.sln"))) dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("Sim.sln not found above " + ThisFile());
    }

    [GeneratedRegex(@"<!-- snippet: readme-example -->\s*```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex SnippetInReadme();

    [GeneratedRegex(@"// begin-snippet\n(?<code>.*?)// end-snippet", RegexOptions.Singleline)]
    private static partial Regex SnippetInTest();
}
