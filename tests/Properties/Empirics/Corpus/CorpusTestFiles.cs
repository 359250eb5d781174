using System.Text;
using System.Text.Json;
using ZstdSharp;

namespace ProbSig.Tests.Properties.Empirics.Corpus;

/// <summary>Builds small corpus inputs in a per-test temporary folder.</summary>
internal sealed class CorpusTestFiles : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "probsig-corpus-tests", Guid.NewGuid().ToString("N"));

    public CorpusTestFiles() => Directory.CreateDirectory(Root);

    public string Write(string relative, byte[] bytes)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string Write(string relative, string text) => Write(relative, Encoding.UTF8.GetBytes(text));

    /// <summary>One Pile-format line.</summary>
    public static string PileLine(string text, string subset) =>
        JsonSerializer.Serialize(new { text, meta = new { pile_set_name = subset } });

    /// <summary>Compresses with zstd the way the Pile's files are.</summary>
    public static byte[] Zstd(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var compressor = new CompressionStream(output, level: 3))
            compressor.Write(bytes);
        return output.ToArray();
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
