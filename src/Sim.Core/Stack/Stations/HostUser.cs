namespace Sim.Stack.Stations;

/// <summary>Who a piece of CPU work on a web host is for: the web host's CPU broken down by user (<c>webHostCpu.*</c>).</summary>
internal enum HostUser
{
    /// <summary>The application: the requests' CPU steps and Django's side of a database connect.</summary>
    App,

    /// <summary>nginx's gzip.</summary>
    Gzip,

    /// <summary>nginx itself: TLS handshakes and <c>proxy.cpu</c>.</summary>
    Proxy,

    /// <summary>The primary database placed on the web host: queries, connection CPU, the postmaster.</summary>
    Database,

    /// <summary>Redis placed on the web host: its commands' CPU.</summary>
    Cache,

    /// <summary>Celery placed on the web host: its tasks' CPU steps.</summary>
    TaskQueue,

    /// <summary>The load generator placed on the web host.</summary>
    Generator,

    /// <summary>Worker processes resuming after a database or Redis reply (<c>host.wakeupCpu</c>).</summary>
    Wakeup,

    /// <summary>The WebSocket server handling its connections' messages (<c>webSockets.messageCpu</c>).</summary>
    WebSocket,
}
