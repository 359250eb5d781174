using NUnit.Framework;
using ProbSig.Empirics.Tokenizers;

namespace ProbSig.Tests.Properties.Empirics.Tokenizers;

/// <summary>
/// WordPieceTokenizer against splits worked out by hand from BERT's published algorithm
/// (BasicTokenizer then greedy longest-match WordPiece, as in google-research/bert's
/// tokenization.py) over a vocabulary written here, so no file or download is needed.
/// </summary>
[TestFixture]
public sealed class WordPieceTokenizerTests
{
    private static readonly string[] Vocabulary =
    [
        "[PAD]", "[unused0]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
        "un", "##aff", "##able", "hello", "world", "cafe", ",", ".", "!", "'", "s", "it",
        "want", "##ed", "wa", "##nt", "to", "run", "##ning", "naive", "你", "好", "[", "]", "sep",
        "$", "+", "<", "=", ">", "^", "`", "|", "~", "1", "2",
    ];

    private string vocabPath = "";
    private WordPieceTokenizer tokenizer = null!;

    [OneTimeSetUp]
    public void WriteVocabulary()
    {
        vocabPath = Path.Combine(Path.GetTempPath(), $"probsig-wordpiece-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(vocabPath, Vocabulary);
        tokenizer = WordPieceTokenizer.Load(vocabPath);
    }

    [OneTimeTearDown]
    public void RemoveVocabulary() => File.Delete(vocabPath);

    private string[] Pieces(string text) => [.. tokenizer.Encode(text).Select(tokenizer.TokenString)];

    [Test]
    public void Encode_SplitsAWordIntoLongestMatchingPieces() =>
        Assert.That(Pieces("unaffable"), Is.EqualTo(new[] { "un", "##aff", "##able" }));

    [Test]
    public void Encode_LineBreaksAndTabsSeparateWords() =>
        // BERT's _is_whitespace: a corpus's line breaks are word boundaries, never glue.
        Assert.That(Pieces("wanted\nrunning\tunaffable\r\nwanted"), Is.EqualTo(new[] { "want", "##ed", "run", "##ning", "un", "##aff", "##able", "want", "##ed" }));

    [Test]
    public void Encode_PrefersTheLongestPieceFirst() =>
        // "want" beats "wa" + "##nt"; then "##ed".
        Assert.That(Pieces("wanted running"), Is.EqualTo(new[] { "want", "##ed", "run", "##ning" }));

    [Test]
    public void Encode_LowerCasesAndSplitsPunctuation() =>
        Assert.That(Pieces("Hello, WORLD! It's."), Is.EqualTo(new[] { "hello", ",", "world", "!", "it", "'", "s", "." }));

    [Test]
    public void Encode_SplitsAsciiSymbolsAsPunctuation() =>
        // BERT's _is_punctuation: every non-alphanumeric ASCII character, symbols included
        // (google-research/bert splits "$5" into "$", "5"); none of them is dropped.
        Assert.That(Pieces("hello$world 1+1=2 <it>^to|run~`sep`"), Is.EqualTo(new[]
        {
            "hello", "$", "world", "1", "+", "1", "=", "2", "<", "it", ">", "^", "to", "|", "run", "~", "`", "sep", "`",
        }));

    [Test]
    public void Encode_StripsAccents() =>
        Assert.That(Pieces("Café naïve"), Is.EqualTo(new[] { "cafe", "naive" }));

    [Test]
    public void Encode_SplitsCjkCharactersApart() =>
        Assert.That(Pieces("你好world"), Is.EqualTo(new[] { "你", "好", "world" }));

    [Test]
    public void Encode_AWordWithNoSplitBecomesOneUnknown()
    {
        // BERT: if any part of a word has no piece, the whole word is [UNK] (not "un" + [UNK]).
        Assert.That(Pieces("unaffablex xyz hello"), Is.EqualTo(new[] { "[UNK]", "[UNK]", "hello" }));
        Assert.That(tokenizer.Encode("xyz"), Is.EqualTo(new[] { tokenizer.UnknownId }));
    }

    [Test]
    public void Encode_AddsNoSpecialTokensAndReadsThemAsText() =>
        // No [CLS]/[SEP] around the text; a literal "[SEP]" is lower-cased and split like any text.
        Assert.That(Pieces("[SEP]"), Is.EqualTo(new[] { "[", "sep", "]" }));

    [Test]
    public void Ids_AreVocabularyLines()
    {
        Assert.That(tokenizer.VocabularySize, Is.EqualTo(Vocabulary.Length));
        Assert.That(tokenizer.UnknownId, Is.EqualTo(2));
        for (int i = 0; i < Vocabulary.Length; i++) Assert.That(tokenizer.TokenString(i), Is.EqualTo(Vocabulary[i]));
        Assert.That(tokenizer.Encode("hello"), Is.EqualTo(new[] { Array.IndexOf(Vocabulary, "hello") }));
    }

    [Test]
    public void NotCompared_IsTheBracketedTokens() =>
        Assert.That(tokenizer.NotCompared, Is.EquivalentTo(new[] { 0, 1, 2, 3, 4, 5 }));

    [Test]
    public void Decode_JoinsContinuations() =>
        Assert.That(tokenizer.Decode(tokenizer.Encode("unaffable world")), Is.EqualTo("unaffable world"));

    [Test]
    public void Load_RejectsAVocabularyWithoutUnknown()
    {
        var file = Path.GetTempFileName();
        File.WriteAllLines(file, ["[PAD]", "[CLS]", "[SEP]", "[MASK]", "hello"]);
        var e = Assert.Throws<TokenizerFileException>(() => WordPieceTokenizer.Load(file));
        Assert.That(e!.Message, Does.Contain(file).And.Contain("[UNK]"));
        File.Delete(file);
    }
}
