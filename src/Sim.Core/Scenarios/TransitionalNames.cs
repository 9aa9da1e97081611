using Sim.Distributions;
using Sim.Scenarios;

// In namespace Sim (not Sim.Scenarios) so that every file under Sim.* sees the aliases without a using directive.
namespace Sim;

// TRANSITIONAL — delete after the stations branch is merged, by renaming the call sites.
// The scenario records now carry units in their property names (RunSettings.DurationSeconds, WorkerPoolSpec.TimeoutSeconds,
// …). src/Sim.Core/Stack/StackModel*.cs is being split into Stack/Stations/ on another branch at the same time, so its
// call sites keep the old names for now: each old name below is an internal read-only alias of the new property. Once
// both branches are in, rename the uses in Stack/ and Stack/Stations/ to the new names and delete this file (the
// compiler then lists every place still using an old name).

/// <summary>Old property names used by the stack model's stations, as aliases of the renamed properties. Delete after the stations branch is merged.</summary>
internal static class TransitionalNames
{
    extension(CacheSpec c)
    {
        internal Distribution OperationTime => c.OperationTimeSeconds;
    }

    extension(ClosedLoad c)
    {
        internal Distribution ThinkTime => c.ThinkTimeSeconds;
    }

    extension(CpuStep c)
    {
        internal Distribution Work => c.WorkSeconds;
    }

    extension(DatabaseSpec d)
    {
        internal double ConnectCpu => d.ConnectCpuSeconds;
        internal double MemoryPerConnection => d.MemoryPerConnectionBytes;
    }

    extension(DbConnectionsSpec d)
    {
        internal double ConnMaxAge => d.ConnMaxAgeSeconds;
        internal double ConnectCpu => d.ConnectCpuSeconds;
        internal Distribution ConnectTime => d.ConnectTimeSeconds;
    }

    extension(DbPoolSpec d)
    {
        internal double WaitTimeout => d.WaitTimeoutSeconds;
    }

    extension(DbStep d)
    {
        internal Distribution QueryTime => d.QueryTimeSeconds;
    }

    extension(ExternalCallStep e)
    {
        internal Distribution Latency => e.LatencySeconds;
    }

    extension(GzipSpec g)
    {
        internal double CpuPerMegabyte => g.CpuSecondsPerMegabyte;
    }

    extension(HostSpec h)
    {
        internal double BaseMemory => h.BaseMemoryBytes;
    }

    extension(KeySpaceSpec k)
    {
        internal double MaxMemory => k.MaxMemoryBytes;
        internal Distribution ObjectSize => k.ObjectSizeBytes;
        internal double Ttl => k.TtlSeconds;
    }

    extension(LoadBalancerSpec l)
    {
        internal double Latency => l.LatencySeconds;
    }

    extension(NetworkSpec n)
    {
        internal Distribution ClientBandwidth => n.ClientBandwidthBitsPerSecond;
        internal double RoundTrip => n.RoundTripSeconds;
    }

    extension(OpenLoad o)
    {
        internal double Rate => o.RatePerSecond;
    }

    extension(ProxySpec p)
    {
        internal Distribution Handshake => p.HandshakeSeconds;
        internal double HandshakeCpu => p.HandshakeCpuSeconds;
        internal Distribution ServiceTime => p.ServiceTimeSeconds;
        internal double SocketBuffer => p.SocketBufferBytes;
        internal Distribution UpstreamConnect => p.UpstreamConnectSeconds;
    }

    extension(RatePoint r)
    {
        internal double At => r.AtSeconds;
        internal double Rate => r.RatePerSecond;
    }

    extension(RespondStep r)
    {
        internal Distribution Size => r.SizeBytes;
    }

    extension(RunSettings r)
    {
        internal double Duration => r.DurationSeconds;
        internal double? Warmup => r.WarmupSeconds;
    }

    extension(TaskQueueSpec t)
    {
        internal Distribution BrokerLatency => t.BrokerLatencySeconds;
    }

    extension(WebSocketSpec w)
    {
        internal double MemoryPerConnection => w.MemoryPerConnectionBytes;
    }

    extension(WorkerPoolSpec w)
    {
        internal double MemoryPerWorker => w.MemoryPerWorkerBytes;
        internal double RestartTime => w.RestartTimeSeconds;
        internal double Timeout => w.TimeoutSeconds;
    }
}
