using Sim.Statistics;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Validation;

/// <summary>
/// The validation method of STYLE.md: independent replications → a Student-t interval at the
/// per-check level (Bonferroni over the checks of one test, family level 0.99) must contain the
/// analytic value, and its relative half-width must be below a stated precision, so that a wide
/// interval cannot pass.
/// </summary>
internal sealed class Agreement(ITestOutputHelper output, int checks, double familyLevel = 0.99)
{
    public double Level { get; } = Bonferroni.Level(familyLevel, checks);

    public void Check(string name, double[] replicationMeans, double analytic, double maxRelativeHalfWidth)
    {
        ConfidenceInterval ci = ConfidenceInterval.FromSamples(replicationMeans, Level);
        string line = $"{name}: analytic {analytic:G6}, simulated {ci.Mean:G6} ± {ci.HalfWidth:G3} " +
                      $"(relative half-width {ci.RelativeHalfWidth:P2}, limit {maxRelativeHalfWidth:P1}), R = {ci.Count}, level {Level:G4}";
        output.WriteLine(line);
        Assert.True(ci.Contains(analytic), "outside the interval — " + line);
        Assert.True(ci.RelativeHalfWidth <= maxRelativeHalfWidth, "interval too wide to mean anything — " + line);
    }
}
