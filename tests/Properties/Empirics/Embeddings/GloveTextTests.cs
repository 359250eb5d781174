using System.Globalization;
using System.Text;
using NUnit.Framework;
using ProbSig.Empirics.Embeddings;
using ProbSig.Empirics.Embeddings.WordVectors;

namespace ProbSig.Tests.Properties.Empirics.Embeddings;

[TestFixture]
public sealed class GloveTextTests
{
    private const string Plain = "the 0.5 -1.25 3\ncafé -0.038194 0.27062 1e-3\nnaïve,ok 0 -0 12345.67\n";

    /// <summary>Progress lines, kept synchronously (<see cref="Progress{T}"/> would post them later).</summary>
    private sealed class Lines : IProgress<string>
    {
        public List<string> All { get; } = [];
        public void Report(string value) => All.Add(value);
    }

    private static void AssertPlainTable(EmbeddingTable table)
    {
        Assert.That(table.Tokens, Is.EqualTo(new[] { "the", "café", "naïve,ok" }));
        Assert.That(table.Dimension, Is.EqualTo(3));
        Assert.That(table.Row(0).ToArray(), Is.EqualTo(new[] { 0.5f, -1.25f, 3f }));
        Assert.That(table.Row(1).ToArray(), Is.EqualTo(new[] { -0.038194f, 0.27062f, 1e-3f }));
        Assert.That(table.Row(2).ToArray(), Is.EqualTo(new[] { 0f, -0f, 12345.67f }));
        Assert.That(table.Index["café"], Is.EqualTo(1));
    }

    [Test]
    public void PlainText_RoundTrips_AtEveryBufferSize()
    {
        using var files = new EmbeddingTestFiles();
        var path = files.Write("v.txt", Plain);
        foreach (var size in Enumerable.Range(1, Encoding.UTF8.GetByteCount(Plain) + 2).Append(GloveText.DefaultBufferSize))
        {
            var table = GloveText.Read(path, bufferSize: size);
            Assert.That(table.Source, Is.EqualTo(path));
            AssertPlainTable(table);
        }
    }

    [Test]
    public void Word2VecHeader_IsDetected_AndCrLfAndNoFinalNewlineAreAccepted()
    {
        using var files = new EmbeddingTestFiles();
        var path = files.Write("w2v.txt", "3 3\r\n" + Plain.TrimEnd('\n').Replace("\n", "\r\n"));
        AssertPlainTable(GloveText.Read(path));
    }

    [Test]
    public void Gzip_IsDetectedByItsMagicBytes()
    {
        using var files = new EmbeddingTestFiles();
        AssertPlainTable(GloveText.Read(files.Write("v.txt.gz", EmbeddingTestFiles.Gzip(Plain))));
        AssertPlainTable(GloveText.Read(files.Write("v-no-extension", EmbeddingTestFiles.Gzip("3 3\n" + Plain)), bufferSize: 7));
    }

    [Test]
    public void Values_AreTheFloatsFloatParseGives()
    {
        var random = new Random(7);
        var text = new StringBuilder();
        var expected = new List<float>();
        var formats = new[] { "F1", "F3", "F5", "F6", "F7", "F9", "E3", "R", "G5" };
        for (int row = 0; row < 500; row++)
        {
            text.Append(CultureInfo.InvariantCulture, $"w{row}");
            for (int c = 0; c < formats.Length; c++)
            {
                var value = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 6));
                var field = value.ToString(formats[c], CultureInfo.InvariantCulture);
                text.Append(' ').Append(field);
                expected.Add(float.Parse(field, CultureInfo.InvariantCulture));
            }
            text.Append('\n');
        }
        using var files = new EmbeddingTestFiles();
        var table = GloveText.Read(files.Write("r.txt", text.ToString()));
        var actual = Enumerable.Range(0, table.Count).SelectMany(i => table.Row(i).ToArray()).ToList();
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void RepeatedWords_KeepTheirFirstRow_AndAreReported()
    {
        using var files = new EmbeddingTestFiles();
        var path = files.Write("d.txt", "a 1 2\nb 3 4\na 5 6\nc 7 8\n");
        var lines = new Lines();
        var table = GloveText.Read(path, lines);
        Assert.That(table.Tokens, Is.EqualTo(new[] { "a", "b", "c" }));
        Assert.That(table.Row(0).ToArray(), Is.EqualTo(new[] { 1f, 2f }));
        Assert.That(table.Row(2).ToArray(), Is.EqualTo(new[] { 7f, 8f }));
        Assert.That(lines.All, Has.Some.Contains("1 repeated words").And.Some.Contains("'a' on line 3"));
    }

    [TestCase("a 1 2\nb 3\n", ":2: 1 values after 'b', expected 2")]
    [TestCase("a 1 2\nb 3 4 5\n", ":2: more than 2 values after 'b'")]
    [TestCase("a 1 2\nb 3 4\nc 5 x6\n", ":3: 'x6' is not a number")]
    [TestCase("a 1 2\n\nb 3 4\n", ":2: empty line")]
    [TestCase("a 1 2\nb\n", ":2: a word with no values")]
    [TestCase("2 2\na 1 2\n", ":2: the header promised 2 rows, the file has 1")]
    [TestCase("1 2\na 1 2\nb 3 4\n", ":3: more rows than the header's 1")]
    [TestCase("2 3\na 1 2\nb 3 4\n", ":2: 2 values after 'a', expected 3")]
    public void ABadLine_IsAnErrorNamingFileAndLine(string content, string expected)
    {
        using var files = new EmbeddingTestFiles();
        var path = files.Write("bad.txt", content);
        var e = Assert.Throws<EmbeddingException>(() => GloveText.Read(path));
        Assert.That(e!.Message, Does.StartWith(path).And.Contain(path + expected));
    }

    [Test]
    public void AnEmptyOrMissingFile_IsAnErrorNamingIt()
    {
        using var files = new EmbeddingTestFiles();
        var empty = files.Write("empty.txt", "");
        Assert.That(Assert.Throws<EmbeddingException>(() => GloveText.Read(empty))!.Message, Is.EqualTo($"{empty}: empty; no word vectors"));
        var missing = Path.Combine(files.Root, "missing.txt");
        Assert.That(Assert.Throws<EmbeddingException>(() => GloveText.Read(missing))!.Message, Does.Contain(missing));
    }

    [Test]
    public void InvalidUtf8InAWord_IsAnErrorNamingTheLine()
    {
        using var files = new EmbeddingTestFiles();
        var path = files.Write("u.txt", [.. "a 1\n"u8, 0xC3, 0x28, .. " 2\n"u8]);
        Assert.That(Assert.Throws<EmbeddingException>(() => GloveText.Read(path))!.Message, Does.Contain(path + ":2: the word is not valid UTF-8"));
    }
}
