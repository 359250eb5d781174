using System.Text;
using NUnit.Framework;
using ProbSig.Empirics.Corpus;

namespace ProbSig.Tests.Properties.Empirics.Corpus;

[TestFixture]
public sealed class TextSourceTests
{
    [Test]
    public void Folder_ReadsEveryTxtRecursively_InOrdinalOrder_OneDocumentPerFile()
    {
        using var files = new CorpusTestFiles();
        files.Write("b.txt", "second");
        files.Write("a.txt", "first\n\nstill first");
        files.Write("sub/c.txt", "third");
        files.Write("notes.md", "not read");
        var source = new TextSource(files.Root);
        var documents = source.Documents().ToList();
        Assert.That(documents.Select(d => d.Id), Is.EqualTo(new[] { "a.txt", "b.txt", Path.Combine("sub", "c.txt") }));
        Assert.That(documents[0].Text, Is.EqualTo("first\n\nstill first"));
        Assert.That(source.Report.Documents, Is.EqualTo(3));
        Assert.That(source.Report.SkippedCount, Is.Zero);
    }

    [Test]
    public void Paragraphs_SplitOnBlankLines_AndStripTheByteOrderMark()
    {
        using var files = new CorpusTestFiles();
        var path = files.Write("p.txt", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("one\ntwo\r\n\r\n  \nthree\n")]);
        var documents = new TextSource(path, TextSplit.Paragraphs).Documents().ToList();
        Assert.That(documents.Select(d => d.Text), Is.EqualTo(new[] { "one\ntwo", "three" }));
        Assert.That(documents.Select(d => d.Id), Is.EqualTo(new[] { "p.txt:1", "p.txt:5" }));
    }

    [Test]
    public void InvalidUtf8_IsSkippedAndReported_WithItsByteOffset_NeverReplaced()
    {
        using var files = new CorpusTestFiles();
        files.Write("good.txt", "caf\u00e9");
        // "ok\nab" then a lone continuation byte at offset 5.
        var bad = files.Write("bad.txt", [(byte)'o', (byte)'k', (byte)'\n', (byte)'a', (byte)'b', 0x80, (byte)'c']);
        var source = new TextSource(files.Root);
        var documents = source.Documents().ToList();
        Assert.That(documents.Select(d => d.Id), Is.EqualTo(new[] { "good.txt" }));
        Assert.That(documents.All(d => !d.Text.Contains('\uFFFD')), Is.True);
        Assert.That(source.Report.SkippedCount, Is.EqualTo(1));
        Assert.That(source.Report.Skips[0].Input, Is.EqualTo(bad));
        Assert.That(source.Report.Skips[0].Line, Is.EqualTo(2));
        Assert.That(source.Report.Skips[0].Reason, Does.Contain("byte offset 5"));
        Assert.That(source.Report.Lines().First(), Does.Contain("1 skipped"));
    }

    [Test]
    public void InvalidUtf8_UnderStrict_IsAnErrorNamingFileLineAndOffset()
    {
        using var files = new CorpusTestFiles();
        var bad = files.Write("bad.txt", [(byte)'x', (byte)'\n', (byte)'y', 0xC3, (byte)'(']);
        foreach (var split in new[] { TextSplit.File, TextSplit.Paragraphs })
        {
            var e = Assert.Throws<CorpusException>(() => new TextSource(bad, split, strict: true).Documents().ToList());
            Assert.That(e!.Message, Does.Contain(bad + ":2").And.Contain("byte offset 3"), split.ToString());
        }
    }

    [Test]
    public void InvalidUtf8_InParagraphMode_SkipsOnlyThatParagraph()
    {
        using var files = new CorpusTestFiles();
        var path = files.Write("p.txt", [(byte)'a', (byte)'\n', (byte)'\n', (byte)'b', 0xFF, (byte)'\n', (byte)'c', (byte)'\n', (byte)'\n', (byte)'d']);
        var source = new TextSource(path, TextSplit.Paragraphs);
        Assert.That(source.Documents().Select(d => d.Text), Is.EqualTo(new[] { "a", "d" }));
        Assert.That(source.Report.Skips.Single().Line, Is.EqualTo(3));
        Assert.That(source.Report.Skips.Single().Reason, Does.Contain("byte offset 4"));
    }

    [Test]
    public void MissingPath_AndEmptyFolder_AreErrorsNamingThem()
    {
        using var files = new CorpusTestFiles();
        var missing = Path.Combine(files.Root, "nope");
        Assert.That(Assert.Throws<CorpusException>(() => new TextSource(missing).Documents().ToList())!.Message, Does.Contain(missing));
        Directory.CreateDirectory(Path.Combine(files.Root, "empty"));
        Assert.That(Assert.Throws<CorpusException>(() => new TextSource(Path.Combine(files.Root, "empty")).Documents().ToList())!.Message,
            Does.Contain("no *.txt"));
    }
}
