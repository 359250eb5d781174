using System.Text;
using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbSig.Empirics.Corpus;
using ProbSig.Tests.Properties.Support;

namespace ProbSig.Tests.Properties.Empirics.Corpus;

[TestFixture]
public sealed class PileSourceTests
{
    private static readonly string[] Lines =
    [
        CorpusTestFiles.PileLine("The cat sat.", "Pile-CC"),
        CorpusTestFiles.PileLine("int main() { return 0; }\n", "Github"),
        CorpusTestFiles.PileLine("Caf\u00e9 \u65e5\u672c 12345 \ud83d\ude00", "Pile-CC"),
        CorpusTestFiles.PileLine("Background of the invention.", "USPTO Backgrounds"),
    ];

    private static byte[] JsonLines(IEnumerable<string> lines) => Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");

    [Test]
    public void JsonLines_YieldsEveryLine_WithSubsetAndLineNumber()
    {
        using var files = new CorpusTestFiles();
        var path = files.Write("00.jsonl", JsonLines(Lines));
        var documents = new PileSource(path).Documents().ToList();
        Assert.That(documents.Select(d => d.Subset), Is.EqualTo(new[] { "Pile-CC", "Github", "Pile-CC", "USPTO Backgrounds" }));
        Assert.That(documents[1].Text, Is.EqualTo("int main() { return 0; }\n"));
        Assert.That(documents[2].Text, Is.EqualTo("Caf\u00e9 \u65e5\u672c 12345 \ud83d\ude00"));
        Assert.That(documents.Select(d => d.Id), Is.EqualTo(new[] { "00.jsonl:1", "00.jsonl:2", "00.jsonl:3", "00.jsonl:4" }));
    }

    [Test]
    public void SubsetSelection_YieldsOnlyThoseSubsets_AndWarnsAboutOnesNeverSeen()
    {
        using var files = new CorpusTestFiles();
        var path = files.Write("00.jsonl", JsonLines(Lines));
        var source = new PileSource(path, ["Pile-CC", "USPTO Backgrounds", "ArXiv"]);
        var documents = source.Documents().ToList();
        Assert.That(documents.Select(d => d.Id), Is.EqualTo(new[] { "00.jsonl:1", "00.jsonl:3", "00.jsonl:4" }));
        Assert.That(source.Report.NotSelected, Is.EqualTo(1));
        Assert.That(source.Report.Warnings.Single(), Does.Contain("'ArXiv'"));
    }

    [Test]
    public void Zstd_ReadsTheSameDocumentsAsPlain()
    {
        using var files = new CorpusTestFiles();
        var plain = files.Write("00.jsonl", JsonLines(Lines));
        var compressed = files.Write("00.jsonl.zst", CorpusTestFiles.Zstd(JsonLines(Lines)));
        Assert.That(new PileSource(compressed).Documents().Select(d => (d.Subset, d.Text)),
            Is.EqualTo(new PileSource(plain).Documents().Select(d => (d.Subset, d.Text))));
    }

    [Test]
    public void Folder_ReadsAllJsonLinesFiles_InOrdinalOrder()
    {
        using var files = new CorpusTestFiles();
        files.Write("pile/01.jsonl.zst", CorpusTestFiles.Zstd(JsonLines(Lines[2..])));
        files.Write("pile/00.jsonl", JsonLines(Lines[..2]));
        files.Write("pile/README.txt", "not read");
        var documents = new PileSource(Path.Combine(files.Root, "pile")).Documents().ToList();
        Assert.That(documents.Select(d => d.Id), Is.EqualTo(new[] { "00.jsonl:1", "00.jsonl:2", "01.jsonl.zst:1", "01.jsonl.zst:2" }));
    }

    [Test]
    public void TruncatedZstd_IsAnErrorNamingTheFile_AtEveryCutPoint()
    {
        using var files = new CorpusTestFiles();
        // Enough text that the stream spans several blocks and read buffers.
        var many = Enumerable.Range(0, 3000).Select(i => CorpusTestFiles.PileLine($"document {i} " + new string('x', i % 97), "Pile-CC"));
        var whole = CorpusTestFiles.Zstd(JsonLines(many));
        foreach (var fraction in new[] { 0.1, 0.5, 0.9, 0.99 })
        {
            var keep = (int)(whole.Length * fraction);
            var path = files.Write($"cut{keep}.jsonl.zst", whole[..keep]);
            var e = Assert.Throws<CorpusException>(() => new PileSource(path).Documents().Count());
            Assert.That(e!.Message, Does.Contain(path).And.Contain("truncated or corrupt zstd stream"), $"cut at {keep} of {whole.Length}");
        }
        var lastByte = files.Write("last.jsonl.zst", whole[..^1]);
        Assert.That(Assert.Throws<CorpusException>(() => new PileSource(lastByte).Documents().Count())!.Message,
            Does.Contain("truncated or corrupt zstd stream"));
    }

