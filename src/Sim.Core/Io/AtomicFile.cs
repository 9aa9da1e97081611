using System.Text;

namespace Sim.Io;

/// <summary>
/// Writes files atomically: the content goes to a temporary file in the same folder, is flushed
/// to disk, and is then renamed over the destination. A reader — or a run interrupted half-way —
/// sees either the old file or the complete new one, never a truncated result.
/// </summary>
/// <remarks>Thread safe for distinct paths. The temporary file is removed if writing fails.</remarks>
public static class AtomicFile
{
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
