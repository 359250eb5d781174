namespace ProbSig.Cli.Output;

/// <summary>
/// Output files are written under a temporary name in the destination folder and
/// renamed into place only when complete, so a failure never leaves a half-written file.
/// </summary>
internal static class AtomicOutput
{
    /// <summary>Writes one file atomically.</summary>
    public static void WriteFile(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new CliUsageException("--out", path, $"the folder {dir} does not exist");
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}");
        try
        {
            using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write))
                write(stream);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>
    /// Writes a folder of files atomically: everything goes into a temporary sibling
    /// folder that is renamed to <paramref name="path"/> at the end. An existing folder
    /// at that path is replaced only after the new one is complete.
    /// </summary>
    public static void WriteFolder(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path.TrimEnd('/'));
        var parent = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(parent)) throw new CliUsageException("--out", path, $"the folder {parent} does not exist");
        if (File.Exists(full)) throw new CliUsageException("--out", path, "is a file; this format writes a folder");
        var tmp = Path.Combine(parent, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}");
        var old = Path.Combine(parent, $".{Path.GetFileName(full)}.old-{Environment.ProcessId}");
        try
        {
            if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
            Directory.CreateDirectory(tmp);
            write(tmp);
            if (Directory.Exists(full)) Directory.Move(full, old);
            Directory.Move(tmp, full);
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
        }
        finally
        {
            if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
        }
    }
}
