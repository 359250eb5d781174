using System.Text;

namespace ProbSig.Empirics.Tokenizers;

/// <summary>
/// Trains a byte-level BPE on a corpus, with Qwen's pre-tokenizer (so digits stay one per
/// token: every digit is its own piece and no merge can cross a piece) and NFC. The
/// result is a <see cref="ByteLevelBpeTokenizer"/> like Qwen's, saved and loaded as
/// vocab.json + merges.txt.
/// </summary>
public static class BpeTrainer
{
    /// <summary>The smallest vocabulary: the 256 byte tokens.</summary>
    public const int ByteTokens = 256;

    /// <summary>
    /// Learns merges until the vocabulary has <paramref name="vocabSize"/> tokens (fewer if
    /// the corpus runs out of pairs). Deterministic: the most frequent pair wins, ties go to
    /// the pair with the smaller (left id, right id), ids being 0..255 for bytes in byte
    /// order and then merge order.
    /// </summary>
    public static ByteLevelBpeTokenizer Train(IEnumerable<string> texts, int vocabSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabSize, ByteTokens);
        var words = CountPieces(texts);

        var tokens = new List<string>(vocabSize);
        for (int b = 0; b < ByteTokens; b++) tokens.Add(ByteLevelAlphabet.ByteToChar[b].ToString());
        var merges = new List<(string, string)>(vocabSize - ByteTokens);
        var ids = tokens.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);

        // Each distinct piece as a symbol sequence with its count; pair counts and, per
        // pair, the pieces that hold it, so a merge only revisits the pieces it touches.
        var symbols = new List<int>[words.Count];
        var counts = new long[words.Count];
        var pairCounts = new Dictionary<(int, int), long>();
        var where = new Dictionary<(int, int), HashSet<int>>();
        int w = 0;
        foreach (var (bytes, count) in words)
        {
            symbols[w] = bytes.Select(b => (int)b).ToList();
            counts[w] = count;
            AddPairs(w, +1);
            w++;
        }

        var queue = new PriorityQueue<(int, int), (long, int, int)>(Comparer<(long Count, int Left, int Right)>.Create((x, y) =>
        {
            int c = y.Count.CompareTo(x.Count);
            if (c != 0) return c;
            c = x.Left.CompareTo(y.Left);
            return c != 0 ? c : x.Right.CompareTo(y.Right);
        }));
        foreach (var (pair, count) in pairCounts) queue.Enqueue(pair, (count, pair.Item1, pair.Item2));

        while (tokens.Count < vocabSize && queue.TryDequeue(out var best, out var priority))
        {
            // Stale entries (counts changed since they were queued) are skipped; the current
            // count was re-queued when it changed.
            if (!pairCounts.TryGetValue(best, out var current) || current != priority.Item1 || current <= 0) continue;
            // Two merges can spell the same string ("ab"+"c", "a"+"bc"): the second reuses
            // the first's id, as Hugging Face's trainer does, so ids stay one per string.
            var text = tokens[best.Item1] + tokens[best.Item2];
            if (!ids.TryGetValue(text, out var merged))
            {
                merged = tokens.Count;
                tokens.Add(text);
                ids[text] = merged;
            }
            merges.Add((tokens[best.Item1], tokens[best.Item2]));

            var touched = new HashSet<(int, int)>();
            foreach (var word in where[best].Order().ToList())
            {
                AddPairs(word, -1, touched);
                var s = symbols[word];
                var next = new List<int>(s.Count);
                for (int i = 0; i < s.Count; i++)
                {
                    if (i + 1 < s.Count && s[i] == best.Item1 && s[i + 1] == best.Item2) { next.Add(merged); i++; }
                    else next.Add(s[i]);
                }
                symbols[word] = next;
                AddPairs(word, +1, touched);
            }
            foreach (var pair in touched)
                if (pairCounts.TryGetValue(pair, out var c) && c > 0) queue.Enqueue(pair, (c, pair.Item1, pair.Item2));
        }

        return new ByteLevelBpeTokenizer(ids, merges);

        void AddPairs(int word, int sign, HashSet<(int, int)>? touched = null)
        {
            var s = symbols[word];
            for (int i = 0; i + 1 < s.Count; i++)
            {
                var pair = (s[i], s[i + 1]);
                pairCounts[pair] = pairCounts.GetValueOrDefault(pair) + sign * counts[word];
                if (sign > 0)
                {
                    if (!where.TryGetValue(pair, out var set)) where[pair] = set = [];
                    set.Add(word);
                }
                touched?.Add(pair);
            }
            // A piece may stay listed under a pair it no longer holds; merging it then
            // finds nothing to replace, which is harmless.
        }
    }

    /// <summary>Distinct pre-tokenized pieces (as UTF-8 bytes, keyed by their byte-level string) with counts, in first-seen order.</summary>
    private static List<(byte[] Bytes, long Count)> CountPieces(IEnumerable<string> texts)
    {
        var regex = PreTokenization.Compile(PreTokenization.Qwen);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var pieces = new List<(byte[], long)>();
        foreach (var raw in texts)
        {
            var text = Nfc.Normalize(raw);
            foreach (var match in regex.EnumerateMatches(text))
            {
                var piece = text.Substring(match.Index, match.Length);
                if (index.TryGetValue(piece, out var i)) pieces[i] = (pieces[i].Item1, pieces[i].Item2 + 1);
                else
                {
                    index[piece] = pieces.Count;
                    pieces.Add((Encoding.UTF8.GetBytes(piece), 1));
                }
            }
        }
        return pieces;
    }
}
