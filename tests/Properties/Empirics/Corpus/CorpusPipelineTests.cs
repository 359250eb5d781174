using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbSig.Empirics.Corpus;
using ProbSig.Empirics.Corpus.Pipeline;
using ProbSig.Empirics.Tokenizers;
using ProbSig.Tests.Properties.Support;
using ProbSig.Theory.Corpus;

namespace ProbSig.Tests.Properties.Empirics.Corpus;

/// <summary>
/// The corpus pipeline (source -> tokenizer -> counts) that every `lm` verb and the LM claims
/// read through: its counts are the hand join (encode each document's text, count), and
/// each kind of source and tokenizer has one stable id, distinct from the others'.
/// </summary>
[TestFixture]
public sealed class CorpusPipelineTests
{
    private static readonly string[] Words = ["the", "key", "anchor", "adds", "five", "one", "two", "label", "3", "17", "and", "of", "naïve"];

    /// <summary>A few documents of words drawn from <see cref="Words"/>, an offset window and a shard.</summary>
    private static Gen<(string[] Texts, int Window, int Index, int Count)> TextCorpora() =>
        from documents in Gen.Choose(1, 7)
        from texts in Gen.ArrayOf(
            from length in Gen.Choose(0, 40)
            from words in Gen.ArrayOf(Gen.Elements(Words), length)
            select string.Join(" ", words), documents)
        from window in Gen.Choose(1, 3)
        from count in Gen.Choose(1, 3)
        from index in Gen.Choose(0, count - 1)
        select (texts, window, index, count);

    [Test]
    public void Counts_EqualTheHandJoin_OfEncodingEachDocumentAndCounting()
    {
        PropertyCheck.Run(Prop.ForAll(TextCorpora().ToArbitrary(), corpus =>
        {
            using var files = new CorpusTestFiles();
            for (int d = 0; d < corpus.Texts.Length; d++) files.Write($"doc{d:D2}.txt", corpus.Texts[d]);
            var tokenizer = new NamedTokenizer("test-bpe", BpeTrainer.Train(corpus.Texts, 300));
            var shard = new ShardSelector(corpus.Index, corpus.Count);
            var pipeline = new CorpusPipeline(new TextDescription(files.Root), tokenizer, corpus.Window, shard);

            // By hand: the files in name order, each text encoded whole, counted in one pass.
            var byHand = CorpusCounts.Count(corpus.Texts.Select(tokenizer.Tokenizer.Encode), tokenizer.Tokenizer.VocabularySize,
                corpus.Window, tokenizer.Id, shard);
            var streamed = pipeline.Count();
            var ids = pipeline.TokenIds().ToArray();
            var handIds = shard.Of(corpus.Texts).Select(tokenizer.Tokenizer.Encode).ToArray();
            return streamed.CountsEqual(byHand) && streamed.Shards.SequenceEqual([shard]) && streamed.TokenizerId == "test-bpe"
                && streamed.Window == corpus.Window
                && ids.Length == handIds.Length && ids.Zip(handIds).All(p => p.First.SequenceEqual(p.Second))
                && pipeline.Count(ids).CountsEqual(byHand)
                && pipeline.Report.Documents == corpus.Texts.Length;
        }), cases: 25);
    }

    [Test]
    public void ShardsOfThePipeline_MergeToTheWholeCorpus()
    {
        using var files = new CorpusTestFiles();
        var texts = Enumerable.Range(0, 7).Select(d => string.Join(" ", Words.Skip(d).Concat(Words.Take(d)))).ToArray();
        for (int d = 0; d < texts.Length; d++) files.Write($"doc{d:D2}.txt", texts[d]);
        var tokenizer = new NamedTokenizer("test-bpe", BpeTrainer.Train(texts, 300));
        var source = new TextDescription(files.Root);
        var whole = new CorpusPipeline(source, tokenizer, 2).Count();
        var merged = new CorpusCounts(tokenizer.Tokenizer.VocabularySize, 2, tokenizer.Id);
        for (int i = 0; i < 3; i++) merged.Merge(new CorpusPipeline(source, tokenizer, 2, new ShardSelector(i, 3)).Count());
        Assert.That(merged.CountsEqual(whole), Is.True);
        Assert.That(merged.Shards.Select(s => s.ToString()), Is.EqualTo(new[] { "0/3", "1/3", "2/3" }));
    }

