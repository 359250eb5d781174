using System.Security.Cryptography;

namespace ProbSig.Tests.Snapshots.Support;

/// <summary>What a folder holds, to compare before and after a run: every entry below it,
/// hidden ones included, folders as "name/" and files with a hash of their bytes.</summary>
public static class FolderContents
{
    public static Dictionary<string, string> Of(string dir)
    {
        var entries = new Dictionary<string, string>();
        foreach (var d in Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories)) entries[Path.GetRelativePath(dir, d) + "/"] = "";
        foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            entries[Path.GetRelativePath(dir, f)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)));
        return entries;
    }
}
