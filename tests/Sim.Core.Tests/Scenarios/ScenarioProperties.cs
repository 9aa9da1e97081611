using System.Globalization;
using FsCheck;
using FsCheck.Xunit;
using Sim.Scenarios;

namespace Sim.Core.Tests.Scenarios;

/// <summary>Random valid scenarios load and carry their values into the records, whether written in the file or given by --set.</summary>
public class ScenarioProperties
{
    [Property(MaxTest = 200)]
    public bool RandomValidScenario_LoadsAndRoundTrips(PositiveInt workers, NonNegativeInt backlog, PositiveInt users, PositiveInt thinkMs,
        PositiveInt servers, byte hitPercent, PositiveInt cpuUs, PositiveInt queries, bool closed, bool viaOverride)
    {
        int hit = hitPercent % 101;
        string load = closed
            ? $"\"closed\": {{ \"users\": {users.Get}, \"thinkTime\": \"{thinkMs.Get}ms\" }}"
            : $"\"open\": {{ \"rate\": \"{users.Get}/s\" }}";
        string stack = $"\"workers\": {{ \"count\": {workers.Get}, \"backlog\": {backlog.Get} }}, \"loadBalancer\": {{ \"servers\": {servers.Get} }}, " +
                       $"\"cache\": {{ \"hitRatio\": \"{hit}%\" }},";
        string[] overrides = viaOverride
            ? [$"workers.count={workers.Get}", $"workers.backlog={backlog.Get}", $"loadBalancer.servers={servers.Get}", $"cache.hitRatio={hit}%"]
            : [];
        string json = "{ " + (viaOverride ? "" : stack) + $" \"load\": {{ {load} }}, " +
                      $"\"classes\": [ {{ \"name\": \"c\", \"steps\": [ {{ \"cpu\": \"{cpuUs.Get}us\" }}, {{ \"db\": {{ \"queries\": {queries.Get}, \"time\": \"1ms\" }} }} ] }} ] }}";
        ScenarioLoadResult r = ScenarioLoader.Load(json, "random.json", overrides);
        if (!r.Succeeded) return false;
        StackScenario s = r.Baseline;
        bool loadOk = closed
            ? s.Load.Closed!.Users == users.Get && Math.Abs(s.Load.Closed.ThinkTimeSeconds.Mean - thinkMs.Get / 1e3) <= 1e-12 * thinkMs.Get && s.Load.Open is null
            : s.Load.Open!.RatePerSecond == users.Get && s.Load.Closed is null;
        return loadOk
            && s.Workers.Count == workers.Get && s.Workers.Backlog == backlog.Get && s.LoadBalancer.Servers == servers.Get
            && Math.Abs(s.Cache.HitRatio - hit / 100.0) < 1e-15
            && Math.Abs(((CpuStep)s.Classes[0].Steps[0]).WorkSeconds.Mean - cpuUs.Get / 1e6) <= 1e-15 * cpuUs.Get
            && ((DbStep)s.Classes[0].Steps[1]).Queries == queries.Get;
    }

    [Property(MaxTest = 100)]
    public bool NegativeOrZeroWorkers_AlwaysOneErrorAtThePath(NonNegativeInt n)
    {
        ScenarioLoadResult r = ScenarioLoader.Load(ScenarioLoaderTests.Minimal, "m.json", [$"workers.count={(-n.Get).ToString(CultureInfo.InvariantCulture)}"]);
        return r.Errors.Count == 1 && r.Errors[0].Path == "$.workers.count" && r.Errors[0].Value == (-n.Get).ToString(CultureInfo.InvariantCulture);
    }
}
