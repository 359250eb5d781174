using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Tests.Properties.Support;
using ProbSig.Theory.Corpus;
using ProbSig.Theory.Flow;
using static ProbSig.Tests.Properties.Theory.Corpus.SignaturesCorpusGen;
using static ProbSig.Tests.Properties.Theory.Flow.FlowTestData;

namespace ProbSig.Tests.Properties.Theory.Corpus;

/// <summary>THEORY 3.4's A[y, s] = pi_s (P(y | s) - 1/V) over the compared tokens, and the
/// linear-regime predictions it drives (THEORY 3.1, untied and tied). t is flow time.</summary>
[TestFixture]
public sealed class CorpusFlowMatrixProperties
{
    /// <summary>A corpus and a compared token list: the top n tokens in reverse order, so the
    /// list's order (not the frequency order) is what A must follow.</summary>
    private static Arbitrary<(TokenCorpus Corpus, int[] Tokens)> Cases() =>
        (from c in Corpora(maxV: 7, maxDocs: 6, maxLength: 12)
         from n in Gen.Choose(1, 7)
         select (c, TopTokens.Select(Count(c), n).Reverse().ToArray())).ToArbitrary();

    [Test]
    public void Entries_MatchTheDefinition_AndColumnsSumToPiTimesComparedMassMinusNPiOverV()
    {
        PropertyCheck.Run(Prop.ForAll(Cases(), t =>
        {
            var (c, tokens) = t;
            var m = CorpusFlowMatrix.Compute(Count(c), tokens);
            int n = tokens.Length;
            double total = 0;
            for (int s = 0; s < c.V; s++) for (int y = 0; y < c.V; y++) total += BrutePair(c, 1, s, y);
            for (int j = 0; j < n; j++)
            {
                double successors = Enumerable.Range(0, c.V).Sum(y => (double)BrutePair(c, 1, tokens[j], y));
                double pi = successors == 0 ? 0 : successors / total;
                double compared = successors == 0 ? 0 : tokens.Sum(y => BrutePair(c, 1, tokens[j], y)) / successors;
                Require(Math.Abs(m.Mass[j] - pi) <= 1e-15 && m.HasSuccessor[j] == successors > 0, $"pi of token {tokens[j]}: {m.Mass[j]}, expected {pi}");
                for (int i = 0; i < n; i++)
                {
                    double expected = successors == 0 ? 0 : pi * (BrutePair(c, 1, tokens[j], tokens[i]) / successors - 1.0 / c.V);
                    Require(Math.Abs(m.A[i, j] - expected) <= 1e-15, $"A[{i}, {j}] = {m.A[i, j]}, expected {expected}");
                }
                double sum = m.A.Column(j).Sum(), identity = pi * compared - n * pi / c.V;
                Require(Math.Abs(sum - identity) <= 1e-14, $"column {j} sums to {sum}, identity gives {identity}");
            }
            return true;
        }));
    }

    [Test]
    public void A_OfAHandCountedCorpus()
    {
        // Pairs (0,1) (1,0) (0,2) | (1,0) | none: 4 in all, and (2,1) across the first boundary
        // is not one. V = 5 (token 4 never occurs); compared tokens [1, 0, 2] in that order.
        // pi_1 = pi_0 = 2/4; P(.|1) = (0, 1, 0), P(.|0) = (1/2, 0, 1/2) over [1, 0, 2]; 2 has no successor.
        var counts = CorpusCounts.Count([[0, 1, 0, 2], [1, 0], [3]], 5, 1, "t");
        var m = CorpusFlowMatrix.Compute(counts, [1, 0, 2]);
        var expected = Matrix<double>.Build.DenseOfArray(new[,]
        {
            { 0.5 * (0 - 0.2), 0.5 * (0.5 - 0.2), 0 },
            { 0.5 * (1 - 0.2), 0.5 * (0 - 0.2), 0 },
            { 0.5 * (0 - 0.2), 0.5 * (0.5 - 0.2), 0 },
        });
        Assert.That((m.A - expected).Enumerate().Max(Math.Abs), Is.LessThan(1e-16));
        Assert.That(m.TotalPairs, Is.EqualTo(4));
        Assert.That(m.Mass, Is.EqualTo(new[] { 0.5, 0.5, 0.0 }));
        Assert.That(m.HasSuccessor, Is.EqualTo(new[] { true, true, false }));
        Assert.That(m.VocabularySize, Is.EqualTo(5));
    }

    [Test]
    public void RestrictedCounts_AreRefused_BecauseTheyLackTheTotalOfAllPairs()
    {
        var counts = CorpusCounts.Count([[0, 1, 2, 3]], 4, 1, "t", pairTokens: [0, 1]);
        var e = Assert.Throws<ArgumentException>(() => CorpusFlowMatrix.Compute(counts, [0, 1]));
        Assert.That(e!.Message, Does.Contain("all offset-1 pairs"));
    }

