using System.Text;
using NUnit.Framework;
using ProbSig.Empirics.Embeddings;
using ProbSig.Empirics.Embeddings.WordVectors;

namespace ProbSig.Tests.Properties.Empirics.Embeddings;

[TestFixture]
public sealed class WinkJsonTests
{
    // The package's layout in small: "words" holds the string "vectors" (a reader that searched
    // for the name would stop there), an unknown nested field is skipped, a word is escaped.
    private const string Small =
        "{\"precision\":8,\"l2NormIndex\":3,\"wordIndex\":4,\"size\":4,\"dimensions\":3," +
        "\"words\":[\"the\",\"vectors\",\"caf\\u00e9\",\"\\\"q\\\"\"],\"extra\":{\"a\":[1,[2,{\"b\":null}]],\"c\":\"}\"}," +
        "\"vectors\":{\"the\":[0.5,-1.25,3,3.28,0],\"vectors\":[-0.038194,0.27062,1e-3,1.1,1]," +
        "\"caf\\u00e9\":[0,-0,12345.67,9,2],\"\\\"q\\\"\":[1,2,3,4,3]},\n" +
        "\"unkVector\":[0,0,0,0,-1]}\n";

    private sealed class Lines : IProgress<string>
    {
        public List<string> All { get; } = [];
        public void Report(string value) => All.Add(value);
    }

    private static void AssertSmallTable(EmbeddingTable table)
    {
        Assert.That(table.Tokens, Is.EqualTo(new[] { "the", "vectors", "café", "\"q\"" }));
        Assert.That(table.Dimension, Is.EqualTo(3));
        Assert.That(table.Row(0).ToArray(), Is.EqualTo(new[] { 0.5f, -1.25f, 3f }));
        Assert.That(table.Row(1).ToArray(), Is.EqualTo(new[] { -0.038194f, 0.27062f, 1e-3f }));
        Assert.That(table.Row(2).ToArray(), Is.EqualTo(new[] { 0f, -0f, 12345.67f }));
        Assert.That(table.Row(3).ToArray(), Is.EqualTo(new[] { 1f, 2f, 3f }));
    }

    [Test]
    public void SmallFile_RoundTrips()
    {
        using var files = new EmbeddingTestFiles();
        var path = files.Write("w.json", Small);
        var lines = new Lines();
        var table = WinkJson.Read(path, lines);
        Assert.That(table.Source, Is.EqualTo(path));
        AssertSmallTable(table);
        Assert.That(lines.All, Is.EqualTo(new[] { $"{path}: 4 words x 3" }));
    }

    [Test]
    public void EveryBufferSize_SplitsTheFileAtEveryByteBoundary_AndReadsTheSame()
    {
        // Buffer sizes from one byte (every token grows the buffer) to the whole file: each
        // chunk boundary falls at every offset for some size.
        using var files = new EmbeddingTestFiles();
        var path = files.Write("w.json", Small);
        for (int size = 1; size <= Encoding.UTF8.GetByteCount(Small) + 1; size++)
            AssertSmallTable(WinkJson.Read(path, bufferSize: size));
    }

    [Test]
    public void WithoutSize_TheArrayGrows_AndRepeatsKeepTheirFirstRow()
    {
        var vectors = string.Join(",", Enumerable.Range(0, 3000).Select(i => $"\"w{i % 2500}\":[{i},{-i},0,7]"));
        using var files = new EmbeddingTestFiles();
        var path = files.Write("g.json", "{\"dimensions\":2,\"vectors\":{" + vectors + "}}");
        var lines = new Lines();
        var table = WinkJson.Read(path, lines, bufferSize: 64);
        Assert.That(table.Count, Is.EqualTo(2500));
        Assert.That(table.Row(2499).ToArray(), Is.EqualTo(new[] { 2499f, -2499f }));
        Assert.That(table.Row(10).ToArray(), Is.EqualTo(new[] { 10f, -10f }));
        Assert.That(lines.All, Has.Some.Contains("500 repeated words").And.Some.Contains("'w0'"));
    }

