// What a user writes after `dotnet add package Sim.Core` and `dotnet add package Sim.Charts`:
// load a scenario, run it in replications, compare with the closed form, and save a chart.
using Sim.Analytic;
using Sim.Charts;
using Sim.Scenarios;
using Sim.Stack;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: PackageConsumer SCENARIO.json OUT_DIR");
    return 2;
}

ScenarioLoadResult loaded = ScenarioLoader.LoadFile(args[0], ["run.duration=2000s", "run.replications=4"]);
if (!loaded.Succeeded)
{
    foreach (var error in loaded.Errors) Console.Error.WriteLine(error);
    return 2;
}
StackScenario scenario = loaded.Phases[0].Scenario;
StackReplicationResult[] runs = StackExperiment.Run(scenario);
StackSummary summary = StackSummary.From(runs);

// The textbook M/M/c scenario: 8 workers, 72 req/s, 100 ms mean service → Erlang C.
double expected = MMc.Compute(72, 10, 8).W * 1000;
var mean = summary["latencyMs.mean"];
Console.WriteLine($"mean latency {mean.Mean:F1} ± {mean.Ci95:F1} ms (Erlang C: {expected:F1} ms) over {summary.Replications} replications");

Directory.CreateDirectory(args[1]);
string png = Path.Combine(args[1], "latency.png");
ChartExport.SavePng(StackCharts.LatencyDistribution(loaded.Phases[0].Name, runs), png);
Console.WriteLine($"wrote {png} ({new FileInfo(png).Length} bytes)");
return Math.Abs(mean.Mean - expected) <= Math.Max(3 * mean.Ci95, 0.05 * expected) ? 0 : 1;
