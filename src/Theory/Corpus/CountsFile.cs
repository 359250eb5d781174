using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProbSig.Theory.Corpus;

/// <summary>
/// One-file serialisation of <see cref="CorpusCounts"/> (format version 1):
/// <code>
/// bytes 0..7   magic "PSCOUNTS"
/// bytes 8..11  int32 little-endian: length L of the JSON header
/// next L bytes UTF-8 JSON header (<see cref="CountsHeader"/>)
/// (the header's pairTokens, when present, lists the only tokens whose pairs were stored)
/// then         int64[V] unigram counts
/// then         for k = 1..window: pairEntries[k-1] records of (int64 key = s*V + y, int64 count),
///              sorted by key, so equal counts give byte-identical files
/// </code>
/// All integers little-endian. The header repeats every size the body needs, so a truncated
/// or padded file is refused rather than read short. Written to a temporary name, then
/// renamed, so a crash never leaves a partial file under the final name.
/// </summary>
public static class CountsFile
{
    public const int FormatVersion = 1;
    private static readonly byte[] Magic = "PSCOUNTS"u8.ToArray();
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = false };

    /// <summary>What the JSON header of a counts file holds. <paramref name="TokenizerHash"/>
    /// is a content hash of the tokenizer that made the ids (absent in files written before
    /// it existed): the name alone does not tell two tokenizers of one size apart.
    /// <paramref name="Corpora"/> names the corpora counted (their ids, e.g. "brown:news" or a
    /// path; a merge lists each once), so that two counts files of different corpora can be
    /// told apart; it is absent in files written before it existed, and left out of the
    /// header when unknown, so such files keep their bytes.</summary>
    public sealed record CountsHeader(string Format, int FormatVersion, int VocabularySize, int Window, string TokenizerId,
        long Tokens, long Documents, string[] Shards, long[] PairEntries, int[]? PairTokens = null, string? TokenizerHash = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string[]? Corpora = null);

    /// <summary>Writes <paramref name="counts"/>, recording <paramref name="tokenizerHash"/> and
    /// <paramref name="corpora"/> (the ids of the corpora counted) when given.</summary>
    public static void Write(CorpusCounts counts, string path, string? tokenizerHash = null, IEnumerable<string>? corpora = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var sorted = Enumerable.Range(1, counts.Window)
            .Select(k => counts.PairMap(k).OrderBy(e => e.Key).ToArray()).ToArray();
        var header = new CountsHeader("probsig-corpus-counts", FormatVersion, counts.VocabularySize, counts.Window, counts.TokenizerId,
            counts.TokenCount, counts.DocumentCount, counts.Shards.Select(s => s.ToString()).ToArray(),
            sorted.Select(p => (long)p.Length).ToArray(), counts.PairTokens?.ToArray(), tokenizerHash,
            corpora?.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());
        var headerBytes = JsonSerializer.SerializeToUtf8Bytes(header, Json);

        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: false))
            {
                w.Write(Magic);
                w.Write(headerBytes.Length);
                w.Write(headerBytes);
                foreach (var c in counts.Unigrams) w.Write(c);
                foreach (var entries in sorted)
                    foreach (var (key, c) in entries)
                    {
                        w.Write(key);
                        w.Write(c);
                    }
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Reads only the header (cheap: to check compatibility before a merge).</summary>
    public static CountsHeader ReadHeader(string path)
    {
        using var stream = File.OpenRead(path);
        using var r = new BinaryReader(stream);
        return ReadHeader(r, path, stream.Length);
    }

    public static CorpusCounts Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        using var r = new BinaryReader(stream);
        var h = ReadHeader(r, path, stream.Length);
        long expected = stream.Position + 8L * h.VocabularySize + 16L * h.PairEntries.Sum();
        if (stream.Length != expected)
            throw new InvalidDataException($"{path}: counts file is {stream.Length} bytes but its header describes {expected} (truncated or corrupt)");
        var unigrams = new long[h.VocabularySize];
        for (int s = 0; s < unigrams.Length; s++) unigrams[s] = r.ReadInt64();
        var pairs = new IReadOnlyList<(long, long)>[h.Window];
        long limit = (long)h.VocabularySize * h.VocabularySize;
        for (int k = 0; k < h.Window; k++)
        {
            var list = new (long, long)[h.PairEntries[k]];
            for (long i = 0; i < list.Length; i++)
            {
                long key = r.ReadInt64(), c = r.ReadInt64();
                if (key < 0 || key >= limit || c <= 0 || (i > 0 && key <= list[i - 1].Item1))
                    throw new InvalidDataException($"{path}: offset {k + 1} entry {i} has key {key} / count {c}: outside the valid range or not strictly ascending");
                list[i] = (key, c);
            }
            pairs[k] = list;
        }
        var counts = new CorpusCounts(h.VocabularySize, h.Window, h.TokenizerId, pairTokens: h.PairTokens);
        counts.LoadRaw(unigrams, pairs, h.Tokens, h.Documents, h.Shards.Select(ShardSelector.Parse));
        return counts;
    }

    private static CountsHeader ReadHeader(BinaryReader r, string path, long length)
    {
        if (length < Magic.Length + 4 || !r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a ProbSig counts file (bad magic)");
        int n = r.ReadInt32();
        if (n <= 0 || n > length - Magic.Length - 4) throw new InvalidDataException($"{path}: header length {n} is impossible for a {length}-byte file");
        CountsHeader? h;
        try { h = JsonSerializer.Deserialize<CountsHeader>(r.ReadBytes(n), Json); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: unreadable counts header: {e.Message}", e); }
        if (h is null || h.Format != "probsig-corpus-counts") throw new InvalidDataException($"{path}: header is not a probsig-corpus-counts header");
        if (h.FormatVersion != FormatVersion) throw new InvalidDataException($"{path}: counts format version {h.FormatVersion}, this build reads {FormatVersion}");
        if (h.VocabularySize < 1 || h.Window < 1 || h.PairEntries is null || h.PairEntries.Length != h.Window || h.Shards is null || h.PairEntries.Any(e => e < 0 || e > int.MaxValue))
            throw new InvalidDataException($"{path}: inconsistent counts header (V={h.VocabularySize}, window={h.Window})");
        return h;
    }
}
