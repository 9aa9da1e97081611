namespace Sim.Calibration;

/// <summary>
/// One calibrated parameter: where it went in the scenario, the value, how it was obtained, from how many observations,
/// and how sure that is.
/// </summary>
/// <param name="Parameter">The scenario path (e.g. <c>classes.page.steps[0].cpu</c>) or, for a figure only reported, a name in words.</param>
/// <param name="Value">The value in words with its unit (e.g. "lognormal median 12 ms, p95 40 ms").</param>
/// <param name="Method">How it was estimated (the fit and its goodness, the selection of requests).</param>
/// <param name="SampleSize">Observations it rests on; 0 when not applicable.</param>
/// <param name="Confidence">Its uncertainty in words, e.g. "mean 15.1 ms ± 0.4 ms (95 % t)"; empty when not applicable.</param>
public sealed record CalibrationNote(string Parameter, string Value, string Method, long SampleSize, string Confidence);
