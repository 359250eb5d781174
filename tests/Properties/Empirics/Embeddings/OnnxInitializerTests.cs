using Google.Protobuf;
using NUnit.Framework;
using Onnx;
using ProbSig.Empirics.Embeddings;
using ProbSig.Empirics.Embeddings.Onnx;

namespace ProbSig.Tests.Properties.Empirics.Embeddings;

/// <summary>
/// OnnxInitializer and OnnxEmbeddings against ONNX files built here with OnnxSharp's types
/// (the values are known, so the reading is checked, not just that it runs).
/// </summary>
[TestFixture]
public sealed class OnnxInitializerTests
{
    private string folder = "";

    [SetUp]
    public void MakeFolder() => Directory.CreateDirectory(folder = Path.Combine(Path.GetTempPath(), "probsig-onnx-tests", Guid.NewGuid().ToString("N")));

    [TearDown]
    public void RemoveFolder() => Directory.Delete(folder, recursive: true);

    private static float[] Ramp(int count) => [.. Enumerable.Range(0, count).Select(i => i * 0.25f - 1.5f)];

    private static TensorProto Tensor(string name, long[] dims, float[] values, bool raw)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        if (raw)
        {
            var bytes = new byte[values.Length * 4];
            for (int i = 0; i < values.Length; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), values[i]);
            tensor.RawData = ByteString.CopyFrom(bytes);
        }
        else tensor.FloatData.AddRange(values);
        return tensor;
    }

    private string Model(params TensorProto[] initializers)
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "probsig-test", Graph = new GraphProto { Name = "g" } };
        model.Graph.Initializer.AddRange(initializers);
        var path = Path.Combine(folder, $"model-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Read_RoundTripsTheValues(bool raw)
    {
        var values = Ramp(12);
        var path = Model(Tensor("other", [2, 2], Ramp(4), raw), Tensor("w", [4, 3], values, raw));
        var read = OnnxInitializer.Read(path, "w");
        Assert.That((read.Name, read.Rows, read.Columns), Is.EqualTo(("w", 4, 3)));
        Assert.That(read.Values, Is.EqualTo(values));
    }

    [Test]
    public void Read_MissingInitializer_ListsTheFloatMatrices()
    {
        var tensors = Enumerable.Range(0, 12).Select(i => Tensor($"layer{i}.weight", [2, 1], Ramp(2), raw: true)).ToList();
        tensors.Add(Tensor("bias", [3], Ramp(3), raw: true));
        var path = Model([.. tensors]);
        var e = Assert.Throws<EmbeddingException>(() => OnnxInitializer.Read(path, "embeddings.word_embeddings.weight"));
        Assert.That(e!.Message, Does.StartWith(path).And.Contain("no initializer named 'embeddings.word_embeddings.weight'")
            .And.Contain("'layer0.weight' (2 x 1)").And.Contain("'layer9.weight'").And.Contain("and 2 more")
            .And.Not.Contain("layer10").And.Not.Contain("bias"));
        Assert.That(e.Message, Does.Not.Contain("\n"));
    }

    [Test]
    public void Read_RejectsAGarbageFile()
    {
        var path = Path.Combine(folder, "garbage.onnx");
        File.WriteAllText(path, "this is not a model at all, just some text\n");
        var e = Assert.Throws<EmbeddingException>(() => OnnxInitializer.Read(path, "w"));
        Assert.That(e!.Message, Does.StartWith(path).And.Contain("not an ONNX model"));
        var random = Path.Combine(folder, "random.onnx");
        File.WriteAllBytes(random, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))]);
        Assert.That(() => OnnxInitializer.Read(random, "w"), Throws.TypeOf<EmbeddingException>().With.Message.Contains("not an ONNX model"));
    }

    [Test]
    public void Read_RejectsAMissingFile() =>
        Assert.That(() => OnnxInitializer.Read(Path.Combine(folder, "none.onnx"), "w"), Throws.TypeOf<EmbeddingException>().With.Message.Contains("no such file"));

    [Test]
    public void Read_RejectsATruncatedModel()
    {
        var bytes = File.ReadAllBytes(Model(Tensor("w", [40, 30], Ramp(1200), raw: true)));
        var path = Path.Combine(folder, "truncated.onnx");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        Assert.That(() => OnnxInitializer.Read(path, "w"), Throws.TypeOf<EmbeddingException>().With.Message.StartsWith(path));
    }

    [Test]
    public void Read_RejectsATensorThatIsNot2D()
    {
        var path = Model(Tensor("w", [2, 2, 3], Ramp(12), raw: true));
        Assert.That(() => OnnxInitializer.Read(path, "w"), Throws.TypeOf<EmbeddingException>().With.Message.Contains("shape [2, 2, 3], not 2-D"));
    }

    [Test]
    public void Read_RejectsATensorThatIsNotFloat32()
    {
        var tensor = new TensorProto { Name = "ids", DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange([2, 2]);
        tensor.Int64Data.AddRange([1, 2, 3, 4]);
        var path = Model(tensor);
        Assert.That(() => OnnxInitializer.Read(path, "ids"), Throws.TypeOf<EmbeddingException>().With.Message.Contains("holds int64, not float32"));
    }

    [Test]
    public void Read_RejectsRawDataOfTheWrongLength()
    {
        var tensor = Tensor("w", [3, 3], Ramp(8), raw: true);
        var path = Model(tensor);
        Assert.That(() => OnnxInitializer.Read(path, "w"), Throws.TypeOf<EmbeddingException>().With.Message.Contains("32 bytes of raw data, not the 36"));
    }

    [Test]
    public void OnnxEmbeddings_NamesRowsByVocabularyLines()
    {
        var values = Ramp(8);
        var path = Model(Tensor(OnnxEmbeddings.WordEmbeddings, [4, 2], values, raw: true));
        var vocab = Path.Combine(folder, "vocab.txt");
        File.WriteAllLines(vocab, ["[PAD]", "[UNK]", "hello", "##lo"]);
        var table = OnnxEmbeddings.Read(path, vocab);
        Assert.That(table.Tokens, Is.EqualTo(new[] { "[PAD]", "[UNK]", "hello", "##lo" }));
        Assert.That(table.Dimension, Is.EqualTo(2));
        Assert.That(table.Row(table.Index["hello"]).ToArray(), Is.EqualTo(values[4..6]));
    }

    [Test]
    public void OnnxEmbeddings_RejectsAVocabularyOfAnotherLength()
    {
        var path = Model(Tensor(OnnxEmbeddings.WordEmbeddings, [4, 2], Ramp(8), raw: false));
        var vocab = Path.Combine(folder, "vocab.txt");
        File.WriteAllLines(vocab, ["[PAD]", "[UNK]", "hello"]);
        var e = Assert.Throws<EmbeddingException>(() => OnnxEmbeddings.Read(path, vocab));
        Assert.That(e!.Message, Does.StartWith(vocab).And.Contain("3 tokens").And.Contain("4 rows"));
    }
}
