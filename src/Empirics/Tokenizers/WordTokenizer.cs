using System.Buffers;
using System.Text.RegularExpressions;
using ProbSig.Empirics.Embeddings;

namespace ProbSig.Empirics.Tokenizers;

/// <summary>
/// Lower-cased words over a word-vector table's vocabulary (id i = row i), so that corpus
/// counts line up with the table's rows; every word outside it is <see cref="UnknownId"/>
/// (= the vocabulary's count), counted for coverage but never compared.
/// <para>Each whitespace-separated chunk, lower-cased (invariant), is one token when the
/// vocabulary has it, which keeps a corpus's own word tokens whole (Brown's "well-known",
/// "u.s.", "1-1/2"). Otherwise the chunk is cut into words (letters and marks, with internal
/// hyphens or apostrophes), numbers (digit runs with internal '.' or ',') and single other
/// symbols, and each piece is looked up: raw text ("Hello, world.") then splits the way
/// GloVe's training text was tokenized. The vocabulary's entries are matched as they are, so
/// a vocabulary with capitals is only reachable by its lower-case entries.</para>
/// <para>Lookups go through the dictionary's span lookup on a lower-cased copy in one buffer
/// per call, so encoding allocates no string per token (Brown's 1.2M words take well under a
/// second).</para>
/// </summary>
public sealed partial class WordTokenizer : IVocabularyTokenizer
{
    /// <summary>The string of <see cref="UnknownId"/>.</summary>
    public const string UnknownString = "<unk>";

    private readonly string[] vocabulary;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup;

    /// <param name="vocabulary">Id i's word; the words are distinct.</param>
    /// <exception cref="ArgumentException">A word appears twice, or is empty.</exception>
    public WordTokenizer(IEnumerable<string> vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        this.vocabulary = vocabulary.ToArray();
        var map = new Dictionary<string, int>(this.vocabulary.Length, StringComparer.Ordinal);
        for (int i = 0; i < this.vocabulary.Length; i++)
        {
            var word = this.vocabulary[i] ?? throw new ArgumentException($"vocabulary entry {i} is null", nameof(vocabulary));
            if (word.Length == 0) throw new ArgumentException($"vocabulary entry {i} is empty", nameof(vocabulary));
            if (!map.TryAdd(word, i)) throw new ArgumentException($"vocabulary word '{word}' appears twice (ids {map[word]} and {i})", nameof(vocabulary));
        }
        lookup = map.GetAlternateLookup<ReadOnlySpan<char>>();
        UnknownId = this.vocabulary.Length;
        NotCompared = new HashSet<int> { UnknownId };
    }

    /// <summary>The words of <paramref name="table"/>'s rows.</summary>
    public static WordTokenizer For(EmbeddingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return new WordTokenizer(table.Tokens);
    }

    /// <summary>Id i's word.</summary>
    public IReadOnlyList<string> Vocabulary => vocabulary;

    /// <inheritdoc />
    public int UnknownId { get; }

    /// <inheritdoc />
    public IReadOnlySet<int> NotCompared { get; }

    /// <inheritdoc />
    public int VocabularySize => vocabulary.Length + 1;

    /// <inheritdoc />
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 5 + 1);
        var lower = ArrayPool<char>.Shared.Rent(Math.Max(16, text.Length));
        try
        {
            var span = text.AsSpan();
            int i = 0;
            while (i < span.Length)
            {
                while (i < span.Length && char.IsWhiteSpace(span[i])) i++;
                int start = i;
                while (i < span.Length && !char.IsWhiteSpace(span[i])) i++;
                if (i == start) break;
                var chunk = lower.AsSpan(start, i - start);
                span[start..i].ToLowerInvariant(chunk);
                if (lookup.TryGetValue(chunk, out var id))
                {
                    ids.Add(id);
                    continue;
                }
                foreach (var piece in Pieces().EnumerateMatches(chunk))
                    ids.Add(lookup.TryGetValue(chunk.Slice(piece.Index, piece.Length), out var pieceId) ? pieceId : UnknownId);
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(lower);
        }
        return ids.ToArray();
    }

    /// <summary>The words, joined by single spaces (the unknown id as <see cref="UnknownString"/>).</summary>
    public string Decode(IReadOnlyList<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return string.Join(' ', ids.Select(TokenString));
    }

    /// <inheritdoc />
    public string TokenString(int id)
    {
        if (id == UnknownId) return UnknownString;
        if ((uint)id >= (uint)vocabulary.Length) throw new ArgumentOutOfRangeException(nameof(id), id, $"outside the vocabulary's {VocabularySize} ids");
        return vocabulary[id];
    }

    // Words with internal hyphens or apostrophes, numbers with internal '.' or ',', or one other
    // symbol (a surrogate pair kept whole).
    [GeneratedRegex(@"[\p{L}\p{M}]+(?:['’\-][\p{L}\p{M}]+)*|\p{Nd}+(?:[.,]\p{Nd}+)*|[\uD800-\uDBFF][\uDC00-\uDFFF]|\S", RegexOptions.CultureInvariant)]
    private static partial Regex Pieces();
}
