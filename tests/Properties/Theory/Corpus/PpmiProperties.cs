using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Theory.Corpus;
using ProbSig.Theory.Decompositions;
using ProbSig.Theory.Geometry;
using ProbSig.Tests.Properties.Support;
using static ProbSig.Tests.Properties.Theory.Corpus.SignaturesCorpusGen;

namespace ProbSig.Tests.Properties.Theory.Corpus;

[TestFixture]
public sealed class PpmiProperties
{
    [Test]
    public void Ppmi_IsNonNegative_AndMatchesDirectFormula()
    {
        var gen = from c in Corpora() from n in Gen.Choose(1, 7) select (c, n);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var counts = Count(t.c);
            var top = TopTokens.Select(counts, t.n);
            var ppmi = Ppmi.Compute(counts, top);
            int n = top.Length;
            // Direct: block counts, marginals of the block, P_0.75 of contexts.
            double Cnt(int i, int j) => BrutePair(t.c, 1, top[i], top[j]);
            double d = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) d += Cnt(i, j);
            double smoothTotal = Enumerable.Range(0, n).Sum(j => Math.Pow(Enumerable.Range(0, n).Sum(i => Cnt(i, j)), 0.75));
            bool ok = true;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    double c = Cnt(i, j), expected = 0;
                    if (c > 0)
                    {
                        double ps = Enumerable.Range(0, n).Sum(jj => Cnt(i, jj)) / d;
                        double py = Math.Pow(Enumerable.Range(0, n).Sum(ii => Cnt(ii, j)), 0.75) / smoothTotal;
                        expected = Math.Max(0, Math.Log(c / d / (ps * py)));
                    }
                    ok &= ppmi.Matrix[i, j] >= 0 && Math.Abs(ppmi.Matrix[i, j] - expected) < 1e-12;
                }
            return ok;
        }));
    }

    [Test]
    public void Ppmi_KnownValue_ForAHandCountedMatrix()
    {
        // c = [[2, 0], [1, 1]]: D = 4, P(s0) = 1/2, column sums 3, 1 -> P_.75 = 3^.75/(3^.75+1).
        var c = Matrix<double>.Build.DenseOfArray(new double[,] { { 2, 0 }, { 1, 1 } });
        var p = Ppmi.FromCooccurrence(c);
        double p0 = Math.Pow(3, 0.75) / (Math.Pow(3, 0.75) + 1), p1 = 1 / (Math.Pow(3, 0.75) + 1);
        Assert.That(p[0, 0], Is.EqualTo(Math.Max(0, Math.Log(0.5 / (0.5 * p0)))).Within(1e-14));
        Assert.That(p[0, 1], Is.EqualTo(0));
        Assert.That(p[1, 0], Is.EqualTo(Math.Max(0, Math.Log(0.25 / (0.5 * p0)))).Within(1e-14));
        Assert.That(p[1, 1], Is.EqualTo(Math.Log(0.25 / (0.5 * p1))).Within(1e-14));
    }

    [Test]
    public void SvdRival_AtFullRankWithWeightOne_HasThePpmiRowCosine()
    {
        var gen = from c in Corpora(maxV: 8, maxDocs: 8, maxLength: 14) from n in Gen.Choose(1, 8) select (c, n);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var ppmi = Ppmi.Compute(Count(t.c), t.n);
            if (ppmi.Tokens.Count == 0) return true; // an empty corpus has no tokens to embed
            var svd = PpmiSvd.Compute(ppmi, ExactSvdSolver.Instance, ppmi.Tokens.Count, eigenvalueWeight: 1.0);
            var direct = RowCosine.Of(ppmi.Matrix, ppmi.IsDefined, zeroNorm: PpmiSvd.ZeroRowNorm);
            var viaSvd = svd.Cosine();
            int n = ppmi.Tokens.Count;
            bool ok = true;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    ok &= double.IsNaN(direct[i, j]) ? double.IsNaN(viaSvd[i, j]) : Math.Abs(direct[i, j] - viaSvd[i, j]) < 1e-9;
            return ok;
        }));
    }

    [Test]
    public void RandomisedSvd_MatchesExact_OnLeadingModes()
    {
        // N = 200 tokens in 16 planted groups (a token's successors mostly come from the next
        // group) plus sparse noise, so the PPMI spectrum has a gap after 16 modes. Without a
        // gap the leading-16 subspace is not determined (s_16/s_17 = 1.01 on pure noise gave
        // a projector gap of 0.07 even though each singular value matched to 2e-4): that is
        // a property of the matrix, not of the solver.
        var rng = new Random(11);
        const int n = 200, rank = 16;
        var c = Matrix<double>.Build.Dense(n, n, (i, j) =>
            (j % rank == (i + 1) % rank ? rng.Next(20, 60) : 0) + (rng.NextDouble() < 0.05 ? rng.Next(1, 5) : 0));
        var counts = new CorpusCounts(n, 1, "t");
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int r = 0; r < (int)c[i, j]; r++) counts.AddDocument([i, j]);
        var ppmi = Ppmi.Compute(counts, Enumerable.Range(0, n).ToArray());
        var exact = PpmiSvd.Compute(ppmi, ExactSvdSolver.Instance, rank);
        var fast = PpmiSvd.Compute(ppmi, new RandomisedSvdSolver(seed: 3), rank);
        var sExact = exact.SingularValues.ToArray();
        var sFast = fast.SingularValues.ToArray();
        double worst = Enumerable.Range(0, rank).Max(k => Math.Abs(sFast[k] - sExact[k]) / sExact[k]);
        double cosGap = (exact.Cosine() - fast.Cosine()).Enumerate().Where(x => !double.IsNaN(x)).Max(Math.Abs);
        Console.WriteLine($"worst relative singular value error {worst:E3}; max cosine difference {cosGap:E3}");
        // Subspaces agree: the projector onto the leading modes (U_k U_k^T) is the same.
        var ue = exact.Embeddings.NormalizeColumns(2.0);
        var uf = fast.Embeddings.NormalizeColumns(2.0);
        double gap = (ue * ue.Transpose() - uf * uf.Transpose()).FrobeniusNorm();
        Console.WriteLine($"projector gap {gap:E3}; s_{rank} = {sExact[rank - 1]:F4}, s_{rank + 1} = {ppmi.Matrix.Svd(false).S[rank]:F4}");
        Assert.That(gap, Is.LessThan(1e-4));
        Assert.That(worst, Is.LessThan(1e-6));
        Assert.That(cosGap, Is.LessThan(1e-4));
    }
}
