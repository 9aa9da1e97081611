using Sim.Kernel;

namespace Sim.Stack.Stations;

/// <summary>
/// The contract every part of the stack implements (proxy, workers, CPU, Redis, DB connections, the database,
/// Celery, the network, …, and stations added later): a request <see cref="Accept">arrives</see>, the station
/// serves it or queues it (usually on a <see cref="SlotQueue"/>), moves it on to the next station of its path
/// when done, <see cref="Release">gives back</see> what the request holds when it leaves, and
/// <see cref="ReportMetrics">reports</see> its own metrics.
/// </summary>
/// <remarks>
/// <para>A station is the target of its own events (<see cref="IEventTarget.Handle"/>, a switch on its own
/// kinds), scheduled with <see cref="StackModel.TagOf"/> as data; <see cref="StackModel.Live"/> tells a stale
/// event (its request ended) from a live one. The kernel makes one interface call per event whichever target
/// it is, so splitting the model into stations adds no call per event.</para>
/// <para>The built-in stations are sealed and held in typed properties of <see cref="StackModel"/>, so their
/// calls to one another are direct (devirtualised) calls. Stations registered beside them
/// (<see cref="StackModel.RegisterStations"/>) are visited by every request when its response is delivered.</para>
/// <para>Random numbers: a station draws only from the request's own stream (<see cref="StackModel.RandomOf"/>)
/// or from a substream of its own, so adding one never changes what the others draw.</para>
/// <para>Not thread safe: a station belongs to one model.</para>
/// </remarks>
internal abstract class Station : IEventTarget
{
    /// <summary>Creates a station of <paramref name="model"/>.</summary>
    /// <param name="model">The model the station belongs to.</param>
    /// <param name="name">Stable name, used in metrics and the event census (e.g. <c>"cache"</c>).</param>
    protected Station(StackModel model, string name)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Model = model;
        Sim = model.Simulation;
        Name = name;
    }

    /// <summary>Stable name, used in metrics and the event census.</summary>
    public string Name { get; }

    /// <summary>The model the station belongs to: the request table, breakdown segments, the other stations.</summary>
    protected StackModel Model { get; }

    /// <summary>The simulation the model runs in.</summary>
    protected Simulation Sim { get; }

    /// <summary>
    /// A request arrives at the station: serve it, queue it, refuse it, or pass it straight on.
    /// </summary>
    /// <param name="slot">The request's slot in the model's table.</param>
    /// <returns>
    /// True when the station took the request (it is served or waits here, or it failed here): the station moves it on
    /// later. False when it passed through at once: the caller goes on with the request's path.
    /// </returns>
    public abstract bool Accept(int slot);

    /// <summary>The request leaves the stack (completed or failed): give back whatever it still holds here. Default: nothing.</summary>
    /// <param name="slot">The request's slot.</param>
    public virtual void Release(int slot)
    {
    }

    /// <summary>Starts the observation window now: counters and time averages restart, state is kept. Default: nothing.</summary>
    public virtual void ResetStatistics()
    {
    }

    /// <summary>Adds the station's own metrics (over the window so far) to <paramref name="metrics"/>. Default: none.</summary>
    /// <param name="metrics">Where to add them.</param>
    public virtual void ReportMetrics(ICollection<StationMetric> metrics)
    {
    }

    /// <summary>The name of one of the station's event kinds (developer tools: the benchmarks' event census).</summary>
    /// <param name="kind">An event kind the station schedules.</param>
    public virtual string KindName(int kind) => $"kind {kind}";

    /// <inheritdoc />
    public abstract void Handle(Simulation simulation, int kind, long data);
}
