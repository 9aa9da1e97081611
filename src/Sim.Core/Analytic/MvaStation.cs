namespace Sim.Analytic;

/// <summary>A queueing station of a closed network, as input to <see cref="Mva.Compute"/> and <see cref="Bounds.Closed(int, double, ReadOnlySpan{MvaStation})"/>.</summary>
/// <param name="ServiceDemand">D_k = V_k·S_k, total service time a customer needs at this station per cycle (visit ratio × mean service time per visit), seconds; finite, &gt; 0.</param>
/// <param name="Servers">c_k, identical FCFS exponential servers (or processor sharing when c_k = 1); ≥ 1, default 1.</param>
/// <remarks>Immutable; thread safe.</remarks>
public readonly record struct MvaStation(double ServiceDemand, int Servers = 1);
