using System.Runtime.InteropServices;
using Sim.Validation;

namespace Sim.Cli;

/// <summary>
/// Refuses a scenario path that is not a regular file — a FIFO (named pipe), a character or block device, a socket —
/// before it is opened: opening a FIFO with no writer blocks forever (and a blocked open() does not see Ctrl-C), and a
/// device may never end. Linux only (statx); elsewhere, and when the file cannot be examined, nothing is refused here
/// and reading the file reports what is wrong.
/// </summary>
internal static class RegularFile
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28; // struct statx: u32 mask, u32 blksize, u64 attributes, u32 nlink, u32 uid, u32 gid, u16 mode
    private const int TypeMask = 0xF000, Regular = 0x8000, Directory = 0x4000, Fifo = 0x1000, CharDevice = 0x2000, BlockDevice = 0x6000, Socket = 0xC000;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int StatxFunction(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    private static readonly Lazy<StatxFunction?> Statx = new(Load);

    /// <summary>The problem with <paramref name="path"/> as a scenario file, or null when it is a regular file (a symbolic link is followed), a folder, or cannot be examined.</summary>
    public static ValidationError? Problem(string path)
    {
        if (Statx.Value is not { } statx) return null;
        var buffer = new byte[256];
        if (statx(AtFdCwd, path, 0, StatxType, buffer) != 0) return null; // missing or unreadable: the reader says so
        int type = BitConverter.ToUInt16(buffer, ModeOffset) & TypeMask;
        string? kind = type switch
        {
            Regular or Directory => null,
            Fifo => "a FIFO (named pipe)",
            CharDevice => "a character device",
            BlockDevice => "a block device",
            Socket => "a socket",
            _ => "not a file",
        };
        return kind is null ? null : new ValidationError(path, "(not a regular file)",
            $"a scenario JSON file; this is {kind}, which sim does not open (it may block or never end) — save the scenario to a file first");
    }

    private static StatxFunction? Load()
    {
        if (!OperatingSystem.IsLinux()) return null;
        foreach (string name in new[] { "libc.so.6", "libc" })
        {
            if (NativeLibrary.TryLoad(name, out IntPtr library) && NativeLibrary.TryGetExport(library, "statx", out IntPtr statx))
                return Marshal.GetDelegateForFunctionPointer<StatxFunction>(statx);
        }
        return null;
    }
}
