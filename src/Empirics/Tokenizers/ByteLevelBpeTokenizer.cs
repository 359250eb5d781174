using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace ProbSig.Empirics.Tokenizers;

/// <summary>
/// A byte-level BPE tokenizer (Qwen2.5's, a user's, or one trained here): NFC (optional),
/// special tokens split out first, a regex pre-tokenizer, then GPT-2's byte-to-character
/// mapping and rank-ordered merges. Encoding runs through Microsoft.ML.Tokenizers'
/// BpeTokenizer (ByteLevel mode) with our regex; this class keeps the
/// vocabulary and merges so it can be saved and inspected.
/// </summary>
public sealed class ByteLevelBpeTokenizer : ITokenizer
{
    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _special;
    private readonly string[] _specialLongestFirst;
    private readonly char[] _specialFirstChars;
    private readonly BpeTokenizer _bpe;

    /// <param name="vocabulary">Byte-level token string to id; must contain all 256 byte characters.</param>
    /// <param name="merges">Merges in rank order, each a pair of tokens whose concatenation is in the vocabulary.</param>
    /// <param name="specialTokens">Special tokens (e.g. &lt;|endoftext|&gt;) to id; matched literally in text.</param>
    /// <param name="preTokenizerPattern">The split regex (<see cref="PreTokenization.Qwen"/> by default).</param>
    /// <param name="nfc">Whether text is NFC-normalised first (Qwen: yes).</param>
    public ByteLevelBpeTokenizer(
        IReadOnlyDictionary<string, int> vocabulary,
        IReadOnlyList<(string Left, string Right)> merges,
        IReadOnlyDictionary<string, int>? specialTokens = null,
        string preTokenizerPattern = PreTokenization.Qwen,
        bool nfc = true)
    {
        Vocabulary = vocabulary;
        Merges = merges;
        SpecialTokens = specialTokens ?? new Dictionary<string, int>();
        PreTokenizerPattern = preTokenizerPattern;
        Nfc = nfc;
        _special = new Dictionary<string, int>(SpecialTokens);
        _specialLongestFirst = _special.Keys.Where(k => k.Length > 0).OrderByDescending(k => k.Length).ThenBy(k => k, StringComparer.Ordinal).ToArray();
        _specialFirstChars = _specialLongestFirst.Select(k => k[0]).Distinct().ToArray();

        int size = 0;
        foreach (var id in vocabulary.Values.Concat(SpecialTokens.Values)) size = Math.Max(size, id + 1);
        _tokens = new string[size];
        foreach (var (token, id) in vocabulary) _tokens[id] = token;
        foreach (var (token, id) in SpecialTokens) _tokens[id] = token;

        _bpe = BpeTokenizer.Create(new BpeOptions(vocabulary.Select(kv => kv))
        {
            Merges = merges.Select(m => m.Left + " " + m.Right),
            ByteLevel = true,
            PreTokenizer = new RegexPreTokenizer(PreTokenization.Compile(preTokenizerPattern), null),
        });
    }

    /// <summary>Regular tokens (byte-level strings) to ids.</summary>
    public IReadOnlyDictionary<string, int> Vocabulary { get; }

    /// <summary>Merges in rank order.</summary>
    public IReadOnlyList<(string Left, string Right)> Merges { get; }

    /// <summary>Special tokens to ids.</summary>
    public IReadOnlyDictionary<string, int> SpecialTokens { get; }

    /// <summary>The pre-tokenizer regex.</summary>
    public string PreTokenizerPattern { get; }

    /// <summary>Whether text is NFC-normalised before pre-tokenization.</summary>
    public bool Nfc { get; }

    /// <inheritdoc/>
    public int VocabularySize => _tokens.Length;

    /// <inheritdoc/>
    public int[] Encode(string text)
    {
        var ids = new List<int>(text.Length / 3 + 4);
        if (_special.Count == 0) { EncodeOrdinary(text, ids); return ids.ToArray(); }
        // Special tokens are found in the raw text before normalisation, as Hugging Face
        // and transformers.js do; the text between them is encoded as ordinary text.
        int start = 0;
        while (start < text.Length)
        {
            var (at, token) = NextSpecial(text, start);
            if (at < 0) { EncodeOrdinary(text[start..], ids); break; }
            if (at > start) EncodeOrdinary(text[start..at], ids);
            ids.Add(_special[token!]);
            start = at + token!.Length;
        }
        return ids.ToArray();
    }

    private (int At, string? Token) NextSpecial(string text, int start)
    {
        // One pass: jump to the next character that can open a special token, then try
        // the tokens longest first, so the cost stays linear in the text.
        for (int at = text.IndexOfAny(_specialFirstChars, start); at >= 0; at = text.IndexOfAny(_specialFirstChars, at + 1))
        {
            foreach (var token in _specialLongestFirst)
                if (string.CompareOrdinal(text, at, token, 0, token.Length) == 0) return (at, token);
        }
        return (-1, null);
    }

    private void EncodeOrdinary(string text, List<int> ids)
    {
        if (text.Length == 0) return;
        // NFC here rather than as a BpeOptions.Normalizer: string.Normalize does nothing
        // under InvariantGlobalization (see Nfc), and this way special tokens are found
        // in the raw text first, as Hugging Face does.
        if (Nfc) text = Tokenizers.Nfc.Normalize(text);
        ids.AddRange(_bpe.EncodeToIds(text, considerPreTokenization: true, considerNormalization: false));
    }

    /// <inheritdoc/>
    public string Decode(IReadOnlyList<int> ids)
    {
        var text = new StringBuilder();
        var bytes = new List<byte>();
        foreach (var id in ids)
        {
            if ((uint)id >= (uint)_tokens.Length || _tokens[id] is null)
                throw new ArgumentOutOfRangeException(nameof(ids), $"token id {id} is not in the vocabulary (size {_tokens.Length})");
            var token = _tokens[id];
            if (_special.ContainsKey(token))
            {
                Flush();
                text.Append(token);
            }
            else if (!ByteLevelAlphabet.TryDecode(token, bytes))
            {
                throw new InvalidOperationException($"token {id} '{token}' has a character outside the byte-level alphabet");
            }
        }
        Flush();
        return text.ToString();

        void Flush()
        {
            text.Append(Encoding.UTF8.GetString(bytes.ToArray()));
            bytes.Clear();
        }
    }

    /// <inheritdoc/>
    public string TokenString(int id)
    {
        if ((uint)id >= (uint)_tokens.Length || _tokens[id] is null)
            throw new ArgumentOutOfRangeException(nameof(id), $"token id {id} is not in the vocabulary (size {_tokens.Length})");
        return _special.ContainsKey(_tokens[id]) ? _tokens[id] : Decode([id]);
    }

    /// <summary>The byte-level token string of an id, as it appears in vocab.json.</summary>
    public string RawToken(int id) => _tokens[id];
}
