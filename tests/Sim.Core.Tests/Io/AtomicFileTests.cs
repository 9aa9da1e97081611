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
}
