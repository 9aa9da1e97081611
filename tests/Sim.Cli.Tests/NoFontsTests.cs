using System.Diagnostics;

namespace Sim.Cli.Tests;

/// <summary>
/// Many container images of the .NET SDK ship no fonts at all. The charts carry their own (DejaVu Sans, embedded in
/// Sim.Charts), so the README's first command must work there and draw the same pictures as on a machine with fonts.
/// The machine's fonts are hidden for one child process: a private mount namespace (<c>unshare -m</c>, root only) mounts an
/// empty tmpfs over /usr/share/fonts, and fontconfig is pointed at an empty configuration.
/// </summary>
public class NoFontsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sim-nofonts-" + Guid.NewGuid().ToString("N"));

    public NoFontsTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] ShortPhases =
    [
        "phases", "--set", "run.duration=20s", "--set", "run.warmup=5s", "--set", "run.replications=2", "--no-capacity", "--no-scaling",
    ];

    [RootWithUnshareFact]
    public void WithNoFontsOnTheMachine_PhasesDrawsTheSameChartsAsWithFonts()
    {
        string withFonts = Path.Combine(_dir, "with-fonts"), without = Path.Combine(_dir, "without-fonts");
        string sim = Path.Combine(AppContext.BaseDirectory, "sim.dll");
        string emptyConfig = Path.Combine(_dir, "fonts.conf");
        File.WriteAllText(emptyConfig, "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig></fontconfig>\n");

        var (code, _, err) = Run("dotnet", [sim, .. ShortPhases, "--out", withFonts]);
        Assert.True(code == 0, err);

        // Inside the namespace: hide the fonts, prove they are hidden (fc-list, when present, lists nothing), then run sim.
        string script = "mount -t tmpfs none /usr/share/fonts || exit 97; "
            + "if command -v fc-list >/dev/null && [ -n \"$(fc-list)\" ]; then echo 'fonts still visible' >&2; exit 98; fi; "
            + "exec dotnet \"$@\"";
        var (hiddenCode, _, hiddenErr) = Run("unshare", ["-m", "sh", "-c", script, "sh", sim, .. ShortPhases, "--out", without],
            ("FONTCONFIG_FILE", emptyConfig));
        Assert.True(hiddenCode == 0, $"exit {hiddenCode}: {hiddenErr}");
        Assert.DoesNotContain("   at ", hiddenErr, StringComparison.Ordinal);

        string[] pngs = Directory.GetFiles(withFonts, "*.png", SearchOption.AllDirectories);
        Assert.True(pngs.Length >= 10, $"only {pngs.Length} charts drawn");
        foreach (string png in pngs)
        {
            string twin = Path.Combine(without, Path.GetRelativePath(withFonts, png));
            Assert.True(File.Exists(twin), $"{twin} was not drawn without fonts");
            Assert.True(File.ReadAllBytes(png).AsSpan().SequenceEqual(File.ReadAllBytes(twin)), $"{Path.GetRelativePath(withFonts, png)} differs without fonts");
        }
    }

    private static (int Code, string Out, string Err) Run(string file, string[] args, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using Process child = Process.Start(start)!;
        Task<string> output = child.StandardOutput.ReadToEndAsync();
        string err = child.StandardError.ReadToEnd();
        if (!child.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            child.Kill(entireProcessTree: true);
            Assert.Fail($"{file} did not exit within 3 minutes: {err}");
        }
        return (child.ExitCode, output.Result, err);
    }
}
