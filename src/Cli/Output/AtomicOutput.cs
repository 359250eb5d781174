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
    /// Checks a single output file before any work: its folder exists, it is not a folder,
    /// not an input of the run, and not an existing file unless <paramref name="overwrite"/>
    /// (a user's file is never replaced without being asked).
    /// </summary>
    public static void CheckFile(string path, bool overwrite, IEnumerable<string>? inputs = null, string option = "--out")
    {
        if (string.IsNullOrWhiteSpace(path)) throw new CliUsageException(option, path, "is empty: give the file to write");
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new CliUsageException(option, path, $"the folder {dir} does not exist");
        if (Directory.Exists(full)) throw new CliUsageException(option, path, "is a folder; this writes one file");
        foreach (var input in inputs ?? [])
            if (string.Equals(Path.GetFullPath(input), full, StringComparison.Ordinal))
                throw new CliUsageException(option, path, "is an input of this run; write the output to another file");
        if (File.Exists(full) && !overwrite)
            throw new CliUsageException(option, path, "exists; pass --overwrite to replace it, or choose another name");
    }

    /// <summary>Writes a user-named output file atomically after <see cref="CheckFile"/>.</summary>
    public static void WriteNewFile(string path, Action<Stream> write, bool overwrite, IEnumerable<string>? inputs = null, string option = "--out")
    {
        CheckFile(path, overwrite, inputs, option);
        WriteFile(path, write);
    }

    /// <summary>
    /// A message with the temporary names of our writers (".NAME.tmp-PID", "NAME.tmp-PID-GUID")
    /// replaced by the names the user gave, so an error names their file, not ours.
    /// </summary>
    public static string FinalNames(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var hidden = System.Text.RegularExpressions.Regex.Replace(message, @"/\.([^/\s':]+?)\.tmp-\d+(?:-[0-9a-f]{32})?", "/$1");
        return System.Text.RegularExpressions.Regex.Replace(hidden, @"\.tmp-\d+(?:-[0-9a-f]{32})?", "");
    }

    /// <summary>The file in an output folder that lists the files probsig wrote there.</summary>
    public const string ManifestName = ".probsig-outputs.json";

    /// <summary>
    /// Checks an output folder before any work starts (exit 2 naming the folder on failure):
    /// not a file, its parent exists, writable, holds no input of this run, and holds no
    /// file probsig did not write there, unless <paramref name="overwrite"/>.
    /// </summary>
    /// <param name="path">The folder given with <paramref name="option"/>.</param>
    /// <param name="overwrite">The user's explicit --overwrite: files of others may stay beside ours.</param>
    /// <param name="inputs">Files or folders this run reads; none may lie inside the output folder.</param>
    /// <param name="option">The option's name, for the message.</param>
    /// <param name="owner">The verb that writes: files another verb wrote count as foreign too
    /// (a `train` into a `verify` report folder would otherwise remove the report).</param>
    public static void CheckFolder(string path, bool overwrite, string owner, IEnumerable<string>? inputs = null, string option = "--out")
    {
        if (string.IsNullOrWhiteSpace(path)) throw new CliUsageException(option, path, "is empty: give the folder to write");
        var full = Full(path);
        var parent = Path.GetDirectoryName(full);
        if (parent is null) throw new CliUsageException(option, path, "is the root folder; give a folder of its own for the outputs");
        if (File.Exists(full)) throw new CliUsageException(option, path, "is a file; this verb writes a folder");
        if (!Directory.Exists(parent)) throw new CliUsageException(option, path, $"the folder {parent} does not exist");
        foreach (var input in inputs ?? [])
        {
            var inputFull = Full(input);
            if (IsInside(inputFull, full))
                throw new CliUsageException(option, path, $"holds {inputFull}, an input of this run; write the outputs to another folder");
        }
        if (Directory.Exists(full))
        {
            var foreign = ForeignFiles(full, owner);
            if (foreign.Count > 0 && !overwrite)
                throw new CliUsageException(option, path,
                    $"holds files probsig did not write ({string.Join(", ", foreign.Take(3))}{(foreign.Count > 3 ? $" and {foreign.Count - 3} more" : "")}); " +
                    "give a new or empty folder, or --overwrite to write probsig's files beside them (nothing else is touched)");
        }
        var probeDir = Directory.Exists(full) ? full : parent;
        var probe = Path.Combine(probeDir, $".probsig-probe-{Environment.ProcessId}");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new CliUsageException(option, path, $"cannot write in {probeDir}: {e.Message}");
        }
    }

    /// <summary>
    /// Writes a verb's folder of outputs without destroying anything else: the files are
    /// built in a temporary sibling folder, then each is renamed into <paramref name="path"/>,
    /// replacing only files of the same name; files listed by the previous run's manifest
    /// and not written again are removed (probsig wrote them); every other file is left as
    /// it is. The manifest (<see cref="ManifestName"/>) is written last.
    /// </summary>
    public static void WriteFolder(string path, string owner, Action<string> write, bool overwrite = false, IEnumerable<string>? inputs = null)
    {
        var inputList = inputs?.ToArray() ?? [];
        CheckFolder(path, overwrite, owner, inputList);
        var full = Full(path);
        var parent = Path.GetDirectoryName(full)!;
        var tmp = Path.Combine(parent, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}");
        try
        {
            if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
            Directory.CreateDirectory(tmp);
            write(tmp);
            var written = RelativeFiles(tmp);
            var previous = ReadManifest(full, owner);
            Directory.CreateDirectory(full);
            foreach (var rel in written)
            {
                var dest = Path.Combine(full, rel);
                Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
                File.Move(Path.Combine(tmp, rel), dest, overwrite: true);
            }
            foreach (var stale in previous.Except(written, StringComparer.Ordinal))
            {
                var file = Path.Combine(full, stale);
                if (File.Exists(file) && IsInside(Full(file), full)) File.Delete(file);
            }
            WriteFile(Path.Combine(full, ManifestName), s => System.Text.Json.JsonSerializer.Serialize(s, new Manifest(owner, written.ToArray())));
        }
        finally
        {
            if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
        }
    }

    /// <summary>The absolute path of an output folder, without a trailing '/'.</summary>
    internal static string Full(string path) => Path.GetFullPath(path.Length > 1 ? path.TrimEnd('/') : path);

    private static bool IsInside(string candidate, string folder) =>
        string.Equals(candidate, folder, StringComparison.Ordinal) ||
        candidate.StartsWith(folder.EndsWith('/') ? folder : folder + "/", StringComparison.Ordinal);

    /// <summary>Every file below <paramref name="folder"/>, as relative paths with '/' separators, sorted.</summary>
    private static List<string> RelativeFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>Files of an existing folder that its manifest does not list as <paramref name="owner"/>'s (the manifest itself aside).</summary>
    private static List<string> ForeignFiles(string folder, string owner)
    {
        var ours = ReadManifest(folder, owner).ToHashSet(StringComparer.Ordinal);
        ours.Add(ManifestName);
        return RelativeFiles(folder).Where(f => !ours.Contains(f)).ToList();
    }

    /// <summary>What a folder's manifest holds: which verb wrote it, and its files.</summary>
    private sealed record Manifest(string Owner, string[] Files);

    /// <summary>The files a previous run of <paramref name="owner"/> listed; none when there is no
    /// manifest, another verb wrote it, or it cannot be read (then every file counts as foreign).</summary>
    private static string[] ReadManifest(string folder, string owner)
    {
        var file = Path.Combine(folder, ManifestName);
        if (!File.Exists(file)) return [];
        try
        {
            var manifest = System.Text.Json.JsonSerializer.Deserialize<Manifest>(File.ReadAllText(file));
            return manifest is not null && manifest.Owner == owner ? manifest.Files ?? [] : [];
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }
}
