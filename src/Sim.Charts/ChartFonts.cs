using System.Reflection;
using ScottPlot;
using SkiaSharp;

namespace Sim.Charts;

/// <summary>
/// The font of Sim's charts. DejaVu Sans (regular and bold, Bitstream Vera licence) is embedded in this assembly and
/// registered with ScottPlot, so charts render with the same glyphs on every machine — a container image with no
/// fonts installed included — and never silently without text.
/// </summary>
public static class ChartFonts
{
    /// <summary>The sans-serif family Sim's charts use; always available, from the embedded files.</summary>
    public const string PreferredSans = "DejaVu Sans";

    private static readonly Lazy<EmbeddedFontResolver> Resolver = new(Register, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The font family charts use, <see cref="PreferredSans"/>, after registering the embedded files with ScottPlot
    /// (once per process; thread safe). The embedded font takes precedence over an installed one of the same name, so
    /// the output does not depend on the machine.
    /// </summary>
    /// <returns><see cref="PreferredSans"/>.</returns>
    public static string Resolve()
    {
        _ = Resolver.Value;
        return PreferredSans;
    }

    /// <summary>
    /// The embedded typeface itself, for text drawn on a Skia canvas directly rather than through ScottPlot (a grid's
    /// title): asking Skia for the family by name would find nothing on a machine with no fonts and draw no text.
    /// Shared for the whole process; callers must not dispose it.
    /// </summary>
    internal static SKTypeface Typeface(bool bold) => Resolver.Value.Pick(bold);

    private static EmbeddedFontResolver Register()
    {
        var resolver = new EmbeddedFontResolver(Load("DejaVuSans.ttf"), Load("DejaVuSans-Bold.ttf"));
        Fonts.FontResolvers.Insert(0, resolver);
        Fonts.Default = PreferredSans;
        Fonts.Sans = PreferredSans;
        return resolver;
    }

    private static SKTypeface Load(string file)
    {
        Assembly assembly = typeof(ChartFonts).Assembly;
        using Stream stream = assembly.GetManifestResourceStream("Sim.Charts.Fonts." + file)
            ?? throw new InvalidOperationException($"The embedded font '{file}' is missing from {assembly.GetName().Name}: the package is damaged.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return SKTypeface.FromData(SKData.CreateCopy(bytes))
            ?? throw new InvalidOperationException($"The embedded font '{file}' could not be read by SkiaSharp.");
    }

    /// <summary>Hands ScottPlot the embedded typefaces for <see cref="PreferredSans"/>; other names fall through.</summary>
    private sealed class EmbeddedFontResolver(SKTypeface regular, SKTypeface bold) : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold1, bool italic) =>
            Matches(fontName) ? Pick(bold1) : null;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            Matches(fontName) ? Pick(weight >= FontWeight.SemiBold) : null;

        private static bool Matches(string fontName) => string.Equals(fontName, PreferredSans, StringComparison.OrdinalIgnoreCase);

        // One typeface per style for the whole process: ScottPlot caches what a resolver returns and never disposes it.
        internal SKTypeface Pick(bool wantBold) => wantBold ? bold : regular;
    }
}
