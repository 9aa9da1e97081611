using Sim.Distributions;
using Sim.Kernel;
using Sim.Randomness;
using Sim.Scenarios;

namespace Sim.Stack.Stations;

/// <summary>
/// The clients' side of a request (<c>clients</c>): the client timeout (the client stops waiting for the attempt's
/// response; the server goes on with it, and the worker time it still takes is wasted work), patience in gunicorn's
/// listen backlog (the attempt leaves the backlog before any work: abandonment, M/M/c+M with exponential patience), and
/// retries with exponential backoff and jitter (a new attempt of the same request, by the same user or arrival; its
/// latency counts from the first attempt). Without a <c>clients</c> section none of it happens: no event is scheduled
/// and no random number drawn, so every other figure is as it was.
/// </summary>
/// <remarks>
/// Random numbers: patience and backoff draw from their own substreams ("clients/patience", "clients/backoff") keyed
/// by the attempt's key; a retry's own stream is seeded from the key of the attempt it follows, so a retry storm is
/// reproducible and a request's first attempt draws what it drew without retries.
/// </remarks>
internal sealed class ClientStation : Station
{
    private const int KClientTimeout = 0, KPatience = 1, KRetry = 2;
    private static readonly string[] KindNames = ["ClientTimeout", "PatienceEnd", "Retry"];

    private readonly double _timeout;          // +∞: none
    private readonly Distribution? _patience;  // null: infinite
    private readonly bool[] _retryOn;          // per ErrorKind
    private readonly int _maxRetries;
    private readonly BackoffSpec _backoff;
    private readonly ulong _patienceSeed, _backoffSeed;

    // Over the window (rates).
    private long _attempts, _retries, _timeouts, _abandoned;
    private double _wastedSeconds;

    // Over the window's requests (the cohort), followed to their end.
    private long _cohortAttempts, _cohortAbandoned, _settledRequests, _settledAttempts;

    public ClientStation(StackModel model, ulong patienceSeed, ulong backoffSeed) : base(model, "clients")
    {
        ClientsSpec c = model.Scenario.Clients;
        _timeout = c.TimeoutSeconds ?? double.PositiveInfinity;
        _patience = c.PatienceSeconds;
        _retryOn = new bool[Enum.GetValues<ErrorKind>().Length];
        foreach (RetryTrigger trigger in c.Retries.On)
        {
            switch (trigger)
            {
                case RetryTrigger.ClientTimeout: _retryOn[(int)ErrorKind.ClientTimeout] = true; break;
                case RetryTrigger.Abandoned: _retryOn[(int)ErrorKind.Abandoned] = true; break;
                case RetryTrigger.Refused: _retryOn[(int)ErrorKind.ProxyConnections] = true; break;
                case RetryTrigger.DatabaseError: _retryOn[(int)ErrorKind.DbMaxConnections] = _retryOn[(int)ErrorKind.DbPoolTimeout] = true; break;
                case RetryTrigger.BacklogFull: _retryOn[(int)ErrorKind.BacklogFull] = true; break;
                case RetryTrigger.WorkerTimeout: _retryOn[(int)ErrorKind.Timeout] = true; break;
            }
        }
        _maxRetries = c.Retries.Max;
        _backoff = c.Retries.Backoff;
        _patienceSeed = patienceSeed;
        _backoffSeed = backoffSeed;
    }

    /// <summary>Attempts sent in the window (first attempts and retries).</summary>
    public long Attempts => _attempts;

    /// <summary>Retries sent in the window.</summary>
    public long Retries => _retries;

    /// <summary>Client timeouts in the window (attempts, whether retried or not).</summary>
    public long Timeouts => _timeouts;

    /// <summary>Attempts that left the backlog before service in the window.</summary>
    public long Abandoned => _abandoned;

    /// <summary>Worker-seconds spent in the window on attempts whose client had gone.</summary>
    public double WastedSeconds => _wastedSeconds;

    /// <summary>Attempts per request over the cohort's requests that have their final outcome; NaN when none has.</summary>
    public double AttemptsPerRequest => _settledRequests > 0 ? _settledAttempts / (double)_settledRequests : double.NaN;

    /// <summary>Abandoned attempts / attempts sent, over the cohort's requests; 0 when none was sent.</summary>
    public double AbandonmentRatio => _cohortAttempts > 0 ? _cohortAbandoned / (double)_cohortAttempts : 0;

    /// <summary>Clients take no part in a request's path: nothing to accept.</summary>
    public override bool Accept(int slot) => false;

    /// <summary>An attempt has just been sent (a first attempt or a retry): its client starts waiting.</summary>
    public void AttemptStarted(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        if (Model.WindowOpen) _attempts++;
        if (Model.InCohort(r.Start)) _cohortAttempts++;
        if (double.IsFinite(_timeout)) r.ClientTimer = Sim.Schedule(_timeout, this, KClientTimeout, Model.TagOf(slot));
    }

    /// <summary>The attempt has just joined gunicorn's listen backlog: its client's patience starts.</summary>
    public void Queued(int slot)
    {
        if (_patience is null) return;
        ref StackRequest r = ref Model.Request(slot);
        if (r.ClientGone) return; // nobody is waiting to lose patience
        double patience = _patience.Sample(Model.DecisionStream(_patienceSeed, r.Key));
        r.PatienceTimer = Sim.Schedule(patience, this, KPatience, Model.TagOf(slot));
    }

