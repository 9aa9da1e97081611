using Sim.AccessLogs;
using Sim.Calibration;

namespace Sim.Core.Tests.Calibration;

/// <summary>
/// The calibration keeps no list of lines: the live heap while it reads a generated log of 1,000,000 lines is about what it
/// is for 100,000 (a list of parsed lines would make it ten times larger: ≈ 150 B a line).
/// </summary>
/// <remarks>
/// The live heap is the whole process's: the test runs alone, after the parallel tests (in the suite run beside others it
/// measured their allocations: 33 MB at 100,000 lines, 90 MB at 1,000,000).
/// </remarks>
[Collection(nameof(CalibrationMemoryTests))]
public class CalibrationMemoryTests
{
    /// <summary>Largest live heap (after a full collection) seen every 50,000 lines while calibrating <paramref name="lines"/> lines.</summary>
    private static long PeakLiveHeap(long lines)
    {
        long peak = 0;
        // A high rate keeps the log's time span (and so the per-second load timeline) the same order for both sizes: 500 s and 5,000 s.
        var log = new SyntheticAccessLog { RatePerSecond = 200, HitMu = Math.Log(0.0005), MissMu = Math.Log(0.002), ApiMu = Math.Log(0.001) };
        CalibrationResult result = AccessLogCalibration.RunOnStreams(() => new SampledStream(log.Open(lines), () => peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true))));
        Assert.Equal(lines, result.ParsedLines);
        return peak;
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void LiveHeap_DoesNotGrowWithTheNumberOfLines()
    {
        PeakLiveHeap(10_000); // warm up: JIT, statics, MathNet
        long small = PeakLiveHeap(100_000);
        long large = PeakLiveHeap(1_000_000);
        // 900,000 more lines: a list of them would add ≥ 100 MB. Allowed: 8 MB more (the load timeline grows by ≈ 0.6 MB over 4,500 s).
        Assert.True(large - small < 8_000_000, $"live heap {small / 1e6:F1} MB at 100,000 lines, {large / 1e6:F1} MB at 1,000,000");
    }

    /// <summary>Calls <c>sample</c> every 50,000 lines read (counted by newlines), passing the bytes through.</summary>
    private sealed class SampledStream(Stream inner, Action sample) : Stream
    {
        private long _lines;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = inner.Read(buffer, offset, count);
            for (int i = offset; i < offset + n; i++)
            {
                if (buffer[i] == (byte)'\n' && ++_lines % 50_000 == 0) sample();
            }
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

/// <summary>Runs <see cref="CalibrationMemoryTests"/> with no other test in parallel.</summary>
[CollectionDefinition(nameof(CalibrationMemoryTests), DisableParallelization = true)]
public class CalibrationMemoryCollection;
