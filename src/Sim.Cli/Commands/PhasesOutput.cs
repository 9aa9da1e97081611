using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sim.Experiments;
using Sim.Io;
using Sim.Scenarios;

namespace Sim.Cli.Commands;

/// <summary>
/// The <c>--out</c> folder of <c>sim phases</c>, shared between runs: a manifest (<c>.sim-phases.json</c>) lists every
/// file sim wrote there, so a later run into the same folder can remove what the earlier one wrote and this one does not
/// (the phases it no longer runs, charts of another format) — those files only: a user's own files, even inside a phase
/// folder, are never touched, and a folder is removed only when that leaves it empty. The manifest lists the files a run
/// is about to write before it writes them, so a run killed half-way is cleaned up by the next one as well.
/// </summary>
internal sealed class PhasesOutput
{
    /// <summary>The manifest's file name in the folder.</summary>
    public const string ManifestName = ".sim-phases.json";

    private readonly string _folder;
    private readonly SortedSet<string> _listed = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _written = new(StringComparer.Ordinal);
    private readonly string _scenario;

    /// <summary>Reads the folder's manifest (if any) and lists <paramref name="planned"/> in it before anything is written.</summary>
    /// <param name="folder">The --out folder, already prepared (<see cref="OutputFolder.Prepare"/>).</param>
    /// <param name="scenario">The scenario's name.</param>
    /// <param name="fingerprint">The run's fingerprint (<see cref="FingerprintOf"/>).</param>
    /// <param name="planned">Every file this run may write, relative to <paramref name="folder"/> with '/' separators.</param>
    public PhasesOutput(string folder, string scenario, string fingerprint, IEnumerable<string> planned)
    {
        _folder = Path.GetFullPath(folder);
        _scenario = scenario;
        Fingerprint = fingerprint;
        _listed.UnionWith(ReadManifest());
        _listed.UnionWith(planned);
        WriteManifest(_listed);
    }

    /// <summary>Identifies the run: its scenario, options and phases, and the Sim build (see <see cref="FingerprintOf"/>).</summary>
    public string Fingerprint { get; }

