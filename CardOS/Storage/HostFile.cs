using System.Globalization;
using System.Runtime.InteropServices;

namespace CardOS.Storage;

/// <summary>
/// What the host says about a path before an image file is opened: its kind (a FIFO must never be opened, reading it
/// blocks), its identity (device and inode, so a hard link or a symbolic link to an image is recognised) and, for a
/// locked file, which process holds it. Linux answers through statx(2) and /proc/locks; elsewhere the answers are
/// what .NET can tell (directories only; identity by the resolved path).
/// </summary>
internal static class HostFile
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const uint StatxIno = 0x100;
    private const int StatxSize = 256;
    private const int FileTypeMask = 0xF000;

    /// <summary>Null for a regular file (or a path that does not exist, or when the host cannot tell); else what it is, e.g. "a directory".</summary>
    public static string? DescribeIrregular(string path)
    {
        if (Directory.Exists(path))
            return "a directory";
        if (!TryStat(path, out int mode, out _, out _))
            return null;
        return (mode & FileTypeMask) switch
        {
            0x8000 => null,
            0x1000 => "a FIFO",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            0x4000 => "a directory",
            _ => "not a regular file",
        };
    }

    /// <summary>Whether the two paths name one file: the same path, a symbolic link to it, or a hard link.</summary>
    public static bool IsSameFile(string first, string second)
    {
        if (TryStat(first, out _, out ulong firstDevice, out ulong firstInode) && TryStat(second, out _, out ulong secondDevice, out ulong secondInode))
            return firstDevice == secondDevice && firstInode == secondInode;
        return string.Equals(Resolve(first), Resolve(second), StringComparison.Ordinal);
    }

    /// <summary>The process that holds a lock on <paramref name="path"/> ("process 1234 (cardos serve ...)"), or null if the host cannot tell.</summary>
    public static string? DescribeLockHolder(string path)
    {
        if (!TryStat(path, out _, out ulong device, out ulong inode))
            return null;
        string[] locks;
        try
        {
            locks = File.ReadAllLines("/proc/locks");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // /proc/locks: "1: FLOCK  ADVISORY  WRITE 12345 fe:00:11657729 0 EOF", the device as hex major:minor.
        string file = string.Create(CultureInfo.InvariantCulture, $"{device >> 32:x2}:{device & 0xFFFFFFFF:x2}:{inode}");
        foreach (string line in locks)
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || fields[1] == "->" || fields[5] != file || !int.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                continue;
            if (pid == Environment.ProcessId)
                return "this process";
            string command = string.Empty;
            try
            {
                // The program by its file name, and a dotnet host by the assembly it runs: "CardOS.Cli.dll serve ...".
                string[] words = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
                int first = words.Length > 1 && Path.GetFileName(words[0]) == "dotnet" && words[1].EndsWith(".dll", StringComparison.Ordinal) ? 1 : 0;
                if (words.Length > 0)
                    command = string.Join(' ', [Path.GetFileName(words[first]), .. words[(first + 1)..]]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The holder may have exited since; its number is still worth naming.
            }

            if (command.Length > 160)
                command = string.Concat(command.AsSpan(0, 157), "...");
            return command.Length == 0 ? $"process {pid}" : $"process {pid} ({command})";
        }

        return null;
    }

    private static string Resolve(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }

    private static bool TryStat(string path, out int mode, out ulong device, out ulong inode)
    {
        mode = 0;
        device = 0;
        inode = 0;
        if (!OperatingSystem.IsLinux())
            return false;
        byte[] buffer = new byte[StatxSize];
        try
        {
            if (NativeMethods.Statx(AtFdCwd, path, 0, StatxType | StatxIno, buffer) != 0)
                return false;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }

        // struct statx (linux/stat.h), in host byte order, at the same offsets on every architecture: stx_mode u16 at 28, stx_ino u64 at 32,
        // stx_dev_major and stx_dev_minor u32 at 136 and 140.
        mode = MemoryMarshal.Read<ushort>(buffer.AsSpan(28));
        inode = MemoryMarshal.Read<ulong>(buffer.AsSpan(32));
        device = ((ulong)MemoryMarshal.Read<uint>(buffer.AsSpan(136)) << 32) | MemoryMarshal.Read<uint>(buffer.AsSpan(140));
        return true;
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
    }
}
