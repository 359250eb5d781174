using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbSig.Theory.Corpus;
using ProbSig.Tests.Properties.Support;
using static ProbSig.Tests.Properties.Theory.Corpus.SignaturesCorpusGen;

namespace ProbSig.Tests.Properties.Theory.Corpus;

[TestFixture]
public sealed class SignaturesProperties
{
    private static Gen<(TokenCorpus C, int N)> CorporaWithTop() =>
        from c in Corpora() from n in Gen.Choose(1, 7) select (c, n);

    [Test]
    public void Signatures_AreProbabilityVectors_OrUndefined()
    {
        var gen = from t in CorporaWithTop() from geometric in Gen.Elements(false, true) select (t.C, t.N, geometric);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var counts = Count(t.C);
            var top = TopTokens.Select(counts, t.N);
            var weights = t.geometric ? WindowWeights.Geometric(t.C.Window, 0.5) : WindowWeights.Uniform(t.C.Window);
            return new[] { SignatureSide.Next, SignatureSide.Previous }.All(side =>
            {
                var sig = CorpusSignatures.Compute(counts, side, top, weights);
                return Enumerable.Range(0, top.Length).All(i =>
                {
                    var row = sig.Rows.Row(i);
                    return row.Minimum() >= 0 && (sig.IsDefined[i] ? Math.Abs(row.Sum() - 1) < 1e-12 : row.Sum() == 0);
                });
            });
        }));
    }

    [Test]
    public void NextAndPrevious_AreBayesConsistent()
    {
        // l_s(y) c(s, *) = c(s, y) = m_y(s) c(*, y): P(y|s) P(s) = P(s|y) P(y) on pair counts.
        PropertyCheck.Run(Prop.ForAll(CorporaWithTop().ToArbitrary(), t =>
        {
            var counts = Count(t.C);
            var top = TopTokens.Select(counts, t.N);
            var next = CorpusSignatures.Compute(counts, SignatureSide.Next, top, WindowWeights.Uniform(1));
            var prev = CorpusSignatures.Compute(counts, SignatureSide.Previous, top, WindowWeights.Uniform(1));
            return Enumerable.Range(0, top.Length).All(i => Enumerable.Range(0, top.Length).All(j =>
            {
                double c = counts.Pair(1, top[i], top[j]);
                double viaNext = next.Rows[i, j] * next.RowPairs[i];
                double viaPrev = prev.Rows[j, i] * prev.RowPairs[j];
                return Math.Abs(viaNext - c) < 1e-9 && Math.Abs(viaPrev - c) < 1e-9;
            }));
        }));
    }

    [Test]
    public void Signature_MatchesDirectConditionalProbability()
    {
        PropertyCheck.Run(Prop.ForAll(CorporaWithTop().ToArbitrary(), t =>
        {
            var counts = Count(t.C);
            var top = TopTokens.Select(counts, t.N);
            var sig = CorpusSignatures.Compute(counts, SignatureSide.Next, top, WindowWeights.Uniform(1));
            return Enumerable.Range(0, top.Length).All(i =>
            {
                long total = Enumerable.Range(0, t.C.V).Sum(y => BrutePair(t.C, 1, top[i], y));
                if (total == 0) return !sig.IsDefined[i];
                long inTop = top.Sum(y => BrutePair(t.C, 1, top[i], y));
                return Enumerable.Range(0, top.Length).All(j => Math.Abs(sig.Rows[i, j] - (double)BrutePair(t.C, 1, top[i], top[j]) / total) < 1e-12)
                    && Math.Abs(sig.Rows[i, top.Length] - (double)(total - inTop) / total) < 1e-12;
            });
        }));
    }

    [Test]
    public void WindowOne_EqualsPlainSignature_AndWindowedIsWeightedMixture()
    {
        PropertyCheck.Run(Prop.ForAll(CorporaWithTop().ToArbitrary(), t =>
        {
            var counts = Count(t.C);
            var top = TopTokens.Select(counts, t.N);
            var plain = CorpusSignatures.Next(counts, t.N);
            var w1 = CorpusSignatures.Compute(counts, SignatureSide.Next, top, WindowWeights.Geometric(1, 0.3));
            bool same = (plain.Rows - w1.Rows).FrobeniusNorm() == 0;
            // Windowed = sum_k alpha_k P_k when every offset is defined for the row.
            var weights = WindowWeights.Geometric(t.C.Window, 0.5);
            var windowed = CorpusSignatures.Compute(counts, SignatureSide.Next, top, weights);
            bool mixture = Enumerable.Range(0, top.Length).All(i =>
            {
                var perK = Enumerable.Range(1, t.C.Window).Select(k => CorpusSignatures.Compute(Single(counts, k), SignatureSide.Next, top, WindowWeights.Uniform(1))).ToArray();
                if (!perK.All(p => p.IsDefined[i])) return true;
                var expected = perK.Select((p, k) => p.Rows.Row(i) * weights.Alpha[k]).Aggregate((a, b) => a + b);
                return (expected - windowed.Rows.Row(i)).L2Norm() < 1e-12;
            });
            return same && mixture;
        }));
    }

    [Test]
    public void GeometricWeights_AreNormalisedPowers()
    {
        var w = WindowWeights.Geometric(3, 0.5);
        Assert.That(w.Alpha, Is.EqualTo(new[] { 4.0 / 7, 2.0 / 7, 1.0 / 7 }).Within(1e-15));
        Assert.That(WindowWeights.Uniform(4).Alpha, Is.All.EqualTo(0.25));
    }

    [Test]
    public void Cosines_HaveUnitDiagonal_AreSymmetric_AndCentredRemovesTheMean()
    {
        PropertyCheck.Run(Prop.ForAll(CorporaWithTop().ToArbitrary(), t =>
        {
            var counts = Count(t.C);
            var sig = CorpusSignatures.Next(counts, t.N);
            var u = CorpusSignatureSimilarity.Uncentred(sig);
            var c = CorpusSignatureSimilarity.Centred(sig);
            int n = sig.Tokens.Count;
            bool ok = true;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    bool d = sig.IsDefined[i] && sig.IsDefined[j];
                    ok &= d ? u[i, j] == u[j, i] && c[i, j] == c[j, i] && u[i, j] >= 0 && (i != j || (u[i, i] == 1 && c[i, i] == 1))
                            : double.IsNaN(u[i, j]) && double.IsNaN(c[i, j]);
                    if (d && i != j)
                    {
                        // Direct formula for the centred cosine.
                        var mean = CorpusSignatureSimilarity.MeanDistribution(sig);
                        var a = sig.Rows.Row(i) - mean;
                        var b = sig.Rows.Row(j) - mean;
                        double expected = a.L2Norm() <= 1e-12 || b.L2Norm() <= 1e-12 ? 0 : a.DotProduct(b) / (a.L2Norm() * b.L2Norm());
                        ok &= Math.Abs(c[i, j] - expected) < 1e-9;
                    }
                }
            return ok;
        }));
    }

    /// <summary>Counts holding only offset k's pairs, as offset-1 pairs of two-token
    /// documents, so P_k can be computed alone (its unigrams differ; tokens are given).</summary>
    private static CorpusCounts Single(CorpusCounts counts, int k)
    {
        var one = new CorpusCounts(counts.VocabularySize, 1, counts.TokenizerId);
        foreach (var (s, y, c) in counts.Pairs(k))
            for (long r = 0; r < c; r++) one.AddDocument([s, y]);
        return one;
    }
}
