namespace Sim.Stack;

/// <summary>The outcome of automatic warm-up detection.</summary>
/// <param name="Seconds">Warm-up to discard, seconds.</param>
/// <param name="Settled">False when the series was still trending (MSER-5 chose the end of its range): the run is too short for its transient.</param>
public sealed record WarmupDecision(double Seconds, bool Settled);
