using Sim.Components;
using Sim.Distributions;
using Sim.Randomness;
using Sim.Statistics;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Components;

/// <summary>
/// Simulated hit ratios of <see cref="KeySpaceCache"/> against <see cref="KeySpaceCacheTheory"/>.
/// Each check runs R independent replications (fixed seeds) and forms the Student-t interval of the
/// R replication hit ratios at the Bonferroni-corrected level (family 95 % over the checks in one
/// test). The half-width must be below <see cref="Precision"/> so that a wide interval cannot pass.
/// </summary>
/// <remarks>
/// <para><b>LRU vs Che.</b> Che's approximation is not exact, so the interval must come within
/// <see cref="CheAllowance"/> = 0.01 of it: |mean − Che| ≤ 0.01 + half-width. The allowance is the
/// "within ~1 % absolute" accuracy reported for Zipf-like popularity with caches of hundreds of
/// objects or more (Che et al. 2002, Fig. comparisons; Fricker, Robert, Roberts 2012, who show the
/// approximation is asymptotically exact as C grows under Zipf); the measured differences, in
/// docs/components/cache.md, are well below it. Warm-up: under IRM with equal sizes the LRU content
/// is a function of the most recent C distinct requests, so from the moment the cache first holds
/// C keys its state is exactly stationary; each replication warms until then and measures
/// 10⁶ further requests. Sizing: a hit indicator has variance ≤ 0.25, so one replication's ratio
/// has SD ≈ 5·10⁻⁴ (a little more with correlation); with R = 6 and t(5, 1 − 0.05/8) ≈ 4.0 the
/// half-width ≈ 1·10⁻³, under the 3·10⁻³ bar.</para>
/// <para><b>TTL vs renewal formula</b> (exact under its assumptions: Poisson requests, fill at the
/// miss, TTL not refreshed by reads), so the interval itself must contain the formula. λ = 100/s,
/// τ = 10 s, 10⁵ keys. Warm-up 100τ: the cold start (every key absent) leaves a deficit of at most
/// (λp_kτ)² hits per key (renewal theory), concentrated in keys with λp_kτ &lt; 0.01 after 100τ,
/// which bounds the bias over the 500τ window by ≈ 10⁻⁴, a tenth of the half-width. 5·10⁵ requests
/// per replication, R = 10.</para>
/// </remarks>
[Trait("Category", "Slow")]
public class KeySpaceCacheValidationTests(ITestOutputHelper output)
{
    private const double Precision = 0.003;   // absolute half-width required
    private const double CheAllowance = 0.01; // Che's approximation error allowed
    private const int Keys = 100_000;
    private const int ObjectBytes = 1000;

    [Fact]
    public void Lru_HitRatio_MatchesChe()
    {
        (double S, double Fraction)[] cases = [(0.8, 0.05), (0.8, 0.20), (1.0, 0.05), (1.0, 0.20)];
        const int replications = 6;
        const long measured = 1_000_000;
        double level = Bonferroni.Level(0.95, cases.Length);
        var failures = new List<string>();
        foreach ((double s, double fraction) in cases)
        {
            int capacity = (int)(fraction * Keys);
            double che = KeySpaceCacheTheory.CheLruHitRatio(Keys, s, capacity);
            var ratios = new double[replications];
            var streams = new StreamFactory(2024);
            for (int r = 0; r < replications; r++)
            {
                var cache = new KeySpaceCache(new KeySpaceCacheConfig(Keys, s, Deterministic.Of(ObjectBytes),
                    MaxMemoryBytes: (long)capacity * ObjectBytes, PerKeyOverheadBytes: 0));
                RandomStream random = streams.Create($"lru-{s}-{fraction}", r);
                long warm = 0;
                while (cache.KeysResident < capacity && warm < 50_000_000)
                {
                    if (!cache.Get(0, random, out int key)) cache.Set(0, key, random);
                    warm++;
                }
                Assert.Equal(capacity, cache.KeysResident);
                cache.ResetStatistics();
                for (long i = 0; i < measured; i++)
                {
                    if (!cache.Get(0, random, out int key)) cache.Set(0, key, random);
                }
                Assert.Equal(measured, cache.Gets);
                ratios[r] = cache.HitRatio;
            }
            var ci = ConfidenceInterval.FromSamples(ratios, level);
            double diff = ci.Mean - che;
            output.WriteLine($"s={s} C={capacity} ({fraction:P0}): sim {ci.Mean:F4} ± {ci.HalfWidth:F4}, Che {che:F4}, diff {diff:+0.0000;-0.0000}");
            if (ci.HalfWidth > Precision) failures.Add($"s={s} C={capacity}: half-width {ci.HalfWidth:F4} > {Precision}");
            if (Math.Abs(diff) > CheAllowance + ci.HalfWidth) failures.Add($"s={s} C={capacity}: |{diff:F4}| > {CheAllowance} + {ci.HalfWidth:F4}");
        }
        Assert.Empty(failures);
    }

    [Fact]
    public void Ttl_HitRatio_MatchesRenewalFormula()
    {
        const double rate = 100, ttl = 10, warmUp = 100 * ttl, window = 500 * ttl;
        const int replications = 10;
        double[] exponents = [0.8, 1.0];
        double level = Bonferroni.Level(0.95, exponents.Length);
        var failures = new List<string>();
        foreach (double s in exponents)
        {
            double theory = KeySpaceCacheTheory.TtlHitRatio(Keys, s, rate, ttl);
            var ratios = new double[replications];
            var streams = new StreamFactory(77);
            var gap = Exponential.FromRate(rate);
            for (int r = 0; r < replications; r++)
            {
                var cache = new KeySpaceCache(new KeySpaceCacheConfig(Keys, s, Deterministic.Of(ObjectBytes), TtlSeconds: ttl));
                RandomStream random = streams.Create($"ttl-{s}", r);
                double now = 0;
                bool warm = true;
                while (true)
                {
                    now += gap.Sample(random);
                    if (warm && now >= warmUp) { cache.ResetStatistics(); warm = false; }
                    if (now >= warmUp + window) break;
                    if (!cache.Get(now, random, out int key)) cache.Set(now, key, random);
                }
                ratios[r] = cache.HitRatio;
                Assert.Equal(0, cache.Evictions);
            }
            var ci = ConfidenceInterval.FromSamples(ratios, level);
            output.WriteLine($"s={s} λ={rate}/s τ={ttl}s: sim {ci.Mean:F4} ± {ci.HalfWidth:F4}, formula {theory:F4}, diff {ci.Mean - theory:+0.0000;-0.0000}");
            if (ci.HalfWidth > Precision) failures.Add($"s={s}: half-width {ci.HalfWidth:F4} > {Precision}");
            if (!ci.Contains(theory)) failures.Add($"s={s}: [{ci.Lower:F4}, {ci.Upper:F4}] does not contain {theory:F4}");
        }
        Assert.Empty(failures);
    }
}