    /// <summary>A worker has just taken the attempt: it no longer waits in the backlog.</summary>
    public void Served(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        Sim.Cancel(r.PatienceTimer);
        r.PatienceTimer = EventHandle.None;
    }

    /// <summary>The attempt's worker is released (or killed) after <paramref name="seconds"/>: wasted when its client had gone.</summary>
    public void WorkerReleased(int slot, double seconds)
    {
        if (Model.Request(slot).ClientGone && Model.WindowOpen) _wastedSeconds += seconds;
    }

    /// <summary>The request in <paramref name="slot"/> has its final outcome (success or failure): its attempts are counted.</summary>
    public void Settled(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        if (!Model.InCohort(r.Start)) return;
        _settledRequests++;
        _settledAttempts += r.Attempt + 1;
    }

    /// <summary>
    /// The attempt ended with <paramref name="kind"/>: when that outcome triggers a retry and retries are left, the next
    /// attempt of the same request is sent after its backoff (it takes a new slot now, and starts on its own event).
    /// </summary>
    /// <returns>True when the request goes on with a retry (or the run stopped for want of a slot): the attempt's failure is not the request's.</returns>
    public bool Retry(int slot, ErrorKind kind)
    {
        ref StackRequest r = ref Model.Request(slot);
        if (!_retryOn[(int)kind] || r.Attempt >= _maxRetries) return false;
        int user = r.User, cls = r.Class, attempt = r.Attempt + 1;
        double start = r.Start;
        ulong key = r.Key;
        // Backoff before retry n: min(max, initial · multiplier^(n−1)) · (1 − jitter · U).
        double delay = Math.Min(_backoff.MaxSeconds, _backoff.InitialSeconds * Math.Pow(_backoff.Multiplier, attempt - 1));
        if (_backoff.Jitter > 0) delay *= 1 - _backoff.Jitter * Model.DecisionStream(_backoffSeed, key).NextDouble();
        int next = Model.OpenSlot(user, isTask: false);
        if (next < 0) return true; // the in-flight cap: the run stops as unstable
        ref StackRequest n = ref Model.Request(next);
        n.Start = start;
        n.Attempt = attempt;
        n.Class = cls;
        n.Key = SplitMix64.Mix(key ^ 0xC11E_E7A7_7E39_7000UL ^ (ulong)attempt);
        Model.RandomOf(next).Reseed(n.Key);
        Sim.Schedule(delay, this, KRetry, Model.TagOf(next));
        return true;
    }

    public override void Handle(Simulation simulation, int kind, long data)
    {
        int slot = Model.Live(data);
        if (slot < 0) return;
        switch (kind)
        {
            case KClientTimeout: TimedOut(slot); break;
            case KPatience: Abandon(slot); break;
            case KRetry:
                if (Model.WindowOpen) _retries++;
                Model.StartRetry(slot);
                break;
            default: throw new InvalidOperationException($"Unknown event kind {kind}.");
        }
    }

    public override string KindName(int kind) => (uint)kind < (uint)KindNames.Length ? KindNames[kind] : base.KindName(kind);

    public override void ResetStatistics()
    {
        _attempts = _retries = _timeouts = _abandoned = 0;
        _wastedSeconds = 0;
        _cohortAttempts = _cohortAbandoned = _settledRequests = _settledAttempts = 0;
    }

    public override void ReportMetrics(ICollection<StationMetric> metrics)
    {
        metrics.Add(new StationMetric(Name, "attempts_count", _attempts));
        metrics.Add(new StationMetric(Name, "retries_count", _retries));
        metrics.Add(new StationMetric(Name, "client_timeouts_count", _timeouts));
        metrics.Add(new StationMetric(Name, "abandoned_count", _abandoned));
    }

    /// <summary>The client stops waiting: the attempt goes on at the server without it (an orphan), and the request is retried or fails.</summary>
    private void TimedOut(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        r.ClientTimer = EventHandle.None;
        if (r.ClientGone) return;
        r.ClientGone = true;
        // The client closes its connection: nginx frees it (and gives up on the upstream), but gunicorn still serves
        // the request it has accepted into its backlog or is working on.
        Model.Proxy.Release(slot);
        Sim.Cancel(r.PatienceTimer);
        r.PatienceTimer = EventHandle.None;
        if (Model.WindowOpen) _timeouts++;
        if (Retry(slot, ErrorKind.ClientTimeout)) return;
        Model.ClientGaveUp(slot, ErrorKind.ClientTimeout);
    }

    /// <summary>The client's patience ran out in the backlog: the attempt leaves it, before any work.</summary>
    private void Abandon(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        r.PatienceTimer = EventHandle.None;
        if (!Model.Workers.RemoveWaiting(slot)) return; // not waiting (cannot happen: a worker cancels the timer)
        if (Model.WindowOpen) _abandoned++;
        if (Model.InCohort(r.Start)) _cohortAbandoned++;
        Model.Fail(slot, ErrorKind.Abandoned);
    }
}
