using Sim.Kernel;
using Sim.Randomness;

namespace Sim.Benchmarks.Kernel;

/// <summary>
/// The same M/M/c FIFO queue written three ways. Each returns the sum of waiting times so the work
/// cannot be optimised away, and all draw from identical streams so they simulate the same customers.
/// </summary>
public static class MmcModels
{
    private static double Exp(RandomStream r, double mean) => -mean * Math.Log(r.NextOpenDouble());

    /// <summary>Hand-written: a specialised binary heap of departures and a ring buffer of arrival times. No kernel.</summary>
    public static double HandWritten(int customers, int servers, double arrivalRate, double serviceRate, ulong seed)
    {
        var arrivals = new RandomStream(StreamFactory.DeriveSeed(seed, "arrivals", 0));
        var services = new RandomStream(StreamFactory.DeriveSeed(seed, "services", 0));
        double meanGap = 1 / arrivalRate, meanService = 1 / serviceRate;
        var departures = new double[servers]; // min-heap of departure times of busy servers
        int busy = 0;
        var queue = new double[1024];
        int head = 0, count = 0;
        double waitSum = 0;
        double nextArrival = Exp(arrivals, meanGap);
        int arrived = 0;
        while (arrived < customers || busy > 0 || count > 0)
        {
            bool arrivalNext = arrived < customers && (busy == 0 || nextArrival < departures[0]);
            if (arrivalNext)
            {
                double now = nextArrival;
                arrived++;
                nextArrival = now + Exp(arrivals, meanGap);
                if (busy < servers) Push(departures, ref busy, now + Exp(services, meanService));
                else
                {
                    if (count == queue.Length) Grow(ref queue, ref head, count);
                    queue[(head + count++) & (queue.Length - 1)] = now;
                }
            }
            else
            {
                double now = departures[0];
                Pop(departures, ref busy);
                if (count > 0)
                {
                    double arrivedAt = queue[head];
                    head = (head + 1) & (queue.Length - 1);
                    count--;
                    waitSum += now - arrivedAt;
                    Push(departures, ref busy, now + Exp(services, meanService));
                }
            }
        }
        return waitSum;
    }

    private static void Grow(ref double[] queue, ref int head, int count)
    {
        var bigger = new double[queue.Length * 2];
        for (int i = 0; i < count; i++) bigger[i] = queue[(head + i) & (queue.Length - 1)];
        queue = bigger;
        head = 0;
    }

    private static void Push(double[] heap, ref int n, double t)
    {
        int i = n++;
        while (i > 0)
        {
            int p = (i - 1) >> 1;
            if (heap[p] <= t) break;
            heap[i] = heap[p];
            i = p;
        }
        heap[i] = t;
    }

    private static void Pop(double[] heap, ref int n)
    {
        double t = heap[--n];
        int i = 0;
        while (true)
        {
            int c = 2 * i + 1;
            if (c >= n) break;
            if (c + 1 < n && heap[c + 1] < heap[c]) c++;
            if (heap[c] >= t) break;
            heap[i] = heap[c];
            i = c;
        }
        heap[i] = t;
    }

    /// <summary>On the kernel's low-level mechanism: one <see cref="IEventTarget"/>, integer event kinds, no allocation per event.</summary>
    public static double LowLevel(int customers, int servers, double arrivalRate, double serviceRate, ulong seed)
    {
        var sim = new Simulation();
        var model = new LowLevelMmc(customers, servers, arrivalRate, serviceRate, seed);
        model.Begin(sim);
        sim.Run();
        return model.WaitSum;
    }

    /// <summary>The M/M/c queue as an event target: kind 0 = arrival, kind 1 = departure.</summary>
    public sealed class LowLevelMmc : IEventTarget
    {
        private const int Arrival = 0, Departure = 1;
        private readonly RandomStream _arrivals, _services;
        private readonly double _meanGap, _meanService;
        private readonly int _servers, _customers;
        private double[] _queue = new double[1024];
        private int _head, _count, _busy, _arrived;

