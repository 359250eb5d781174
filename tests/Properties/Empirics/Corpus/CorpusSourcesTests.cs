using NUnit.Framework;
using ProbSig.Empirics.Corpus;

namespace ProbSig.Tests.Properties.Empirics.Corpus;

[TestFixture]
public sealed class CorpusSourcesTests
{
    [Test]
    public void Brown_WithAndWithoutGenres()
    {
        Assert.That(CorpusSources.Parse("brown"), Is.TypeOf<BrownSource>().With.Property("Name").EqualTo("brown"));
        Assert.That(CorpusSources.Parse("brown:news").Name, Is.EqualTo("brown:news"));
        Assert.That(CorpusSources.Parse("brown:romance,news").Name, Is.EqualTo("brown:news,romance"));
        Assert.That(Assert.Throws<CorpusException>(() => CorpusSources.Parse("brown:nonsense"))!.Message,
            Does.Contain("'nonsense'").And.Contain("adventure"));
    }

    [Test]
    public void Pile_PathsSubsetsAndExtensions()
    {
        using var files = new CorpusTestFiles();
        var zst = files.Write("00.jsonl.zst", CorpusTestFiles.Zstd("{\"text\":\"x\",\"meta\":{\"pile_set_name\":\"Github\"}}\n"u8.ToArray()));
        var plain = files.Write("01.jsonl", CorpusTestFiles.PileLine("y", "Pile-CC"));
        Assert.That(CorpusSources.Parse("pile:" + zst).Name, Is.EqualTo("pile:" + zst));
        Assert.That(CorpusSources.Parse($"pile:{zst}:Github,USPTO Backgrounds").Name, Is.EqualTo($"pile:{zst}:Github,USPTO Backgrounds"));
        Assert.That(CorpusSources.Parse("pile:" + files.Root), Is.TypeOf<PileSource>());
        Assert.That(CorpusSources.Parse(plain).Documents().Single().Text, Is.EqualTo("y"));
        Assert.That(CorpusSources.Parse(zst + ":Github").Documents().Single().Subset, Is.EqualTo("Github"));
        Assert.That(CorpusSources.Parse(zst + ":Pile-CC").Documents(), Is.Empty);
    }

    [Test]
    public void TextFilesAndFolders()
    {
        using var files = new CorpusTestFiles();
        var file = files.Write("a.txt", "hello");
        Assert.That(CorpusSources.Parse(file), Is.TypeOf<TextSource>());
        Assert.That(CorpusSources.Parse(files.Root).Documents().Single().Text, Is.EqualTo("hello"));
    }

    [TestCase("pile:{0}/missing.jsonl.zst")]
    [TestCase("pile:{0}/missing.jsonl.zst:Github")]
    [TestCase("{0}/missing.jsonl")]
    [TestCase("{0}/missing.jsonl.zst:Github")]
    [TestCase("{0}/missing-folder")]
    public void MissingPaths_AreErrorsNamingThem(string form)
    {
        using var files = new CorpusTestFiles();
        var spec = string.Format(form, files.Root);
        var e = Assert.Throws<CorpusException>(() => CorpusSources.Parse(spec));
        Assert.That(e!.Message, Does.Contain(Path.Combine(files.Root, "missing")));
    }

    [Test]
    public void EmptySpec_IsAnErrorListingTheForms()
    {
        Assert.That(Assert.Throws<CorpusException>(() => CorpusSources.Parse(" "))!.Message, Does.Contain("brown:GENRE"));
    }
}
