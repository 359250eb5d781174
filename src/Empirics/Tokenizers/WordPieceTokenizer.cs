using Ml = Microsoft.ML.Tokenizers;

namespace ProbSig.Empirics.Tokenizers;

/// <summary>
/// BERT uncased's tokenizer over a vocab.txt (line i is id i), so that corpus counts line up
/// with the rows of a BERT encoder's word-piece table: Unicode clean-up, lower-casing,
/// accent stripping, splitting on white space and punctuation (CJK characters alone), then
/// greedy longest-match word pieces with "##" continuations; a word that cannot be split
/// becomes [UNK]. The word-piece matching is Microsoft.ML.Tokenizers' BertTokenizer; no
/// [CLS] or [SEP] is added, since the ids are counted, not fed to the encoder.
/// </summary>
public sealed class WordPieceTokenizer : IVocabularyTokenizer
{
    private readonly Ml.BertTokenizer bert;
    private readonly string[] vocabulary;
    private readonly Dictionary<char, int> symbolIds;

    private WordPieceTokenizer(Ml.BertTokenizer bert, string[] vocabulary, int unknownId, IReadOnlySet<int> notCompared, Dictionary<char, int> symbolIds)
    {
        this.bert = bert;
        this.vocabulary = vocabulary;
        this.symbolIds = symbolIds;
        UnknownId = unknownId;
        NotCompared = notCompared;
    }

    /// <summary>The tokenizer of a BERT uncased vocab.txt.</summary>
    /// <exception cref="TokenizerFileException">The file is missing, has no [UNK], or repeats a token.</exception>
    public static WordPieceTokenizer Load(string vocabPath)
    {
        ArgumentNullException.ThrowIfNull(vocabPath);
        if (!File.Exists(vocabPath)) throw new TokenizerFileException(vocabPath, "no such file");
        var lines = File.ReadAllLines(vocabPath);
        var ids = new Dictionary<string, int>(lines.Length, StringComparer.Ordinal);
        for (int i = 0; i < lines.Length; i++)
            if (!ids.TryAdd(lines[i], i)) throw new TokenizerFileException(vocabPath, $"token '{lines[i]}' appears twice (lines {ids[lines[i]] + 1} and {i + 1})");
        if (!ids.TryGetValue(Unknown, out int unknownId)) throw new TokenizerFileException(vocabPath, $"has no {Unknown} token");
        // Bracketed tokens ([CLS], [SEP], [PAD], [MASK], [unused0], ...) stand for no corpus text.
        var notCompared = new HashSet<int> { unknownId };
        for (int i = 0; i < lines.Length; i++)
            if (lines[i].Length > 2 && lines[i][0] == '[' && lines[i][^1] == ']') notCompared.Add(i);
        var options = new Ml.BertOptions
        {
            LowerCaseBeforeTokenization = true,
            ApplyBasicTokenization = true,
            IndividuallyTokenizeCjk = true,
            RemoveNonSpacingMarks = true,
            // A literal "[SEP]" in corpus text is text, not the separator.
            SplitOnSpecialTokens = false,
            UnknownToken = Unknown,
        };
        // BertTokenizer looks these up by their default names (BertOptions' defaults).
        foreach (var name in new[] { "[CLS]", "[SEP]", "[PAD]", "[MASK]" })
            if (!ids.ContainsKey(name)) throw new TokenizerFileException(vocabPath, $"has no {name} token, which BERT's tokenizer needs");
        Ml.BertTokenizer bert;
        try
        {
            bert = Ml.BertTokenizer.Create(vocabPath, options);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new TokenizerFileException(vocabPath, $"cannot be read as a BERT vocabulary ({e.Message})", e);
        }
        var symbolIds = new Dictionary<char, int>();
        foreach (char c in Symbols) symbolIds[c] = ids.TryGetValue(c.ToString(), out int id) ? id : unknownId;
        return new WordPieceTokenizer(bert, lines, unknownId, notCompared, symbolIds);
    }

    /// <summary>BERT's unknown token.</summary>
    public const string Unknown = "[UNK]";

    /// <inheritdoc/>
    public int VocabularySize => vocabulary.Length;

    /// <inheritdoc/>
    public int UnknownId { get; }

    /// <inheritdoc/>
    public IReadOnlySet<int> NotCompared { get; }

    /// <inheritdoc/>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Accents are stripped here, not by BertTokenizer, whose stripping needs string.Normalize (a no-op under InvariantGlobalization; see Nfd).
        var clean = Nfd.StripAccents(text);
        if (clean.AsSpan().IndexOfAny(Special) < 0) return [.. bert.EncodeToIds(clean, addSpecialTokens: false)];
        var ids = new List<int>(clean.Length / 4 + 4);
        var segment = new System.Text.StringBuilder();
        foreach (char c in clean)
        {
            if (c is '\n' or '\r' or '\t') segment.Append(' ');
            else if (symbolIds.TryGetValue(c, out int id))
            {
                Flush();
                ids.Add(id);
            }
            else segment.Append(c);
        }
        Flush();
        return [.. ids];

        void Flush()
        {
            if (segment.Length == 0) return;
            ids.AddRange(bert.EncodeToIds(segment.ToString(), addSpecialTokens: false));
            segment.Clear();
        }
    }

    // Where Microsoft.ML.Tokenizers' basic tokenization parts from BERT's (google-research/bert
    // tokenization.py), made good around it:
    // - tabs and line breaks are whitespace to BERT (_is_whitespace), but Microsoft.ML drops them as
    //   control characters, gluing "word\nnext" into one unknown word: they become spaces;
    // - BERT's _is_punctuation treats every non-alphanumeric ASCII character as punctuation, so
    //   "$ + < = > ^ ` | ~" (Unicode symbols, not punctuation) are words of their own; Microsoft.ML
    //   drops them even with spaces around them, so each is looked up in the vocabulary here
    //   ([UNK] when absent, as BERT's WordPiece gives a word with no piece).
    private const string Symbols = "$+<=>^`|~";
    private static readonly System.Buffers.SearchValues<char> Special = System.Buffers.SearchValues.Create("\n\r\t" + Symbols);

    /// <inheritdoc/>
    public string Decode(IReadOnlyList<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return bert.Decode(ids, skipSpecialTokens: false);
    }

    /// <inheritdoc/>
    public string TokenString(int id)
    {
        if ((uint)id >= (uint)vocabulary.Length) throw new ArgumentOutOfRangeException(nameof(id), id, $"outside the vocabulary's {vocabulary.Length} tokens");
        return vocabulary[id];
    }
}
