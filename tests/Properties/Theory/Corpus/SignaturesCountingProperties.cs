using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbSig.Theory.Corpus;
using ProbSig.Tests.Properties.Support;
using static ProbSig.Tests.Properties.Theory.Corpus.SignaturesCorpusGen;

namespace ProbSig.Tests.Properties.Theory.Corpus;

[TestFixture]
public sealed class SignaturesCountingProperties
{
    [Test]
    public void Counts_EqualBruteForceCounts()
    {
        PropertyCheck.Run(Prop.ForAll(Corpora().ToArbitrary(), c =>
        {
            var counts = Count(c);
            bool unigrams = Enumerable.Range(0, c.V).All(s => counts.Unigram(s) == c.Documents.Sum(d => d.Count(x => x == s)));
            bool pairs = Enumerable.Range(1, c.Window).All(k =>
                Enumerable.Range(0, c.V).All(s => Enumerable.Range(0, c.V).All(y => counts.Pair(k, s, y) == BrutePair(c, k, s, y))));
            return unigrams && pairs && counts.TokenCount == c.Documents.Sum(d => d.Length) && counts.DocumentCount == c.Documents.Length;
        }));
    }

    [Test]
    public void ShardAndMerge_EqualsSinglePass_ForAnyShardCount()
    {
        var gen = from c in Corpora(maxDocs: 9) from n in Gen.Choose(1, 5) select (c, n);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (c, n) = t;
            var single = Count(c);
            var merged = new CorpusCounts(c.V, c.Window, "test-tokenizer");
            for (int i = 0; i < n; i++) merged.Merge(Count(c, new ShardSelector(i, n)));
            return merged.CountsEqual(single) && merged.Shards.Count == n;
        }));
    }

    [Test]
    public void Boundaries_NeverPairAcrossDocuments()
    {
        // Each document is one repeated token, distinct per document: any cross pair would
        // be a pair of two different tokens.
        var gen = from nd in Gen.Choose(2, 6) from lens in Gen.ArrayOf(Gen.Choose(1, 5), nd) from w in Gen.Choose(1, 4) select (lens, w);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var docs = t.lens.Select((len, i) => Enumerable.Repeat(i, len).ToArray()).ToArray();
            var counts = CorpusCounts.Count(docs, docs.Length, t.w, "test-tokenizer");
            return Enumerable.Range(1, t.w).All(k => counts.Pairs(k).All(p => p.Token == p.Next)
                && counts.Pairs(k).Sum(p => p.Count) == t.lens.Sum(len => Math.Max(0, len - k)));
        }));
    }

    [Test]
    public void CountsFile_RoundTripsExactly()
    {
        var dir = Directory.CreateTempSubdirectory("probsig-counts-");
        try
        {
            PropertyCheck.Run(Prop.ForAll(Corpora().ToArbitrary(), c =>
            {
                var counts = c.V > 1 ? CorpusCounts.Count(c.Documents, c.V, c.Window, "test-tokenizer", pairTokens: [0]) : Count(c);
                var path = Path.Combine(dir.FullName, "counts.bin");
                CountsFile.Write(counts, path);
                var back = CountsFile.Read(path);
                return back.CountsEqual(counts) && back.TokenizerId == counts.TokenizerId
                    && back.Shards.SequenceEqual(counts.Shards) && (back.PairTokens ?? []).SequenceEqual(counts.PairTokens ?? []) && Directory.GetFiles(dir.FullName).Length == 1;
            }), cases: 50);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Test]
    public void CountsFile_RecordsTheCorporaCounted_AndLeavesThemOutWhenUnknown()
    {
        var dir = Directory.CreateTempSubdirectory("probsig-counts-");
        try
        {
            var counts = CorpusCounts.Count([[0, 1, 2, 1, 0]], 3, 2, "t");
            var named = Path.Combine(dir.FullName, "named.bin");
            CountsFile.Write(counts, named, corpora: ["pile:b", "brown", "pile:b"]);
            Assert.That(CountsFile.ReadHeader(named).Corpora, Is.EqualTo(new[] { "brown", "pile:b" }));
            Assert.That(CountsFile.Read(named).CountsEqual(counts), Is.True);
            // Unknown corpora leave the header as files written before the field existed, which read as unknown.
            var unnamed = Path.Combine(dir.FullName, "unnamed.bin");
            CountsFile.Write(counts, unnamed);
            Assert.That(CountsFile.ReadHeader(unnamed).Corpora, Is.Null);
            Assert.That(System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(unnamed)), Does.Not.Contain("corpora"));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Test]
    public void ShardOf_KeepsTheItemsAtThePositionsItSelects()
    {
        var gen = from length in Gen.Choose(0, 20) from n in Gen.Choose(1, 5) from i in Gen.Choose(0, n - 1) select (length, i, n);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var shard = new ShardSelector(t.i, t.n);
            var items = Enumerable.Range(100, t.length).ToArray();
            return shard.Of(items).SequenceEqual(items.Where((_, position) => position % t.n == t.i));
        }));
    }

    [Test]
    public void CountsFile_RefusesTruncatedFile()
    {
        var dir = Directory.CreateTempSubdirectory("probsig-counts-");
        try
        {
            var counts = CorpusCounts.Count([[0, 1, 2, 1, 0]], 3, 2, "t");
            var path = Path.Combine(dir.FullName, "c.bin");
            CountsFile.Write(counts, path);
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..^8]);
            var e = Assert.Throws<InvalidDataException>(() => CountsFile.Read(path));
            Assert.That(e!.Message, Does.Contain("truncated").And.Contain(path));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Test]
    public void Merge_RefusesDifferentVocabularyWindowOrTokenizer()
    {
        var a = new CorpusCounts(10, 2, "qwen2.5");
        foreach (var other in new[] { new CorpusCounts(11, 2, "qwen2.5"), new CorpusCounts(10, 3, "qwen2.5"), new CorpusCounts(10, 2, "bpe-brown-4096"), new CorpusCounts(10, 2, "qwen2.5", pairTokens: [1]) })
        {
            var e = Assert.Throws<InvalidOperationException>(() => a.Merge(other));
            Assert.That(e!.Message, Does.Contain("must agree"));
        }
    }

    [Test]
    public void PairTokenFilter_KeepsExactlyThePairsTouchingTheSet_AndTheirSignatures()
    {
        var gen = from c in Corpora() from n in Gen.Choose(1, 4) select (c, n);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var full = Count(t.c);
            var top = TopTokens.Select(full, t.n);
            var filtered = CorpusCounts.Count(t.c.Documents, t.c.V, t.c.Window, "test-tokenizer", pairTokens: top);
            bool pairs = Enumerable.Range(1, t.c.Window).All(k => Enumerable.Range(0, t.c.V).All(s => Enumerable.Range(0, t.c.V).All(y =>
                filtered.Pair(k, s, y) == (top.Contains(s) || top.Contains(y) ? full.Pair(k, s, y) : 0))));
            var w = WindowWeights.Uniform(t.c.Window);
            bool sigs = new[] { SignatureSide.Next, SignatureSide.Previous }.All(side =>
                (CorpusSignatures.Compute(full, side, top, w).Rows - CorpusSignatures.Compute(filtered, side, top, w).Rows).FrobeniusNorm() == 0);
            bool ppmi = (Ppmi.Compute(full, top).Matrix - Ppmi.Compute(filtered, top).Matrix).FrobeniusNorm() == 0;
            return pairs && sigs && ppmi && full.Unigrams.SequenceEqual(filtered.Unigrams);
        }));
    }

    [Test]
    public void Merge_RefusesTheSameShardTwice()
    {
        var docs = new[] { new[] { 0, 1 }, new[] { 1, 0 } };
        var merged = CorpusCounts.Count(docs, 2, 1, "t", new ShardSelector(0, 2));
        var e = Assert.Throws<InvalidOperationException>(() => merged.Merge(CorpusCounts.Count(docs, 2, 1, "t", new ShardSelector(0, 2))));
        Assert.That(e!.Message, Does.Contain("0/2").And.Contain("twice"));
        merged.Merge(CorpusCounts.Count(docs, 2, 1, "t", new ShardSelector(1, 2)));
        Assert.That(merged.CountsEqual(CorpusCounts.Count(docs, 2, 1, "t")));
    }

    [Test]
    public void ShardSelector_ParsesAndRejects()
    {
        Assert.That(ShardSelector.Parse("2/5"), Is.EqualTo(new ShardSelector(2, 5)));
        foreach (var bad in new[] { "5/5", "-1/3", "1/0", "1", "a/b", "1/2/3" })
            Assert.Throws<FormatException>(() => ShardSelector.Parse(bad), bad);
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ShardSelector(3, 2));
    }

    [Test]
    public void TopTokens_ByFrequencyThenSmallerId()
    {
        var gen = from n in Gen.Choose(1, 12) from a in Gen.ArrayOf(Gen.Choose(0, 4), n) select a.Select(x => (long)x).ToArray();
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), u =>
        {
            var top = TopTokens.Select(u, 5);
            var expected = Enumerable.Range(0, u.Length).Where(s => u[s] > 0).OrderByDescending(s => u[s]).ThenBy(s => s).Take(5);
            return top.SequenceEqual(expected);
        }));
    }

    [Test]
    public void Memory_PairDictionaryBoundedByDistinctPairs()
    {
        // A long stream over a small vocabulary: entries can never exceed V^2 per offset
        // however many tokens pass, and equal the distinct pairs actually seen.
        const int v = 20, w = 2;
        var rng = new Random(7);
        var docs = Enumerable.Range(0, 200).Select(_ => Enumerable.Range(0, 5_000).Select(_ => rng.Next(v)).ToArray()).ToArray();
        var counts = CorpusCounts.Count(docs, v, w, "t");
        Assert.That(counts.TokenCount, Is.EqualTo(1_000_000));
        for (int k = 1; k <= w; k++)
        {
            var distinct = docs.SelectMany(d => Enumerable.Range(0, d.Length - k).Select(t => d[t] * v + d[t + k])).Distinct().Count();
            Assert.That(counts.DistinctPairs(k), Is.EqualTo(distinct).And.LessThanOrEqualTo(v * v));
        }
    }
}