        /// <summary>Creates the model.</summary>
        public LowLevelMmc(int customers, int servers, double arrivalRate, double serviceRate, ulong seed)
        {
            _customers = customers;
            _servers = servers;
            _meanGap = 1 / arrivalRate;
            _meanService = 1 / serviceRate;
            _arrivals = new RandomStream(StreamFactory.DeriveSeed(seed, "arrivals", 0));
            _services = new RandomStream(StreamFactory.DeriveSeed(seed, "services", 0));
        }

        /// <summary>Sum of waiting times in queue, seconds.</summary>
        public double WaitSum { get; private set; }

        /// <summary>Customers that have arrived.</summary>
        public int Arrived => _arrived;

        /// <summary>Schedules the first arrival.</summary>
        public void Begin(Simulation sim) => sim.Schedule(Exp(_arrivals, _meanGap), this, Arrival);

        /// <summary>Also lets a test extend the run: the number of customers to generate.</summary>
        public int Limit { get; set; } = int.MaxValue;

        /// <inheritdoc />
        public void Handle(Simulation sim, int kind, long data)
        {
            if (kind == Arrival)
            {
                _arrived++;
                if (_arrived < _customers && _arrived < Limit) sim.Schedule(Exp(_arrivals, _meanGap), this, Arrival);
                if (_busy < _servers)
                {
                    _busy++;
                    sim.Schedule(Exp(_services, _meanService), this, Departure);
                }
                else
                {
                    if (_count == _queue.Length) Grow(ref _queue, ref _head, _count);
                    _queue[(_head + _count++) & (_queue.Length - 1)] = sim.Now;
                }
            }
            else if (_count > 0)
            {
                double arrivedAt = _queue[_head];
                _head = (_head + 1) & (_queue.Length - 1);
                _count--;
                WaitSum += sim.Now - arrivedAt;
                sim.Schedule(Exp(_services, _meanService), this, Departure);
            }
            else
            {
                _busy--;
            }
        }
    }

    /// <summary>With the iterator process API, as a user would write it: a source process and a process per customer.</summary>
    public static double ProcessApi(int customers, int servers, double arrivalRate, double serviceRate, ulong seed)
    {
        var sim = new Simulation();
        var arrivals = new RandomStream(StreamFactory.DeriveSeed(seed, "arrivals", 0));
        var services = new RandomStream(StreamFactory.DeriveSeed(seed, "services", 0));
        var server = new Resource(sim, servers);
        double meanGap = 1 / arrivalRate, meanService = 1 / serviceRate;
        double waitSum = 0;
        sim.Start(Source());
        sim.Run();
        return waitSum;

        IEnumerable<SimEvent> Source()
        {
            for (int i = 0; i < customers; i++)
            {
                yield return sim.Delay(Exp(arrivals, meanGap));
                sim.Start(Customer());
            }
        }

        IEnumerable<SimEvent> Customer()
        {
            double arrived = sim.Now;
            using ResourceRequest request = server.Request();
            yield return request;
            waitSum += sim.Now - arrived;
            yield return sim.Delay(Exp(services, meanService));
        }
    }

    /// <summary>As <see cref="ProcessApi"/>, with <c>sim.Hold</c> (no allocation per wait) instead of <c>sim.Delay</c>.</summary>
    public static double ProcessApiHold(int customers, int servers, double arrivalRate, double serviceRate, ulong seed)
    {
        var sim = new Simulation();
        var arrivals = new RandomStream(StreamFactory.DeriveSeed(seed, "arrivals", 0));
        var services = new RandomStream(StreamFactory.DeriveSeed(seed, "services", 0));
        var server = new Resource(sim, servers);
        double meanGap = 1 / arrivalRate, meanService = 1 / serviceRate;
        double waitSum = 0;
        sim.Start(Source());
        sim.Run();
        return waitSum;

        IEnumerable<SimEvent> Source()
        {
            for (int i = 0; i < customers; i++)
            {
                yield return sim.Hold(Exp(arrivals, meanGap));
                sim.Start(Customer());
            }
        }

        IEnumerable<SimEvent> Customer()
        {
            double arrived = sim.Now;
            using ResourceRequest request = server.Request();
            yield return request;
            waitSum += sim.Now - arrived;
            yield return sim.Hold(Exp(services, meanService));
        }
    }
}
