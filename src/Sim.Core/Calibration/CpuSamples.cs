using System.Globalization;


namespace Sim.Calibration;

/// <summary>
/// CPU samples per component: CSV with a header naming at least a time column (<c>time_unix</c> or <c>timestamp</c>, Unix
/// seconds), <c>component</c> and a cumulative CPU column (<c>cpu_s</c> or <c>cpu_seconds</c>, CPU seconds used so far) —
/// what <c>validation/stack/cpu.sh</c> writes. Only the first and last sample of each component are kept: the CPU a
/// component used in between is the difference. Optional columns, used when present: <c>pids</c> (processes in the
/// component's tree at the last sample), <c>cutime_s</c> + <c>cstime_s</c> (CPU of children already exited and reaped:
/// PostgreSQL's per-connection backends) and, on the <c>host</c> row, <c>stime_s</c> (the machine's idle CPU seconds, so
/// busy + idle over the wall time gives the core count).
/// </summary>
internal sealed class CpuSamples
{
    /// <summary>Per component: first and last (time, cumulative CPU seconds), and rows.</summary>
    public Dictionary<string, (double T0, double Cpu0, double T1, double Cpu1, long Rows)> Components { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Per component, the optional columns at the first and last sample (NaN when the column is missing).</summary>
    public Dictionary<string, (double Reaped0, double Reaped1, double Idle0, double Idle1, double Pids)> Extra { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static CpuSamples Read(string path)
    {
        var result = new CpuSamples();
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CalibrationException($"--cpu {path}: cannot be read ({ex.Message})");
        }
        int lineNo = 0, timeCol = -1, compCol = -1, cpuCol = -1, columns = 0, pidsCol = -1, cutCol = -1, cstCol = -1, stimeCol = -1;
        try
        {
            foreach (string raw in lines)
            {
                lineNo++;
                string line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#')) continue;
                string[] f = line.Split(',');
                if (timeCol < 0)
                {
                    columns = f.Length;
                    for (int i = 0; i < f.Length; i++)
                    {
                        string h = f[i].Trim().ToLowerInvariant();
                        if (h is "time_unix" or "timestamp") timeCol = i;
                        else if (h == "component") compCol = i;
                        else if (h is "cpu_s" or "cpu_seconds") cpuCol = i;
                        else if (h == "pids") pidsCol = i;
                        else if (h == "cutime_s") cutCol = i;
                        else if (h == "cstime_s") cstCol = i;
                        else if (h == "stime_s") stimeCol = i;
                    }
                    if (timeCol < 0 || compCol < 0 || cpuCol < 0)
                        throw new CalibrationException($"--cpu {path}: line {lineNo}: the header '{Clip(line)}' must name the columns time_unix (or timestamp), component and cpu_s (or cpu_seconds; cumulative CPU seconds), as validation/stack/cpu.sh writes");
                    continue;
                }
                if (f.Length < columns)
                    throw new CalibrationException($"--cpu {path}: line {lineNo}: {f.Length} columns, the header has {columns}");
                if (!double.TryParse(f[timeCol], NumberStyles.Float, CultureInfo.InvariantCulture, out double t) || !double.IsFinite(t) || t < 0)
                    throw new CalibrationException($"--cpu {path}: line {lineNo}: time '{Clip(f[timeCol])}'; allowed: Unix seconds such as 1796496680.561");
                if (!double.TryParse(f[cpuCol], NumberStyles.Float, CultureInfo.InvariantCulture, out double cpu) || !double.IsFinite(cpu) || cpu < 0)
                    throw new CalibrationException($"--cpu {path}: line {lineNo}: cpu '{Clip(f[cpuCol])}'; allowed: cumulative CPU seconds ≥ 0 such as 15.71");
                string component = f[compCol].Trim();
                double reaped = cutCol >= 0 && cstCol >= 0 ? Optional(f[cutCol]) + Optional(f[cstCol]) : double.NaN;
                double idle = stimeCol >= 0 ? Optional(f[stimeCol]) : double.NaN;
                double pids = pidsCol >= 0 ? Optional(f[pidsCol]) : double.NaN;
                if (result.Components.TryGetValue(component, out var c))
                {
                    if (t < c.T1) throw new CalibrationException($"--cpu {path}: line {lineNo}: time {f[timeCol]} is before the previous sample of '{component}'; samples must be in time order");
                    result.Components[component] = (c.T0, c.Cpu0, t, cpu, c.Rows + 1);
                    var e = result.Extra[component];
                    result.Extra[component] = (e.Reaped0, reaped, e.Idle0, idle, pids);
                }
                else if (result.Components.Count < 64)
                {
                    result.Components[component] = (t, cpu, t, cpu, 1);
                    result.Extra[component] = (reaped, reaped, idle, idle, pids);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CalibrationException($"--cpu {path}: cannot be read ({ex.Message})");
        }
        if (timeCol < 0) throw new CalibrationException($"--cpu {path}: empty; expected a header time_unix,component,…,cpu_s and one row per component and sample");
        return result;
    }

    /// <summary>Rows of the component named <paramref name="name"/>.</summary>
    public long RowsOf(string name) => Components.TryGetValue(name, out var c) ? c.Rows : 0;

    /// <summary>A number from an optional column, NaN when it is not one.</summary>
    private static double Optional(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x) && x >= 0 ? x : double.NaN;

    /// <summary>The first of <paramref name="names"/> present with at least two samples over a positive interval.</summary>
    public (string Name, double T0, double T1, double CpuSeconds)? Find(params string[] names)
    {
        foreach (string n in names)
            if (Components.TryGetValue(n, out var c) && c.Rows >= 2 && c.T1 > c.T0) return (n, c.T0, c.T1, Math.Max(0, c.Cpu1 - c.Cpu0));
        return null;
    }

    private static string Clip(string s) => s.Length <= 60 ? s : s[..60] + "…";
}