    [Test]
    public void NotZstd_IsAnErrorNamingTheFile()
    {
        using var files = new CorpusTestFiles();
        var path = files.Write("fake.jsonl.zst", JsonLines(Lines));
        Assert.That(Assert.Throws<CorpusException>(() => new PileSource(path).Documents().Count())!.Message,
            Does.Contain(path).And.Contain("truncated or corrupt zstd stream"));
    }

    [Test]
    public void BadLines_AreSkippedAndReportedWithTheirLineNumbers()
    {
        using var files = new CorpusTestFiles();
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.UTF8.GetBytes(Lines[0] + "\n"));                 // 1 good
        bytes.AddRange(Encoding.UTF8.GetBytes("{\"text\": \"unterminated\n"));    // 2 malformed JSON
        bytes.AddRange(Encoding.UTF8.GetBytes("{\"meta\": {}}\n"));               // 3 no text
        bytes.AddRange(Encoding.UTF8.GetBytes("{\"text\": \"a"));                 // 4 invalid UTF-8
        bytes.Add(0xFE);
        bytes.AddRange(Encoding.UTF8.GetBytes("\"}\n"));
        bytes.AddRange(Encoding.UTF8.GetBytes("[1, 2]\n"));                       // 5 not an object
        bytes.AddRange(Encoding.UTF8.GetBytes("\n"));                              // 6 blank: no document, no skip
        bytes.AddRange(Encoding.UTF8.GetBytes(Lines[1]));                         // 7 good, no final newline
        var path = files.Write("bad.jsonl", bytes.ToArray());
        var source = new PileSource(path);
        var documents = source.Documents().ToList();
        Assert.That(documents.Select(d => d.Id), Is.EqualTo(new[] { "bad.jsonl:1", "bad.jsonl:7" }));
        Assert.That(source.Report.SkippedCount, Is.EqualTo(4));
        Assert.That(source.Report.Skips.Select(s => s.Line), Is.EqualTo(new long[] { 2, 3, 4, 5 }));
        Assert.That(source.Report.Skips[0].Reason, Does.Contain("malformed JSON"));
        Assert.That(source.Report.Skips[1].Reason, Does.Contain("\"text\""));
        var offset = Encoding.UTF8.GetByteCount(Lines[0] + "\n" + "{\"text\": \"unterminated\n" + "{\"meta\": {}}\n" + "{\"text\": \"a");
        Assert.That(source.Report.Skips[2].Reason, Does.Contain($"invalid UTF-8 at byte offset {offset}"));
        Assert.That(source.Report.Lines().Where(l => l.Contains("skipped " + path + ":")).Count(), Is.EqualTo(4));
    }

    [Test]
    public void BadLine_UnderStrict_IsAnErrorNamingFileAndLine()
    {
        using var files = new CorpusTestFiles();
        var path = files.Write("bad.jsonl", Encoding.UTF8.GetBytes(Lines[0] + "\nnot json\n" + Lines[1] + "\n"));
        var e = Assert.Throws<CorpusException>(() => new PileSource(path, strict: true).Documents().ToList());
        Assert.That(e!.Message, Does.StartWith(path + ":2:").And.Contain("malformed JSON"));
    }

    [Test]
    public void AnyTexts_RoundTripThroughZstdJsonLines()
    {
        // Arbitrary strings (control characters, newlines, non-ASCII, surrogate pairs from
        // valid code points) survive JSON escaping, zstd and line splitting unchanged.
        var text = from k in Gen.Choose(0, 20)
                   from parts in Gen.ArrayOf(Gen.Elements("a", " ", "\n", "\r\n", "\t", "\"", "\\", "\u00e9", "\u65e5", "\ud83d\ude00", "0", "\u0000", "{}"), k)
                   select string.Concat(parts);
        var texts = from n in Gen.Choose(0, 6)
                    from batch in Gen.ArrayOf(text, n)
                    select batch;
        PropertyCheck.Run(Prop.ForAll(texts.ToArbitrary(), batch =>
        {
            using var files = new CorpusTestFiles();
            var path = files.Write("x.jsonl.zst", CorpusTestFiles.Zstd(JsonLines(batch.Select(t => CorpusTestFiles.PileLine(t, "S")))));
            var read = new PileSource(path).Documents().Select(d => d.Text).ToArray();
            return read.SequenceEqual(batch);
        }), cases: 50);
    }
}
