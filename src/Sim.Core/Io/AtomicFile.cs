using System.Text;
using System.Text.RegularExpressions;

namespace Sim.Io;

/// <summary>
/// Writes files atomically: the content goes to a temporary file in the same folder, is flushed
/// to disk, and is then renamed over the destination. A reader — or a run interrupted half-way —
/// sees either the old file or the complete new one, never a truncated result.
/// </summary>
/// <remarks>Thread safe for distinct paths. The temporary file is removed if writing fails.</remarks>
public static partial class AtomicFile
{
    // The temporary files Write makes: "." + the destination's name + "." + 32 hex digits + ".tmp".
    [GeneratedRegex(@"^\..+\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex TemporaryName();

    /// <summary>True when <paramref name="fileName"/> (a name, not a path) has the form of the temporary files this class writes: <c>.NAME.&lt;32 hex digits&gt;.tmp</c>.</summary>
    /// <param name="fileName">A file name.</param>
    public static bool IsTemporaryName(string fileName) => TemporaryName().IsMatch(fileName ?? "");

    /// <summary>
    /// Removes from <paramref name="folder"/> (not its subfolders) the temporary files a write interrupted by a kill left
    /// behind — only names of this class's own form (<see cref="IsTemporaryName"/>), and only files no process holds
    /// open for writing (a write in progress elsewhere keeps its file). Best effort: a file that cannot be removed stays.
    /// </summary>
    /// <param name="folder">The folder; nothing happens when it does not exist.</param>
    /// <returns>The paths removed.</returns>
    public static IReadOnlyList<string> RemoveLeftovers(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var removed = new List<string>();
        if (!Directory.Exists(folder)) return removed;
        foreach (string path in Directory.EnumerateFiles(folder, "*.tmp"))
        {
            if (!IsTemporaryName(Path.GetFileName(path))) continue;
            try
            {
                // A writer holds its temporary file with FileShare.None (an exclusive lock on Unix): then this open fails.
                using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
                removed.Add(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // in use, or not ours to remove
            }
        }
        return removed;
    }
    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark) to <paramref name="path"/>, atomically.</summary>
    /// <param name="path">Destination path; its folder is created if missing.</param>
    /// <param name="text">The content.</param>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, stream =>
        {
            byte[] bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
            stream.Write(bytes);
        });
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, atomically.</summary>
    /// <param name="path">Destination path; its folder is created if missing.</param>
    /// <param name="bytes">The content.</param>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>Writes whatever <paramref name="write"/> puts into the stream to <paramref name="path"/>, atomically.</summary>
    /// <param name="path">Destination path; its folder is created if missing.</param>
    /// <param name="write">Writes the content; the stream is flushed and closed afterwards.</param>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
                // best effort: the original error matters more
            }
            throw;
        }
    }
}