    /// <summary>The full path of a file of the folder.</summary>
    public string PathOf(string relative) => Path.Combine(_folder, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Writes a text file atomically and records it.</summary>
    public void WriteText(string relative, string text)
    {
        AtomicFile.WriteAllText(PathOf(relative), text);
        Wrote(relative);
    }

    /// <summary>Records a file written by other means (a chart).</summary>
    public void Wrote(string relative)
    {
        lock (_written) _written.Add(relative);
    }

    /// <summary>The files this run has written so far.</summary>
    public IReadOnlySet<string> Written
    {
        get { lock (_written) return new SortedSet<string>(_written, StringComparer.Ordinal); }
    }

    /// <summary>
    /// Removes every file the manifest lists except <paramref name="keep"/> (files of an earlier run), then each folder this
    /// left empty. A folder that still holds other files is kept, and said so on <paramref name="notes"/> when given.
    /// </summary>
    public void Clear(IReadOnlySet<string> keep, TextWriter? notes)
    {
        var touched = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string relative in _listed)
        {
            if (keep.Contains(relative)) continue;
            string path = PathOf(relative);
            try
            {
                if (File.Exists(path)) File.Delete(path); // a folder of that name (not ours) is left alone
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                notes?.WriteLine($"sim: note: could not remove {path}, written by an earlier run: {ex.Message}");
            }
            if (Path.GetDirectoryName(relative.Replace('/', Path.DirectorySeparatorChar)) is { Length: > 0 } dir) touched.Add(dir);
        }
        string[] keptFolders = [.. keep.Select(k => Path.GetDirectoryName(k.Replace('/', Path.DirectorySeparatorChar)) ?? "")];
        foreach (string dir in touched)
        {
            string full = Path.Combine(_folder, dir);
            if (!Directory.Exists(full) || keptFolders.Contains(dir)) continue;
            string[] left = [.. Directory.EnumerateFileSystemEntries(full).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
            if (left.Length == 0) Directory.Delete(full);
            else notes?.WriteLine($"sim: note: kept {full}: the results an earlier run wrote there are removed, but it also holds files sim did not write ({string.Join(", ", left.Take(3))}{(left.Length > 3 ? ", …" : "")}).");
        }
    }

    /// <summary>Rewrites the manifest with the files this run wrote.</summary>
    public void Save()
    {
        IReadOnlySet<string> written = Written;
        _listed.Clear();
        _listed.UnionWith(written);
        WriteManifest(written);
    }

    /// <summary>
    /// Refuses phase names that cannot be one folder inside --out ("../x", "a/b", ".", a name with a character the file
    /// system forbids): a phase name is free text, and with --out it names a folder, so "../x" wrote outside --out.
    /// </summary>
    /// <exception cref="UserInputException">A phase name is not a plain folder name.</exception>
    public static void CheckFolderNames(IEnumerable<ScenarioPhase> phases)
    {
        char[] invalid = [.. Path.GetInvalidFileNameChars(), '/', '\\'];
        foreach (ScenarioPhase phase in phases)
        {
            string name = phase.Name;
            if (name.Length == 0 || name.Trim() != name || name is "." or ".." || name.IndexOfAny(invalid) >= 0 || name == ManifestName)
                throw new UserInputException($"--out: phase '{name}' cannot be a folder name inside --out (each phase's results go to DIR/<phase>/); "
                    + "rename the phase to a plain name without path separators, e.g. letters, digits and '-'.");
        }
    }

    /// <summary>
    /// A SHA-256 (hex, 32 characters) over what determines a phases run's results — the Sim build, the scenario's name and
    /// text, every override and option in the order applied, and the phases run — as a sweep's fingerprint is: two runs
    /// with the same fingerprint wrote the same numbers.
    /// </summary>
    public static string FingerprintOf(string scenarioName, string scenarioText, IReadOnlyList<string> overrides, IEnumerable<string> phases)
    {
        var sb = new StringBuilder("sim-phases/1\n");
        void Add(string s) => sb.Append(s.Length).Append(':').Append(s).Append('\n');
        Add(Sweep.EngineVersion);
        Add(scenarioName);
        Add(scenarioText);
        sb.Append(overrides.Count).Append('\n');
        foreach (string o in overrides) Add(o);
        foreach (string p in phases) Add(p);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString()));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    private IEnumerable<string> ReadManifest()
    {
        string path = Path.Combine(_folder, ManifestName);
        if (!File.Exists(path)) return [];
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
            if (!doc.RootElement.TryGetProperty("files", out JsonElement files) || files.ValueKind != JsonValueKind.Array) return [];
            return [.. files.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.String).Select(f => f.GetString()!).Where(IsInside)];
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return []; // not a manifest sim can read: nothing is removed on its word
        }
    }

    /// <summary>A listed path is used only when it is a plain relative path that stays inside the folder.</summary>
    private bool IsInside(string relative)
    {
        if (relative.Length == 0 || Path.IsPathRooted(relative) || relative == ManifestName) return false;
        string[] parts = relative.Split('/', '\\');
        if (parts.Any(p => p.Length == 0 || p is "." or "..")) return false;
        string full = Path.GetFullPath(PathOf(relative));
        return full.StartsWith(_folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    private void WriteManifest(IEnumerable<string> files)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("writtenBy", "sim phases");
            w.WriteString("about", "The files sim wrote in this folder; a later 'sim phases --out' here removes those it does not write again, and nothing else.");
            w.WriteString("scenario", _scenario);
            w.WriteString("fingerprint", Fingerprint);
            w.WriteStartArray("files");
            foreach (string f in files) w.WriteStringValue(f);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        AtomicFile.WriteAllBytes(Path.Combine(_folder, ManifestName), buffer.ToArray());
    }
}
