namespace ProbSig.Empirics.Corpus;

/// <summary>The files a file-based source reads: the one file, or those under a folder in
/// ordinal order (recursive), so every run sees the same documents in the same order.</summary>
internal static class CorpusFiles
{
    /// <summary>The file <paramref name="path"/>, or the files under the folder matching
    /// <paramref name="pattern"/> that <paramref name="include"/> keeps.</summary>
    /// <param name="path">A file, or a folder searched recursively.</param>
    /// <param name="pattern">The folder search's file name pattern.</param>
    /// <param name="include">Keeps a found file.</param>
    /// <param name="kinds">The files looked for, as the error for an empty folder names them.</param>
    /// <exception cref="CorpusException">The path does not exist, or the folder holds none of those files.</exception>
    public static IReadOnlyList<string> Under(string path, string pattern, Func<string, bool> include, string kinds)
    {
        if (File.Exists(path)) return [path];
        if (!Directory.Exists(path)) throw new CorpusException($"{path}: no such file or folder");
        var files = Directory.GetFiles(path, pattern, SearchOption.AllDirectories).Where(include).ToArray();
        Array.Sort(files, StringComparer.Ordinal);
        if (files.Length == 0) throw new CorpusException($"{path}: the folder holds no {kinds} files");
        return files;
    }
}
