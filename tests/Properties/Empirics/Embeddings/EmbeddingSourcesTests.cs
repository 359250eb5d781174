using NUnit.Framework;
using ProbSig.Empirics.Embeddings;

namespace ProbSig.Tests.Properties.Empirics.Embeddings;

/// <summary>The --embeddings spec grammar: every form, and errors that name the input.</summary>
[TestFixture]
public sealed class EmbeddingSourcesTests
{
    private string root = "";

    [OneTimeSetUp]
    public void Setup()
    {
        root = Path.Combine(Path.GetTempPath(), "probsig-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        foreach (var name in new[] { "vectors.txt", "vectors.vec.gz", "wink.json", "model.onnx", "my vocab.txt" }) File.WriteAllText(Path.Combine(root, name), "");
    }

    [OneTimeTearDown]
    public void TearDown() => Directory.Delete(root, recursive: true);

    private string P(string name) => Path.Combine(root, name);

    [Test]
    public void PackagedSources_ByName()
    {
        Assert.That(EmbeddingSources.Describe("wink"), Is.TypeOf<WinkPackageEmbeddings>());
        Assert.That(EmbeddingSources.Describe("minilm"), Is.TypeOf<MiniLmPackageEmbeddings>());
        Assert.That(EmbeddingSources.Describe("wink").Files, Is.Empty);
    }

    [Test]
    public void Files_ByPrefixOrEnding()
    {
        Assert.That(EmbeddingSources.Describe(P("vectors.txt")), Is.EqualTo(new WordVectorFileEmbeddings(P("vectors.txt"), Json: false)));
        Assert.That(EmbeddingSources.Describe(P("vectors.vec.gz")), Is.EqualTo(new WordVectorFileEmbeddings(P("vectors.vec.gz"), Json: false)));
        Assert.That(EmbeddingSources.Describe("glove:" + P("wink.json")), Is.EqualTo(new WordVectorFileEmbeddings(P("wink.json"), Json: false)), "the prefix wins over the ending");
        Assert.That(EmbeddingSources.Describe(P("wink.json")), Is.EqualTo(new WordVectorFileEmbeddings(P("wink.json"), Json: true)));
        Assert.That(EmbeddingSources.Describe("wink:" + P("vectors.txt")), Is.EqualTo(new WordVectorFileEmbeddings(P("vectors.txt"), Json: true)));
        Assert.That(EmbeddingSources.Describe(P("model.onnx")), Is.EqualTo(new OnnxFileEmbeddings(P("model.onnx"))));
        Assert.That(EmbeddingSources.Describe(P("vectors.txt")).Files, Is.EqualTo(new[] { P("vectors.txt") }));
    }

    [Test]
    public void Onnx_InitializerAndVocabulary_AfterTheModelPath()
    {
        var spec = EmbeddingSources.Describe($"onnx:{P("model.onnx")}:encoder.embed.weight:{P("my vocab.txt")}");
        Assert.That(spec, Is.EqualTo(new OnnxFileEmbeddings(P("model.onnx"), "encoder.embed.weight", P("my vocab.txt"))));
        Assert.That(spec.Id, Does.EndWith(":encoder.embed.weight"));
        Assert.That(spec.Files, Is.EqualTo(new[] { P("model.onnx"), P("my vocab.txt") }));
        Assert.That(EmbeddingSources.Describe($"onnx:{P("model.onnx")}:other"), Is.EqualTo(new OnnxFileEmbeddings(P("model.onnx"), "other")));
    }

    [TestCase("", "empty embeddings spec")]
    [TestCase("glove:/no/such/vectors.txt", "/no/such/vectors.txt: no such file")]
    [TestCase("/no/such/model.onnx", "/no/such/model.onnx: no such file")]
    [TestCase("onnx:/no/such/model.bin", "must end in .onnx")]
    [TestCase("word2vec", "word2vec: not an embeddings spec")]
    public void BadSpecs_SayWhatIsWrong(string spec, string expected)
    {
        var e = Assert.Throws<EmbeddingException>(() => EmbeddingSources.Describe(spec));
        Assert.That(e!.Message, Does.Contain(expected));
    }

    [Test]
    public void Onnx_WithoutVocabularyBesideIt_NamesWhereItLooked()
    {
        var folder = Path.Combine(root, "lonely", "onnx");
        Directory.CreateDirectory(folder);
        var model = Path.Combine(folder, "model.onnx");
        File.WriteAllText(model, "");
        var e = Assert.Throws<EmbeddingException>(() => EmbeddingSources.Describe(model).Load());
        Assert.That(e!.Message, Does.Contain("no vocab.txt beside it").And.Contain(folder));
    }
}
