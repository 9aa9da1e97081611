using System.Globalization;
using System.Text;
using Sim.Randomness;

namespace Sim.Core.Tests.Calibration;

/// <summary>
/// A synthetic access log from known parameters: Poisson arrivals at <see cref="RatePerSecond"/>; classes page (cache hit
/// with probability <see cref="HitRatio"/>: app time lognormal(HitMu, HitSigma); miss: that plus lognormal(MissMu, MissSigma)),
/// api (lognormal(ApiMu, ApiSigma)) and static (nginx alone); body sizes lognormal; no queueing (request time = connect +
/// app time + 0.2 ms), so every request is at low load when the rate is low. Generated on the fly, never held in memory.
/// </summary>
internal sealed record SyntheticAccessLog
{
    public double RatePerSecond { get; init; } = 20;
    public double PageShare { get; init; } = 0.6;
    public double ApiShare { get; init; } = 0.3; // static: the rest
    public double HitRatio { get; init; } = 0.35;
    public double HitMu { get; init; } = Math.Log(0.003);
    public double HitSigma { get; init; } = 0.3;
    public double MissMu { get; init; } = Math.Log(0.060);
    public double MissSigma { get; init; } = 0.4;
    public double ApiMu { get; init; } = Math.Log(0.008);
    public double ApiSigma { get; init; } = 0.5;
    public double PageSizeMu { get; init; } = Math.Log(200_000);
    public double PageSizeSigma { get; init; } = 0.1;
    public double ConnectSeconds { get; init; } = 0.001;

    /// <summary>
    /// The client's download rate (bit/s): the time nginx spends sending a proxied response after reading it
    /// ($request_time − $upstream_response_time) is bytes sent × 8 ÷ this. 0 (the default): 0.1 ms whatever the size;
    /// infinity: none at all.
    /// </summary>
    public double ClientBitsPerSecond { get; init; }
    public ulong Seed { get; init; } = 7;
    public double StartUnix { get; init; } = 1_796_498_000;
    /// <summary>Original / compressed size of the pages (nginx's $gzip_ratio); 0: no compression.</summary>
    public double PageGzipRatio { get; init; }
    /// <summary>Share of lines replaced by garbage (malformed).</summary>
    public double GarbageShare { get; init; }

    /// <summary>The lines, in the stack format (or combined), <paramref name="count"/> of them.</summary>
    public IEnumerable<string> Lines(long count, bool combined = false)
    {
        var streams = new StreamFactory(Seed);
        RandomStream r = streams.Create("log");
        double t = StartUnix;
        for (long i = 0; i < count; i++)
        {
            t += -Math.Log(r.NextOpenDouble()) / RatePerSecond;
            double u = r.NextDouble();
            if (GarbageShare > 0 && r.NextDouble() < GarbageShare)
            {
                yield return "garbage\tline\twith\tno\tmeaning";
                continue;
            }
            string uri, cache = "-", upstream = "-", app = "-", connect = "-", header = "-", gzip = "-";
            double size, request;
            if (u < PageShare)
            {
                uri = $"/page/{1 + r.NextInt(100_000)}?ref={r.NextInt(10)}";
                bool hit = r.NextDouble() < HitRatio;
                double a = Math.Exp(HitMu + HitSigma * Normal(r));
                if (!hit) a += Math.Exp(MissMu + MissSigma * Normal(r));
                cache = hit ? "HIT" : "MISS";
                size = Math.Exp(PageSizeMu + PageSizeSigma * Normal(r));
                if (PageGzipRatio > 0)
                {
                    size /= PageGzipRatio; // bytes sent
                    gzip = F(PageGzipRatio, "F2");
                }
                (request, upstream, app, connect, header) = Upstream(a, size);
            }
            else if (u < PageShare + ApiShare)
            {
                uri = $"/api/{1 + r.NextInt(20_000)}";
                double a = Math.Exp(ApiMu + ApiSigma * Normal(r));
                cache = "NONE";
                size = 100 + r.NextInt(20);
                (request, upstream, app, connect, header) = Upstream(a, size);
            }
            else
            {
                uri = r.NextDouble() < 0.5 ? "/static/app.css" : "/static/logo.bin";
                size = uri.EndsWith(".css", StringComparison.Ordinal) ? 53_000 : 20_480;
                request = 0.0002 + 0.0003 * r.NextDouble();
            }
            long body = (long)Math.Round(size);
            double end = t + request;
            yield return combined ? Combined(end, uri, body) : string.Join('\t',
                F(end, "F3"), DateTimeOffset.FromUnixTimeMilliseconds((long)(end * 1000)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
                "127.0.0.1", "GET", uri, "200", body.ToString(CultureInfo.InvariantCulture), (body + 220).ToString(CultureInfo.InvariantCulture),
                F(request, "F3"), connect, header, header, upstream, cache, app, gzip, "15", "2");
        }

        (double Request, string Upstream, string App, string Connect, string Header) Upstream(double a, double bytesSent)
        {
            double transfer = ClientBitsPerSecond > 0 ? Math.Round(bytesSent) * 8 / ClientBitsPerSecond : 0.0001;
            double request = ConnectSeconds + a + 0.0001 + transfer;
            return (request, "127.0.0.1:8001", F(a * 1000, "F2"), F(ConnectSeconds, "F3"), F(ConnectSeconds + a + 0.0001, "F3"));
        }
    }

    private static string Combined(double end, string uri, long body)
    {
        string time = DateTimeOffset.FromUnixTimeSeconds((long)end).ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture);
        return $"127.0.0.1 - - [{time}] \"GET {uri} HTTP/1.1\" 200 {body} \"-\" \"load.py\"";
    }

    private static double Normal(RandomStream r) => Math.Sqrt(-2 * Math.Log(r.NextOpenDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static string F(double x, string format) => x.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A stream that produces the log's bytes as they are read.</summary>
    public Stream Open(long count, bool combined = false) => new LineStream(Lines(count, combined));

    private sealed class LineStream(IEnumerable<string> lines) : Stream
    {
        private readonly IEnumerator<string> _lines = lines.GetEnumerator();
        private byte[] _pending = [];
        private int _offset;
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            int written = 0;
            while (written < count)
            {
                if (_offset == _pending.Length)
                {
                    if (!_lines.MoveNext()) break;
                    _pending = Encoding.UTF8.GetBytes(_lines.Current + "\n");
                    _offset = 0;
                }
                int n = Math.Min(count - written, _pending.Length - _offset);
                Array.Copy(_pending, _offset, buffer, offset + written, n);
                _offset += n;
                written += n;
            }
            _position += written;
            return written;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _lines.Dispose();
            base.Dispose(disposing);
        }
    }
}
