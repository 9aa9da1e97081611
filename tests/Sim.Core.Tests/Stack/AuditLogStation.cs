using Sim.Kernel;
using Sim.Stack;
using Sim.Stack.Stations;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// A toy station, and the worked example of docs/architecture.md ("How to add a station"): an audit log that gets a
/// record for every delivered response and writes the records one after another with <c>writers</c> concurrent
/// writes of a fixed time each, queueing the rest on a <see cref="SlotQueue"/>. The request does not wait for its
/// record (log shipping is asynchronous), so the rest of the model's results must not change when it is added. Its
/// events carry the record's arrival time, not a request tag: a record cannot die while it waits. It draws no random
/// numbers.
/// </summary>
internal sealed class AuditLogStation : Station
{
    private const int KWritten = 0;

    private readonly double _writeSeconds;
    private SlotQueue _writers;
    private long _records, _started, _written;
    private double _waitSum;
    private int _maxWaiting;

    /// <param name="model">The model (the station is registered by passing a factory to its internal constructor).</param>
    /// <param name="writers">Concurrent writes, ≥ 1.</param>
    /// <param name="writeSeconds">Time one write takes, seconds, ≥ 0.</param>
    public AuditLogStation(StackModel model, int writers, double writeSeconds) : base(model, "auditLog")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(writers);
        ArgumentOutOfRangeException.ThrowIfNegative(writeSeconds);
        _writers = new SlotQueue(writers);
        _writeSeconds = writeSeconds;
    }

    /// <summary>A response was delivered: log a record for it. Always false: the request goes on (it leaves) at once.</summary>
    public override bool Accept(int slot)
    {
        _records++;
        double now = Sim.Now;
        if (_writers.TryAcquire()) Write(now);
        else
        {
            _writers.Enqueue(BitConverter.DoubleToInt64Bits(now));
            _maxWaiting = Math.Max(_maxWaiting, _writers.Waiting);
        }
        return false;
    }

    public override void Handle(Simulation simulation, int kind, long data)
    {
        _written++;
        if (_writers.Release(out long queuedAt)) Write(BitConverter.Int64BitsToDouble(queuedAt));
    }

    public override void ResetStatistics()
    {
        _records = _started = _written = 0;
        _waitSum = 0;
        _maxWaiting = _writers.Waiting;
    }

    public override void ReportMetrics(ICollection<StationMetric> metrics)
    {
        metrics.Add(new StationMetric(Name, "records_count", _records));
        metrics.Add(new StationMetric(Name, "written_count", _written));
        metrics.Add(new StationMetric(Name, "wait_mean_s", _started > 0 ? _waitSum / _started : double.NaN));
        metrics.Add(new StationMetric(Name, "waiting_max_count", _maxWaiting));
    }

    private void Write(double queuedAt)
    {
        _started++;
        _waitSum += Sim.Now - queuedAt;
        Sim.Schedule(_writeSeconds, this, KWritten, 0);
    }
}
