using System.IO.Compression;
using System.Text;

namespace ProbSig.Tests.Properties.Empirics.Embeddings;

/// <summary>Small word-vector files in a per-test temporary folder.</summary>
internal sealed class EmbeddingTestFiles : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "probsig-embedding-tests", Guid.NewGuid().ToString("N"));

    public EmbeddingTestFiles() => Directory.CreateDirectory(Root);

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

    public static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        return output.ToArray();
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
