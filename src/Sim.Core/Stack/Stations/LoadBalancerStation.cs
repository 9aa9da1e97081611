using Sim.Kernel;
using Sim.Randomness;
using Sim.Scenarios;

namespace Sim.Stack.Stations;

/// <summary>
/// HAProxy: picks the server for each new request (round-robin, least connections, random, or the power of two
/// choices) and carries it there (the balancer's latency plus a network round trip), then hands it to nginx.
/// Random policies draw from the request's own load-balancer substream, so a request goes to the same server in
/// every phase whatever the order of decisions.
/// </summary>
internal sealed class LoadBalancerStation : Station
{
    private const int KAtServer = 0;

    private readonly int _servers;
    private readonly ulong _seed;
    private readonly int[] _inFlight; // per server
    private int _roundRobin;

    public LoadBalancerStation(StackModel model, ulong seed) : base(model, "loadBalancer")
    {
        _servers = model.Scenario.LoadBalancer.Servers;
        _seed = seed;
        _inFlight = new int[_servers];
    }

    /// <summary>A new request: choose its server and send it there.</summary>
    public override bool Accept(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        r.Server = ChooseServer(r.Key);
        Model.Routed?.Invoke(r.Key, r.Server);
        _inFlight[r.Server]++;
        return true;
    }

    /// <summary>Sends the request (its server chosen by <see cref="Accept"/>) over the network to the server.</summary>
    public void Forward(int slot)
    {
        StackScenario s = Model.Scenario;
        double toServer = s.LoadBalancer.LatencySeconds + s.Network.RoundTripSeconds;
        Model.BeginSegment(slot, BreakdownCategory.Network, toServer);
        if (Model.Proxy.HandshakeOnArrival)
        {
            // Arrival and handshake are two pure delays in a row that nothing can observe apart: one event (ProxyStation).
            Model.Proxy.ArriveAndShakeHands(slot, Sim.Now + toServer);
            return;
        }
        Sim.Schedule(toServer, this, KAtServer, Model.TagOf(slot));
    }

    public override void Release(int slot) => _inFlight[Model.Request(slot).Server]--;

    public override void Handle(Simulation simulation, int kind, long data)
    {
        int slot = Model.Live(data);
        if (slot < 0) return;
        Model.EndSegment(slot);
        Model.Proxy.Accept(slot);
    }

    public override string KindName(int kind) => kind == KAtServer ? "AtServer" : base.KindName(kind);

    /// <summary>The server for a request; random policies draw from the request's own load-balancer substream.</summary>
    private int ChooseServer(ulong requestKey)
    {
        int k = _servers;
        if (k == 1) return 0;
        switch (Model.Scenario.LoadBalancer.Policy)
        {
            case BalancingPolicy.RoundRobin:
                int next = _roundRobin;
                _roundRobin = (_roundRobin + 1) % k;
                return next;
            case BalancingPolicy.LeastConnections:
                // Fewest in flight; ties go round-robin (as HAProxy's leastconn does), not always to server 0.
                int start = _roundRobin;
                _roundRobin = (_roundRobin + 1) % k;
                int best = start;
                for (int j = 1; j < k; j++)
                {
                    int i = (start + j) % k;
                    if (_inFlight[i] < _inFlight[best]) best = i;
                }
                return best;
            case BalancingPolicy.Random:
                return Model.DecisionStream(_seed, requestKey).NextInt(k);
            default:
                RandomStream pick = Model.DecisionStream(_seed, requestKey);
                int a = pick.NextInt(k);
                int b = pick.NextInt(k - 1);
                if (b >= a) b++;
                return _inFlight[b] < _inFlight[a] ? b : a;
        }
    }
}