    [Test]
    public void TiedCosine_MatchesRk4OfTheMomentFlow()
    {
        // M = E[W^T W] / (d s^2) obeys dM/dt = 2 (A + A^T) M from M(0) = I (both factors of W^T W
        // move, hence the 2); its cosine is the tied prediction. RK4 at 2 rho h = 0.005: ~1e-12.
        PropertyCheck.Run(Prop.ForAll(Cases(), t =>
        {
            if (t.Tokens.Length == 0) return true; // an empty corpus has no tokens to embed
            var regime = NextTokenLinearRegime.Compute(Count(t.Corpus), t.Tokens, InitScale.FromStd(1e-3, 64));
            var a = regime.Matrix.A;
            var s = a + a.Transpose();
            double rho = regime.Tied.Eigenvalues.Max(Math.Abs);
            foreach (double tau in new[] { 0.3, 2.0 })
            {
                double time = rho > 0 ? tau / rho : tau;
                var m = Rk4(x => 2 * (s * x), Matrix<double>.Build.DenseIdentity(a.RowCount), time, (int)Math.Ceiling(400 * tau));
                CloseCosines(regime.TiedCosine(time), GramCosine(m), $"tied at {tau} / rho");
            }
            return true;
        }));
    }

    [Test]
    public void UntiedCosine_MatchesRk4OfTheStackedFlow()
    {
        // Theta = [W_E^T; W_U] obeys dTheta/dt = B Theta, so E[Theta Theta^T] / (d s^2) = exp(2tB)
        // obeys dM/dt = 2 B M from I; its N x N embedding block's cosine is the untied prediction.
        PropertyCheck.Run(Prop.ForAll(Cases(), t =>
        {
            if (t.Tokens.Length == 0) return true; // an empty corpus has no tokens to embed
            var regime = NextTokenLinearRegime.Compute(Count(t.Corpus), t.Tokens, InitScale.FromStd(1e-3, 64));
            var a = regime.Matrix.A;
            int n = a.RowCount;
            var b = Generator(a);
            double sigma1 = regime.Untied.Sigma1;
            foreach (double tau in new[] { 0.3, 2.0 })
            {
                double time = sigma1 > 0 ? tau / sigma1 : tau;
                var m = Rk4(x => 2 * (b * x), Matrix<double>.Build.DenseIdentity(2 * n), time, (int)Math.Ceiling(400 * tau));
                CloseCosines(regime.UntiedCosine(time), GramCosine(m.SubMatrix(0, n, 0, n)), $"untied at {tau} / sigma_1");
            }
            return true;
        }));
    }

    [Test]
    public void EndsOfLinearRegime_AreTheStatedFormula_WithSigma1AndTheTopTiedEigenvalue()
    {
        var init = InitScale.FromStd(1e-3, 64);
        double log = Math.Log(2 / (64 * 1e-6));
        PropertyCheck.Run(Prop.ForAll(Cases(), t =>
        {
            if (t.Tokens.Length == 0) return true; // an empty corpus has no tokens to embed
            var regime = NextTokenLinearRegime.Compute(Count(t.Corpus), t.Tokens, init);
            var a = regime.Matrix.A;
            double sigma1 = a.Svd(false).S[0];
            double mu = (a + a.Transpose()).Evd(Symmetricity.Symmetric).EigenValues.Max(z => z.Real);
            // A zero A (no pair among the compared tokens' successors) grows nowhere: t* = infinity.
            double untied = sigma1 > 1e-15 ? log / (2 * sigma1) : double.PositiveInfinity;
            double tied = mu > 1e-15 ? log / (2 * mu) : double.PositiveInfinity;
            Require(double.IsPositiveInfinity(untied) ? double.IsPositiveInfinity(regime.UntiedEndOfLinearRegime)
                : Math.Abs(regime.UntiedEndOfLinearRegime / untied - 1) <= 1e-12, $"untied t* {regime.UntiedEndOfLinearRegime}, expected {untied}");
            Require(double.IsPositiveInfinity(tied) ? double.IsPositiveInfinity(regime.TiedEndOfLinearRegime)
                : Math.Abs(regime.TiedEndOfLinearRegime / tied - 1) <= 1e-12, $"tied t* {regime.TiedEndOfLinearRegime}, expected {tied}");
            return true;
        }));

        // Hand case (A_OfAHandCountedCorpus); a large init has no linear regime and so no t*.
        var counts = CorpusCounts.Count([[0, 1, 0, 2], [1, 0], [3]], 5, 1, "t");
        var big = NextTokenLinearRegime.Compute(counts, [1, 0, 2], InitScale.FromStd(1.0, 2));
        Assert.That(big.UntiedEndOfLinearRegime, Is.NaN);
        Assert.That(big.TiedEndOfLinearRegime, Is.NaN);
    }

    private static Matrix<double> GramCosine(Matrix<double> k) =>
        Matrix<double>.Build.Dense(k.RowCount, k.ColumnCount, (i, j) => k[i, j] / Math.Sqrt(k[i, i] * k[j, j]));

    private static void CloseCosines(Matrix<double> actual, Matrix<double> expected, string what)
    {
        double gap = (actual - expected).Enumerate().Max(Math.Abs);
        Require(gap <= 1e-9, $"{what}: cosines differ by {gap:E3}");
    }
}