    [Test]
    public void TrainedBpe_IsTheTrainerOnTheSourcesTexts()
    {
        using var files = new CorpusTestFiles();
        string[] texts = ["the key adds five and one", "label 3 of 17, the anchor"];
        files.Write("a.txt", texts[0]);
        files.Write("b.txt", texts[1]);
        var source = new TextDescription(files.Root);
        var trained = new TrainedBpeDescription(300, source).Load();
        Assert.That(trained.Id, Is.EqualTo("builtin:300:" + files.Root));
        Assert.That(TokenizerFingerprint.Of(trained.Tokenizer), Is.EqualTo(TokenizerFingerprint.Of(BpeTrainer.Train(texts, 300))));
    }

    [Test]
    public void SourceIds_AreStable_CanonicalAndReadBack()
    {
        using var files = new CorpusTestFiles();
        var pile = files.Write("00.jsonl", CorpusTestFiles.PileLine("x", "Github"));
        var text = files.Write("a.txt", "hello");
        Assert.Multiple(() =>
        {
            Assert.That(new BrownDescription().Id, Is.EqualTo("brown"));
            Assert.That(new BrownDescription([]).Id, Is.EqualTo("brown"));
            Assert.That(new BrownDescription(["romance", "news", "news"]).Id, Is.EqualTo("brown:news,romance"));
            Assert.That(new PileDescription(pile).Id, Is.EqualTo("pile:" + pile));
            Assert.That(new PileDescription(pile, ["USPTO Backgrounds", "Github"]).Id, Is.EqualTo($"pile:{pile}:Github,USPTO Backgrounds"));
            Assert.That(new TextDescription(text).Id, Is.EqualTo(text));
            // One selection in any order is one corpus, equal as a record too.
            Assert.That(new BrownDescription(["romance", "news"]), Is.EqualTo(new BrownDescription(["news", "romance"])));
            Assert.That(new BrownDescription(["romance", "news"]).GetHashCode(), Is.EqualTo(new BrownDescription(["news", "romance"]).GetHashCode()));
            Assert.That(new PileDescription(pile, ["b", "a"]), Is.EqualTo(new PileDescription(pile, ["a", "b"])));
            Assert.That(new BrownDescription(["news"]), Is.Not.EqualTo(new BrownDescription()));
        });
        SourceDescription[] kinds = [new BrownDescription(), new BrownDescription(["news"]), new PileDescription(pile), new PileDescription(pile, ["Github"]), new TextDescription(text)];
        foreach (var description in kinds)
        {
            // The spec grammar reads an id back as the same corpus, and its source names it the same way.
            Assert.That(CorpusSources.Describe(description.Id), Is.EqualTo(description), description.Id);
            Assert.That(description.Open().Name, Is.EqualTo(description.Id), description.Id);
        }
        Assert.That(kinds.Select(k => k.Id).Distinct().Count(), Is.EqualTo(kinds.Length));
    }

    [Test]
    public void UnknownGenre_IsRefused_ListingTheGenres()
    {
        var e = Assert.Throws<CorpusException>(() => _ = new BrownDescription(["sports"]));
        Assert.That(e!.Message, Does.Contain("'sports'").And.Contain("science_fiction"));
    }

    [Test]
    public void TokenizerIds_AreDistinctPerKind_AndTheTrainedIdReadsBack()
    {
        using var files = new CorpusTestFiles();
        var text = new TextDescription(files.Write("a.txt", "hello"));
        TokenizerDescription[] kinds =
        [
            new QwenTokenizerDescription(),
            new TrainedBpeDescription(4096, new BrownDescription()),
            new TrainedBpeDescription(4096, new BrownDescription(["news"])),
            new TrainedBpeDescription(300, new BrownDescription()),
            new TrainedBpeDescription(300, text),
            new TokenizerFilesDescription(Path.Combine(files.Root, "vocab.json")),
        ];
        Assert.Multiple(() =>
        {
            Assert.That(kinds[0].Id, Is.EqualTo("qwen2.5"));
            Assert.That(kinds[1].Id, Is.EqualTo("builtin:4096:brown"));
            Assert.That(kinds[2].Id, Is.EqualTo("builtin:4096:brown:news"));
            Assert.That(kinds[5].Id, Is.EqualTo("file:" + Path.Combine(files.Root, "vocab.json")));
            Assert.That(kinds.Select(k => k.Id).Distinct().Count(), Is.EqualTo(kinds.Length));
            foreach (var trained in kinds.OfType<TrainedBpeDescription>())
            {
                Assert.That(TrainedBpeDescription.TryParseId(trained.Id, out var size, out var corpus), Is.True, trained.Id);
                Assert.That((size, corpus), Is.EqualTo((trained.Size, trained.TrainedOn.Id)), trained.Id);
            }
            Assert.That(TrainedBpeDescription.TryParseId("qwen2.5", out _, out _), Is.False);
            Assert.That(TrainedBpeDescription.TryParseId("file:/a:b", out _, out _), Is.False);
        });
    }
}
