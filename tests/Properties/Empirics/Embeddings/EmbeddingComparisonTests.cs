using NUnit.Framework;
using ProbSig.Empirics.Corpus.Pipeline;
using ProbSig.Empirics.Embeddings;
using ProbSig.Empirics.LanguageModels.Comparison;
using ProbSig.Empirics.Tokenizers;
using ProbSig.Theory.Corpus;
using ProbSig.Theory.Geometry;
using ProbSig.Theory.Metrics;

namespace ProbSig.Tests.Properties.Empirics.Embeddings;

/// <summary>A table trained elsewhere against corpus counts: the unknown and special ids are
/// counted but never compared, coverage is what the counts say, and the comparison is the one
/// a model's embedding side gets.</summary>
[TestFixture]
public sealed class EmbeddingComparisonTests
{
    /// <summary>Whitespace words over a fixed list; anything else is id 0, "[UNK]"; id 1 "[CLS]" is special.</summary>
    private sealed class ListTokenizer(string[] words) : IVocabularyTokenizer
    {
        private readonly Dictionary<string, int> index = words.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => p.i);
        public int VocabularySize => words.Length;
        public int UnknownId => 0;
        public IReadOnlySet<int> NotCompared { get; } = new HashSet<int> { 0, 1 };
        public int[] Encode(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => index.GetValueOrDefault(w, 0)).ToArray();
        public string Decode(IReadOnlyList<int> ids) => string.Join(' ', ids.Select(TokenString));
        public string TokenString(int id) => words[id];
    }

    private static readonly string[] Words = ["[UNK]", "[CLS]", "a", "b", "c", "d", "e"];

    private static (LoadedEmbeddings Loaded, CorpusCounts Counts) Setup()
    {
        var tokenizer = new ListTokenizer(Words);
        var rng = new Random(4);
        var values = Enumerable.Range(0, Words.Length * 3).Select(_ => (float)rng.NextDouble()).ToArray();
        var table = new EmbeddingTable("test", Words, 3, values);
        var named = new NamedTokenizer("list", tokenizer);
        var loaded = new LoadedEmbeddings(new WinkPackageEmbeddings(), table, named, tokenizer);
        // "zz" and "qq" are unknown (id 0) and the most frequent id; "[CLS]" appears too.
        var text = "zz a b zz c a qq b d zz [CLS] e a b c zz d qq a b";
        var counts = new CorpusCounts(Words.Length, 2, "list");
        counts.AddDocuments([tokenizer.Encode(text)]);
        return (loaded, counts);
    }

    [Test]
    public void Tokens_LeaveOutUnknownAndSpecialIds_EvenWhenMostFrequent()
    {
        var (loaded, counts) = Setup();
        var tokens = EmbeddingComparison.Tokens(counts, loaded.Vocabulary, 10);
        Assert.That(counts.Unigram(0), Is.EqualTo(6), "the unknown id is the most frequent");
        Assert.That(tokens, Does.Not.Contain(0).And.Not.Contain(1));
        Assert.That(tokens, Is.EqualTo(new[] { 2, 3, 4, 5, 6 }), "a and b (4 each), then c, d (2 each), then e; ties by id");
    }

    [Test]
    public void Coverage_CountsUnknownTokensAndDistinctComparableIds()
    {
        var (loaded, counts) = Setup();
        var coverage = EmbeddingComparison.Coverage(counts, loaded.Vocabulary, loaded.Table.Count);
        Assert.That(coverage.CorpusTokens, Is.EqualTo(20));
        Assert.That(coverage.UnknownTokens, Is.EqualTo(6));
        Assert.That(coverage.CoveredTokens, Is.EqualTo(14));
        Assert.That(coverage.Fraction, Is.EqualTo(0.7).Within(1e-12));
        Assert.That(coverage.DistinctTokens, Is.EqualTo(5), "a..e; [CLS] is special");
        Assert.That(coverage.ToString(), Does.Contain("14 of 20").And.Contain("70.0%"));
    }

    [Test]
    public void Compare_IsTheEmbeddingSideOfAModel_AgainstEveryReference()
    {
        var (loaded, counts) = Setup();
        var tokens = EmbeddingComparison.Tokens(counts, loaded.Vocabulary, 10);
        var options = new LmComparisonOptions { Comparison = new ComparisonOptions { Permutations = 9, KendallPermutations = 3 }, PpmiRank = 2, Window = WindowWeights.Harmonic(2) };
        var result = EmbeddingComparison.Compare(loaded, counts, tokens, options);
        Assert.That(result.Observed.Keys, Is.EquivalentTo(new[] { "embedding" }));
        Assert.That(result.Rows.Select(r => r.Reference), Is.EqualTo(LmComparison.References(counts, tokens, options).Select(r => r.Name)));
        Assert.That(result.Rows.All(r => r.Side == "embedding"));
        // The observed structure is the centred cosine of exactly these rows.
        var expected = RowCosine.MeanCentred(loaded.Table.Rows(tokens));
        Assert.That((result.Observed["embedding"] - expected).Enumerate().Max(Math.Abs), Is.EqualTo(0));
        Assert.That(result.Rows.Single(r => r.Reference == "next_w2+previous_w2").Result["spearman"].Permutations, Is.EqualTo(9));
    }

    [Test]
    public void Compare_RefusesCountsOfAnotherTokenizer()
    {
        var (loaded, _) = Setup();
        var other = new CorpusCounts(Words.Length, 1, "another");
        other.AddDocuments([[2, 3, 4, 2, 3]]);
        var e = Assert.Throws<ArgumentException>(() => EmbeddingComparison.Compare(loaded, other, [2, 3, 4], new LmComparisonOptions()));
        Assert.That(e!.Message, Does.Contain("'another'").And.Contain("'list'"));
    }

    [Test]
    public void Harmonic_WeightsAreOneOverKNormalised()
    {
        var w = WindowWeights.Harmonic(3);
        double sum = 1 + 1 / 2.0 + 1 / 3.0;
        Assert.That(w.Alpha, Is.EqualTo(new[] { 1 / sum, 0.5 / sum, 1 / 3.0 / sum }).Within(1e-15));
        Assert.That(w.Description, Does.Contain("1/k"));
    }
}
