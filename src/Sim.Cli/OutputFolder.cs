using Sim.Io;

namespace Sim.Cli;

/// <summary>The <c>--out</c> folder of every command, checked before anything runs.</summary>
internal static class OutputFolder
{
    /// <summary>
    /// Creates <paramref name="output"/> (and <paramref name="subfolder"/> in it) now and writes and deletes a probe file in
    /// it, so a path that cannot hold the results — a file, a folder without write permission, a read-only or
    /// pseudo file system — is refused with one line before a run of minutes, not after it with a stack trace.
    /// </summary>
    /// <param name="output">The folder.</param>
    /// <param name="subfolder">A folder to create inside it (a sweep's <c>points</c>), or null.</param>
    /// <param name="what">How messages name the folder: the option or command that gave it.</param>
    /// <exception cref="UserInputException">The folder cannot be created or written.</exception>
    public static void Prepare(DirectoryInfo output, string? subfolder = null, string what = "--out")
    {
        try
        {
            Directory.CreateDirectory(output.FullName);
            if (subfolder is not null) Directory.CreateDirectory(Path.Combine(output.FullName, subfolder));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"{what} {output.FullName}: cannot be used as a folder ({ex.Message}).");
        }
        try
        {
            string probe = Path.Combine(output.FullName, $".sim-probe.{Guid.NewGuid():N}.tmp");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            string why = ex is UnauthorizedAccessException ? "permission denied" : "the file system refused a test file";
            throw new UserInputException($"{what} {output.FullName}: no file can be written there ({why}).");
        }
        RemoveLeftovers(output.FullName);
    }

    /// <summary>
    /// Removes what a killed run left in <paramref name="folder"/> and its immediate subfolders (where the commands write:
    /// phase folders, a sweep's points): half-written temporary files of <see cref="AtomicFile"/>'s naming
    /// (".NAME.&lt;32 hex&gt;.tmp") and probe files (".sim-probe.&lt;32 hex&gt;.tmp"). Nothing else is touched.
    /// </summary>
    private static void RemoveLeftovers(string folder)
    {
        try
        {
            foreach (string dir in Directory.EnumerateDirectories(folder).Prepend(folder))
                AtomicFile.RemoveLeftovers(dir); // the probe's name has the same form
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // best effort: leftovers are harmless, a failure here must not stop the run
        }
    }
}