    [Test]
    public void ASizeThatDoesNotMatch_IsReported()
    {
        using var files = new EmbeddingTestFiles();
        var path = files.Write("s.json", "{\"size\":5,\"dimensions\":1,\"vectors\":{\"a\":[1,1,0],\"b\":[2,2,1]}}");
        var lines = new Lines();
        Assert.That(WinkJson.Read(path, lines).Count, Is.EqualTo(2));
        Assert.That(lines.All, Has.Some.Contains("\"size\" says 5 words, \"vectors\" holds 2"));
    }

    [Test]
    public void ATruncatedFile_IsAnErrorSayingTruncated_AtEveryCut()
    {
        using var files = new EmbeddingTestFiles();
        var bytes = Encoding.UTF8.GetBytes(Small.TrimEnd('\n'));
        for (int cut = 0; cut < bytes.Length; cut++)
        {
            var path = files.Write($"t{cut}.json", bytes[..cut]);
            var e = Assert.Throws<EmbeddingException>(() => WinkJson.Read(path, bufferSize: 16));
            Assert.That(e!.Message, Does.StartWith(path + ": truncated JSON"), $"cut at {cut}");
        }
        var inVector = files.Write("v.json", Small[..Small.IndexOf("12345", StringComparison.Ordinal)]);
        Assert.That(Assert.Throws<EmbeddingException>(() => WinkJson.Read(inVector))!.Message,
            Is.EqualTo($"{inVector}: truncated JSON: the file ends at byte {Encoding.UTF8.GetByteCount(Small[..Small.IndexOf("12345", StringComparison.Ordinal)])} inside the vector of 'café' (row 2)"));
    }

    [Test]
    public void AVectorOfTheWrongLength_IsAnErrorNamingTheWord()
    {
        using var files = new EmbeddingTestFiles();
        var shorter = files.Write("short.json", Small.Replace("[1,2,3,4,3]", "[1,2,3,4]"));
        Assert.That(Assert.Throws<EmbeddingException>(() => WinkJson.Read(shorter))!.Message,
            Is.EqualTo($"{shorter}: the vector of '\"q\"' has 4 numbers, expected 5 (dimensions 3, then its l2 norm and index)"));
        var longer = files.Write("long.json", Small.Replace("[0.5,-1.25,3,3.28,0]", "[0.5,-1.25,3,3.28,0,1]"));
        Assert.That(Assert.Throws<EmbeddingException>(() => WinkJson.Read(longer))!.Message, Does.Contain("the vector of 'the' has 6 numbers, expected 5"));
    }

    [TestCase("{\"vectors\":{\"a\":[1,1,0]}}", "no \"dimensions\" before \"vectors\"")]
    [TestCase("{\"size\":1}", "missing \"dimensions\"")]
    [TestCase("{\"dimensions\":0,\"vectors\":{}}", "\"dimensions\" is not a positive integer")]
    [TestCase("{\"dimensions\":1,\"vectors\":{}}", "no \"vectors\" (or an empty one)")]
    [TestCase("{\"dimensions\":1,\"vectors\":{\"a\":[1,\"x\",0]}}", "value 1 of the vector of 'a' is not a number")]
    [TestCase("{\"dimensions\":1,\"vectors\":{\"a\":[\"x\",1,0]}}", "value 0 of the vector of 'a' is not a float")]
    [TestCase("{\"dimensions\":1,\"vectors\":{\"a\":5}}", "the vector of 'a' is Number, not an array")]
    [TestCase("[1,2]", "expected a JSON object, found StartArray")]
    [TestCase("{\"dimensions\":1,\"vectors\":{\"a\":[1,1,0]}} {}", "content after the JSON object ends at byte 40")]
    [TestCase("{\"dimensions\":1,\"vectors\":{\"a\":[1,1,0]]}", "not valid JSON near byte")]
    public void ABadDocument_IsAnErrorNamingTheFile(string content, string expected)
    {
        using var files = new EmbeddingTestFiles();
        var path = files.Write("bad.json", content);
        var e = Assert.Throws<EmbeddingException>(() => WinkJson.Read(path));
        Assert.That(e!.Message, Does.StartWith($"{path}: {expected}"));
    }
}
