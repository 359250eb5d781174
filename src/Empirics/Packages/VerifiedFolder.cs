using System.Security.Cryptography;

namespace ProbSig.Empirics.Packages;

/// <summary>
/// A cache folder that is checked on every use: a marker file records what the folder was
/// made from (its first line) and each file's SHA-256, so that an edited, truncated or
/// half-removed entry is noticed and made again rather than read. Folders are built beside
/// their final place and renamed in, so a failure leaves no partial folder behind.
/// </summary>
internal static class VerifiedFolder
{
    /// <summary>The marker's name (the one <see cref="NpmPackage"/> uses).</summary>
    public const string MarkerName = NpmPackage.MarkerName;

    /// <summary>Writes the marker into <paramref name="folder"/>: <paramref name="origin"/>, then "sha256 relative/path" per file, sorted.</summary>
    public static void WriteMarker(string folder, string origin)
    {
        var lines = new List<string> { origin };
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            lines.Add($"{FileHash(file)} {Path.GetRelativePath(folder, file).Replace('\\', '/')}");
        File.WriteAllLines(Path.Combine(folder, MarkerName), lines);
    }

    /// <summary>True when the folder's marker names <paramref name="origin"/> and every file it lists has its recorded hash.</summary>
    public static bool IsIntact(string folder, string origin)
    {
        var marker = Path.Combine(folder, MarkerName);
        if (!File.Exists(marker)) return false;
        var lines = File.ReadAllLines(marker);
        if (lines.Length < 2 || lines[0].Trim() != origin) return false;
        foreach (var line in lines.Skip(1))
        {
            int space = line.IndexOf(' ');
            if (space <= 0) return false;
            var file = Path.Combine(folder, line[(space + 1)..]);
            if (!File.Exists(file) || FileHash(file) != line[..space]) return false;
        }
        return true;
    }

    /// <summary>A fresh, empty working folder beside <paramref name="folder"/> (same file system, so the final rename is atomic).</summary>
    public static string WorkFolder(string folder, string kind)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        var work = $"{folder}.{kind}-{Environment.ProcessId}-{Guid.NewGuid():N}";
        Directory.CreateDirectory(work);
        return work;
    }

    /// <summary>
    /// Builds the checked entry <paramref name="folder"/>: <paramref name="fill"/> writes its files
    /// into a fresh working folder beside it, the marker records <paramref name="origin"/> and each
    /// file's hash, and the folder is renamed into place (<see cref="MoveInto"/>). When anything
    /// fails no partial or working folder is left (the folders above it are the caller's: see <see cref="Parent"/>).
    /// </summary>
    public static void Build(string folder, string origin, Action<string> fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        var work = WorkFolder(folder, "tmp");
        try
        {
            fill(work);
            WriteMarker(work, origin);
            MoveInto(work, folder);
        }
        finally
        {
            TryDelete(work);
        }
    }

    /// <summary>
    /// Puts the finished <paramref name="work"/> folder at <paramref name="folder"/>. An entry
    /// already there is moved aside first and only deleted once the new one is in place; if
    /// the move fails it is put back, so a failure never loses it.
    /// </summary>
    public static void MoveInto(string work, string folder)
    {
        string? aside = null;
        if (Directory.Exists(folder))
        {
            aside = $"{folder}.old-{Environment.ProcessId}-{Guid.NewGuid():N}";
            Directory.Move(folder, aside);
        }
        try
        {
            Directory.Move(work, folder);
        }
        catch
        {
            if (aside is not null && !Directory.Exists(folder)) Directory.Move(aside, folder);
            throw;
        }
        if (aside is not null) TryDelete(aside);
    }

    /// <summary>Deletes a file or folder if it is there, ignoring failures (cleanup after an error must not hide the error).</summary>
    public static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>The lower-case hex SHA-256 of a file.</summary>
    public static string FileHash(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// Creates the folders above a cache entry (e.g. the cache root and its npm/ or nuget/), and
    /// on dispose removes those it created unless <see cref="CreatedFolders.Keep"/> was called: a
    /// fetch that fails leaves the cache exactly as it was, not even an empty folder added.
    /// </summary>
    public static CreatedFolders Parent(string entry)
    {
        var created = new List<string>();
        for (var dir = Path.GetDirectoryName(Path.GetFullPath(entry)); dir is not null && !Directory.Exists(dir); dir = Path.GetDirectoryName(dir))
            created.Add(dir);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(entry))!);
        return new CreatedFolders(created);
    }

    /// <summary>See <see cref="Parent"/>; the folders are innermost first.</summary>
    public sealed class CreatedFolders(List<string> created) : IDisposable
    {
        private bool keep;

        /// <summary>The fetch succeeded: the folders stay.</summary>
        public void Keep() => keep = true;

        /// <inheritdoc />
        public void Dispose()
        {
            if (keep) return;
            foreach (var dir in created)
            {
                try
                {
                    if (Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
                }
                catch (IOException) { return; }
                catch (UnauthorizedAccessException) { return; }
            }
        }
    }
}
