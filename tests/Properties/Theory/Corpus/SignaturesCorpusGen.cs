using FsCheck;
using FsCheck.Fluent;
using ProbSig.Theory.Corpus;

namespace ProbSig.Tests.Properties.Theory.Corpus;

/// <summary>Small random tokenised corpora (V, window, documents) for the counting and
/// signature properties, with a brute-force counter to compare against.</summary>
internal static class SignaturesCorpusGen
{
    internal sealed record TokenCorpus(int V, int Window, int[][] Documents)
    {
        public override string ToString() => $"V={V} w={Window} docs=[{string.Join(" | ", Documents.Select(d => string.Join(",", d)))}]";
    }

    public static Gen<TokenCorpus> Corpora(int maxV = 7, int maxDocs = 6, int maxLength = 10) =>
        from v in Gen.Choose(1, maxV)
        from w in Gen.Choose(1, 3)
        from nd in Gen.Choose(0, maxDocs)
        from docs in Gen.ArrayOf(from len in Gen.Choose(0, maxLength) from ids in Gen.ArrayOf(Gen.Choose(0, v - 1), len) select ids, nd)
        select new TokenCorpus(v, w, docs);

    public static CorpusCounts Count(TokenCorpus c, ShardSelector? shard = null) =>
        CorpusCounts.Count(c.Documents, c.V, c.Window, "test-tokenizer", shard);

    /// <summary>Direct definition: positions t, t+k inside one document.</summary>
    public static long BrutePair(TokenCorpus c, int k, int s, int y) =>
        c.Documents.Sum(d => (long)Enumerable.Range(0, Math.Max(0, d.Length - k)).Count(t => d[t] == s && d[t + k] == y));
}
