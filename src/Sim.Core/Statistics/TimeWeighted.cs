namespace Sim.Statistics;

/// <summary>
/// Time-weighted statistics of a piecewise-constant signal such as busy servers or queue length:
/// the integral ∫ v(t) dt, the time average (1/(T − t₀)) ∫_{t₀}^{T} v(t) dt, and the maximum.
/// </summary>
/// <remarks>
/// The signal holds its value from one <see cref="Update"/> to the next. Times are simulated seconds
/// and must never go back. <see cref="Update"/> is allocation-free and O(1). Not thread safe: one
/// instance belongs to one simulation.
/// </remarks>
public sealed class TimeWeighted
{
    private double _startTime;
    private double _lastTime;
    private double _integral;

    /// <summary>Starts observing at <paramref name="startTime"/> with the signal at <paramref name="initialValue"/>.</summary>
    /// <param name="startTime">Simulated time in seconds at which accumulation starts; finite.</param>
    /// <param name="initialValue">The signal's value from <paramref name="startTime"/> on; finite, default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is NaN or infinite.</exception>
    public TimeWeighted(double startTime, double initialValue = 0)
    {
        RequireFinite(startTime, nameof(startTime));
        RequireFinite(initialValue, nameof(initialValue));
        _startTime = startTime;
        _lastTime = startTime;
        Current = initialValue;
        Max = initialValue;
        Min = initialValue;
    }

    /// <summary>The signal's current value.</summary>
    public double Current { get; private set; }

    /// <summary>Largest value the signal has held since construction or the last <see cref="Reset"/> (the value current at the reset included).</summary>
    public double Max { get; private set; }

    /// <summary>Smallest value the signal has held since construction or the last <see cref="Reset"/> (the value current at the reset included).</summary>
    public double Min { get; private set; }

    /// <summary>Simulated time in seconds at which accumulation started (construction or last <see cref="Reset"/>).</summary>
    public double StartTime => _startTime;

    /// <summary>Simulated time in seconds of the last <see cref="Update"/> or <see cref="Reset"/>.</summary>
    public double LastUpdateTime => _lastTime;

    /// <summary>The signal changes to <paramref name="newValue"/> at <paramref name="time"/>.</summary>
    /// <param name="time">Simulated seconds; finite and ≥ <see cref="LastUpdateTime"/>.</param>
    /// <param name="newValue">The new value; finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is earlier than the last update, or an argument is NaN or infinite.</exception>
    public void Update(double time, double newValue)
    {
        RequireNotBefore(time);
        RequireFinite(newValue, nameof(newValue));
        _integral += Current * (time - _lastTime);
        _lastTime = time;
        Current = newValue;
        if (newValue > Max) Max = newValue;
        if (newValue < Min) Min = newValue;
    }

    /// <summary>∫ v(t) dt from <see cref="StartTime"/> to <paramref name="untilTime"/>, in value × seconds.</summary>
    /// <param name="untilTime">Simulated seconds; finite and ≥ <see cref="LastUpdateTime"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="untilTime"/> is earlier than the last update, NaN or infinite.</exception>
    public double Integral(double untilTime)
    {
        RequireNotBefore(untilTime, nameof(untilTime));
        return _integral + Current * (untilTime - _lastTime);
    }

    /// <summary>
    /// Time average of the signal over [<see cref="StartTime"/>, <paramref name="untilTime"/>]. When the
    /// window has zero length the average is the limit, <see cref="Current"/>.
    /// </summary>
    /// <param name="untilTime">Simulated seconds; finite and ≥ <see cref="LastUpdateTime"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="untilTime"/> is earlier than the last update, NaN or infinite.</exception>
    public double Mean(double untilTime)
    {
        double integral = Integral(untilTime);
        double length = untilTime - _startTime;
        return length > 0.0 ? integral / length : Current;
    }

    /// <summary>
    /// Restarts accumulation at <paramref name="time"/>, keeping <see cref="Current"/>: the integral is
    /// set to 0 and <see cref="Max"/>/<see cref="Min"/> to the current value. Used to delete warm-up.
    /// </summary>
    /// <param name="time">Simulated seconds; finite and ≥ <see cref="LastUpdateTime"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is earlier than the last update, NaN or infinite.</exception>
    public void Reset(double time)
    {
        RequireNotBefore(time);
        _startTime = time;
        _lastTime = time;
        _integral = 0.0;
        Max = Current;
        Min = Current;
    }

    private void RequireNotBefore(double time, string name = "time")
    {
        RequireFinite(time, name);
        if (time < _lastTime)
            throw new ArgumentOutOfRangeException(name, time, $"Time must not go back: the last update was at {_lastTime} s.");
    }

    private static void RequireFinite(double value, string name)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, "The value must be a finite number.");
    }
}
