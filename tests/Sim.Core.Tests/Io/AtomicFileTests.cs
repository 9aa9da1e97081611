using Sim.Io;

namespace Sim.Core.Tests.Io;

public class AtomicFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sim-atomic-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void WriteAllText_CreatesFolder_ReplacesContent_LeavesNoTempFile()
    {
        string path = Path.Combine(_dir, "sub", "results.json");
        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second");
        Assert.Equal("second", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void FailedWrite_KeepsTheOldFile_AndRemovesTheTemp()
    {
        string path = Path.Combine(_dir, "results.json");
        AtomicFile.WriteAllText(path, "complete old result");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("half a new res"u8);
            throw new InvalidOperationException("interrupted");
        }));
        Assert.Equal("complete old result", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void RemoveLeftovers_RemovesOnlyTemporaryFilesOfItsOwnNaming()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        string hex = Guid.NewGuid().ToString("N");
        string ours = Path.Combine(_dir, $".results.json.{hex}.tmp");
        string[] theirs =
        [
            Path.Combine(_dir, "notes.tmp"), Path.Combine(_dir, ".results.json.tmp"), Path.Combine(_dir, $"results.json.{hex}.tmp"),
            Path.Combine(_dir, $".x.{hex.ToUpperInvariant()}.tmp"), Path.Combine(_dir, "sub", $".deeper.{hex}.tmp"),
        ];
        foreach (string f in theirs.Append(ours)) File.WriteAllText(f, "x");
        Assert.Equal([ours], AtomicFile.RemoveLeftovers(_dir));
        Assert.False(File.Exists(ours));
        Assert.All(theirs, f => Assert.True(File.Exists(f), f)); // other names, and subfolders, are not touched
        Assert.True(AtomicFile.IsTemporaryName($".a.b.{hex}.tmp"));
        Assert.False(AtomicFile.IsTemporaryName($".{hex}.tmp"));
    }

    [Fact]
    public void RemoveLeftovers_LeavesATemporaryFileThatIsBeingWritten()
    {
        // AtomicFile holds its temporary file with FileShare.None while writing: another process's write in progress is not cut.
        Directory.CreateDirectory(_dir);
        string writing = Path.Combine(_dir, $".results.json.{Guid.NewGuid():N}.tmp");
        using (new FileStream(writing, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            Assert.Empty(AtomicFile.RemoveLeftovers(_dir));
        Assert.True(File.Exists(writing));
    }
}
