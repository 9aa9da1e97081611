namespace Sim.Statistics;

/// <summary>
/// Does a piecewise-constant count (tasks in a queue) grow over an observation window? The window is cut into equal
/// batches; each batch's time average is a point, and the least-squares slope of the points against the batches'
/// midpoints, with its standard error from the residuals, gives a one-sided lower confidence bound on the growth rate.
/// </summary>
/// <remarks>
/// <para><b>Memory is fixed whatever the window's length</b>: at most <see cref="MaxBatches"/> batches are kept; when
/// they are all full, neighbours are merged pairwise and the batch length doubles (so there are always between
/// <see cref="MaxBatches"/>/2 and <see cref="MaxBatches"/> complete batches once the window has run its planned
/// length). The last, incomplete batch is left out of the fit.</para>
/// <para><b>Why batch means and a slope.</b> A stable queue's count is stationary: its batch means are (for batches much
/// longer than the queue's relaxation time) nearly independent draws around one level, and their slope is 0 up to
/// noise the residuals measure. An unstable queue's count grows linearly at (arrival rate − service rate): the batch
/// means lie on a line of that slope, with residuals far smaller than the growth. The test does not use the queue's
/// variance around its mean, which a growing queue inflates (a ramp's own spread would hide its growth).</para>
/// <para>Not thread safe: one instance belongs to one simulation. <see cref="Update"/> is O(1) amortised and
/// allocation-free.</para>
/// </remarks>
internal sealed class BacklogTrend
{
    /// <summary>Batches kept at most; merged pairwise when full.</summary>
    public const int MaxBatches = 64;

    /// <summary>Fewest complete batches for a verdict (fewer: no fit, the slope is NaN).</summary>
    public const int MinBatches = 8;

    private readonly double[] _sums = new double[MaxBatches]; // ∫ count dt over each complete batch
    private int _complete;
    private double _batchLength, _batchStart, _last, _value, _open;

    /// <summary>Starts a window at <paramref name="time"/> with the count at <paramref name="value"/>.</summary>
    /// <param name="time">Simulated seconds.</param>
    /// <param name="value">The count now.</param>
    /// <param name="plannedSeconds">The window's planned length, seconds (&gt; 0): batches start at 1/32 of it.</param>
    public void Reset(double time, double value, double plannedSeconds)
    {
        _batchStart = _last = time;
        _batchLength = plannedSeconds > 0 && double.IsFinite(plannedSeconds) ? plannedSeconds / (MaxBatches / 2) : 1;
        _value = value;
        _open = 0;
        _complete = 0;
    }

    /// <summary>The count changes to <paramref name="value"/> at <paramref name="time"/> (never earlier than the last change).</summary>
    public void Update(double time, double value)
    {
        Advance(time);
        _value = value;
    }

    private void Advance(double time)
    {
        while (time >= _batchStart + _batchLength)
        {
            double end = _batchStart + _batchLength;
            _open += _value * (end - _last);
            _sums[_complete++] = _open;
            _open = 0;
            _last = _batchStart = end;
            if (_complete == MaxBatches)
            {
                for (int i = 0; i < MaxBatches / 2; i++) _sums[i] = _sums[2 * i] + _sums[2 * i + 1];
                _complete = MaxBatches / 2;
                _batchLength *= 2;
            }
        }
        _open += _value * (time - _last);
        _last = time;
    }

    /// <summary>
    /// The least-squares slope of the complete batches' means, count per second, and its one-sided lower confidence bound
    /// at <paramref name="level"/> (Student t with batches − 2 degrees of freedom); both NaN with fewer than
    /// <see cref="MinBatches"/> complete batches.
    /// </summary>
    /// <param name="time">The window's end, simulated seconds (≥ the last change).</param>
    /// <param name="level">One-sided confidence level in (0, 1), e.g. 0.999.</param>
    public (double Slope, double LowerBound, int Batches) Fit(double time, double level)
    {
        Advance(time);
        int n = _complete;
        if (n < MinBatches) return (double.NaN, double.NaN, n);
        double tMean = 0, mMean = 0;
        for (int i = 0; i < n; i++)
        {
            tMean += (i + 0.5) * _batchLength / n;
            mMean += _sums[i] / _batchLength / n;
        }
        double sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++)
        {
            double dt = (i + 0.5) * _batchLength - tMean;
            sxx += dt * dt;
            sxy += dt * (_sums[i] / _batchLength - mMean);
        }
        double slope = sxy / sxx;
        double rss = 0;
        for (int i = 0; i < n; i++)
        {
            double fitted = mMean + slope * ((i + 0.5) * _batchLength - tMean);
            double r = _sums[i] / _batchLength - fitted;
            rss += r * r;
        }
        double se = Math.Sqrt(rss / (n - 2) / sxx);
        // One-sided bound at `level` = two-sided interval at 2·level − 1.
        double t = ConfidenceInterval.StudentTQuantile(2 * level - 1, n - 2);
        return (slope, slope - t * se, n);
    }
}
