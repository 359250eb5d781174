using System.Diagnostics;
using System.Text;
using NUnit.Framework;
using ProbSig.Empirics.Embeddings;
using ProbSig.Empirics.Tokenizers;

namespace ProbSig.Tests.Properties.Empirics.Embeddings;

[TestFixture]
public sealed class WordTokenizerTests
{
    private static readonly string[] Vocabulary =
        ["the", "well-known", "u.s.", ",", ".", "hello", "world", "don't", "3.5", "1,000", "(", "café", "1-1/2", "😀", "jury"];

    private static readonly WordTokenizer Tokenizer = new(Vocabulary);

    private static int Id(string word) => Array.IndexOf(Vocabulary, word);

    private static string[] Strings(string text) => Tokenizer.Encode(text).Select(Tokenizer.TokenString).ToArray();

    [Test]
    public void Ids_AreRows_AndTheUnknownIdComesLast_NeverCompared()
    {
        Assert.That(Tokenizer.UnknownId, Is.EqualTo(Vocabulary.Length));
        Assert.That(Tokenizer.VocabularySize, Is.EqualTo(Vocabulary.Length + 1));
        Assert.That(Tokenizer.NotCompared, Is.EquivalentTo(new[] { Vocabulary.Length }));
        Assert.That(Tokenizer.TokenString(Tokenizer.UnknownId), Is.EqualTo("<unk>"));
        Assert.That(Tokenizer.TokenString(Id("jury")), Is.EqualTo("jury"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tokenizer.TokenString(Vocabulary.Length + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tokenizer.TokenString(-1));
    }

    [Test]
    public void KnownWords_AreTheirRows_LowerCased()
    {
        Assert.That(Tokenizer.Encode("The JURY\tHello\nWORLD"), Is.EqualTo(new[] { Id("the"), Id("jury"), Id("hello"), Id("world") }));
        Assert.That(Tokenizer.Encode("CAFÉ"), Is.EqualTo(new[] { Id("café") }));
        Assert.That(Tokenizer.Encode("  \n "), Is.Empty);
    }

    [Test]
    public void CorpusWordTokens_InTheVocabulary_StayWhole()
    {
        // Brown's tokens: whitespace-separated, some with inner punctuation.
        Assert.That(Strings("the well-known U.S. jury , 1-1/2 ."), Is.EqualTo(new[] { "the", "well-known", "u.s.", "jury", ",", "1-1/2", "." }));
    }

    [Test]
    public void RawText_SplitsIntoWordsNumbersAndSymbols()
    {
        Assert.That(Strings("Hello, world."), Is.EqualTo(new[] { "hello", ",", "world", "." }));
        Assert.That(Strings("(Don't)"), Is.EqualTo(new[] { "(", "don't", "<unk>" }));
        Assert.That(Strings("3.5,1,000."), Is.EqualTo(new[] { "<unk>", "." })); // one number with inner '.' and ',', then the full stop
        Assert.That(Strings("3.5, 1,000."), Is.EqualTo(new[] { "3.5", ",", "1,000", "." }));
        Assert.That(Strings("world😀hello"), Is.EqualTo(new[] { "world", "😀", "hello" }));
        Assert.That(Strings("the--world"), Is.EqualTo(new[] { "the", "<unk>", "<unk>", "world" }));
    }

    [Test]
    public void UnknownWords_AreTheUnknownId()
    {
        Assert.That(Tokenizer.Encode("Zebra"), Is.EqualTo(new[] { Tokenizer.UnknownId }));
        Assert.That(Strings("zebra-like, the"), Is.EqualTo(new[] { "<unk>", ",", "the" }));
        Assert.That(Tokenizer.Decode(Tokenizer.Encode("The zebra, hello")), Is.EqualTo("the <unk> , hello"));
    }

    [Test]
    public void ATable_GivesItsRowsAsTheVocabulary()
    {
        var table = new EmbeddingTable("test", ["a", "b"], 1, [1f, 2f]);
        var tokenizer = WordTokenizer.For(table);
        Assert.That(tokenizer.Encode("B a c"), Is.EqualTo(new[] { 1, 0, 2 }));
    }

    [Test]
    public void ARepeatedWord_IsAnError()
    {
        var e = Assert.Throws<ArgumentException>(() => new WordTokenizer(["a", "b", "a"]));
        Assert.That(e!.Message, Does.Contain("'a' appears twice (ids 0 and 2)"));
    }

    [Test]
    public void ABrownSizedText_TokenizesQuickly()
    {
        var words = new[] { "The", "jury", "said", "well-known", "U.S.", "(hello,", "world)", "zebra", "3.5", "don't" };
        var text = new StringBuilder();
        for (int i = 0; i < 1_200_000; i++) text.Append(words[i % words.Length]).Append(i % 20 == 19 ? '\n' : ' ');
        var input = text.ToString();
        Tokenizer.Encode(input[..1000]);
        var clock = Stopwatch.StartNew();
        var ids = Tokenizer.Encode(input);
        clock.Stop();
        TestContext.Out.WriteLine($"1.2M words, {ids.Length} tokens in {clock.ElapsedMilliseconds} ms");
        Assert.That(ids, Has.Length.EqualTo(1_200_000 / 10 * 13));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "generous: the shared machine is slow");
    }
}
