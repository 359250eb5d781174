using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Tests.Properties.Support;
using ProbSig.Theory.Flow;
using static ProbSig.Tests.Properties.Theory.Flow.FlowTestData;

namespace ProbSig.Tests.Properties.Theory.Flow;

/// <summary>Continuous-time claims of THEORY 3.1. All times are flow time (t = k * eta for
/// gradient descent), chosen relative to 1 / sigma_1 so every case sits in a comparable regime.</summary>
[TestFixture]
public sealed class LinearFlowProperties
{
    private const int Cases = 40;

    // Sums of a handful of products of O(1) numbers: rounding only.
    private const double ExactTol = 1e-12;

    // d s^2 = 1 turns the expected Gram into the unscaled kernel cosh(2t sqrt(A^T A)).
    private static readonly InitScale Unit = InitScale.FromStd(1.0, 1);

    [Test]
    public void EmbeddingKernel_AtTimeZero_IsIdentity()
    {
        PropertyCheck.Run(Prop.ForAll(Cases(), c =>
        {
            var flow = new LinearFlow(c.RandomA());
            var init = InitScale.FromStd(0.1, 8);
            var iv = Matrix<double>.Build.DenseIdentity(c.Vocabulary);
            var ic = Matrix<double>.Build.DenseIdentity(c.Classes);
            return Close(flow.EmbeddingKernel(0), iv, ExactTol, "K(0)")
                && Close(flow.EmbeddingCosine(0), iv, ExactTol, "cos(0)")
                && Close(flow.EarlyTimeKernel(0), iv, ExactTol, "early kernel at 0")
                && Close(flow.ExpectedEmbeddingGram(0, init), init.WidthTimesVariance * iv, ExactTol, "E[W_E^T W_E](0)")
                && Close(flow.ExpectedUnembeddingGram(0, init), init.WidthTimesVariance * ic, ExactTol, "E[W_U W_U^T](0)")
                && flow.ExpectedCrossGram(0, init).FrobeniusNorm() == 0
                && Close(flow.EmbeddingKernel(FlowTime.Steps(0, 0.3)), iv, ExactTol, "discrete K after 0 steps");
        }), Cases);
    }

    [Test]
    public void EmbeddingKernel_IsSymmetricPositiveDefinite_AndIsTheScaledExpectedGram()
    {
        var gen = from c in Cases().Generator
                  from tau in Gen.Choose(1, 30)
                  select (c, tau: tau / 10.0);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var flow = new LinearFlow(x.c.RandomA());
            double t = x.tau / flow.Sigma1;          // sigma_1 t up to 3: null-space weight e^{-6}, well conditioned
            var k = flow.EmbeddingKernel(t);
            Require((k - k.Transpose()).FrobeniusNorm() == 0, "K(t) is not symmetric");
            var eig = k.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric).EigenValues.Select(z => z.Real).ToArray();
            // Smallest eigenvalue is the null-space weight e^{-2 sigma_1 t} >= e^{-6}; rounding is ~1e-16.
            Require(eig.Min() > 0.5 * Math.Exp(-2 * flow.Sigma1 * t), $"K(t) min eigenvalue {eig.Min():E3} is not positive");
            // EmbeddingKernel is documented as e^{-2 sigma_1 t} cosh(2t sqrt(A^T A)).
            return Close(Math.Exp(2 * flow.Sigma1 * t) * k, flow.ExpectedEmbeddingGram(t, Unit), 1e-11, "e^{2 sigma_1 t} K vs Gram");
        }), Cases);
    }

    [Test]
    public void ExpectedEmbeddingGram_EarlyTime_DeviatesFromEarlyTimeKernelAtFourthOrder()
    {
        // cosh(x) - 1 - x^2/2 = x^4/24 (1 + x^2/30 + ...) with x = 2 sigma t: halving t divides the
        // error by 16 (1 + x^2/40 + ...). At sigma_1 t <= 0.1 (x <= 0.2) that is 16 * 1.001, so the
        // band [15, 17] covers it with room for rounding (the smallest error is ~1e-7, far above 1e-16).
        const double Low = 15, High = 17;
        PropertyCheck.Run(Prop.ForAll(Cases(), c =>
        {
            var flow = new LinearFlow(c.RandomA());
            var ratios = new List<double>();
            double previous = double.NaN;
            foreach (var tau in new[] { 0.1, 0.05, 0.025 })
            {
                double t = tau / flow.Sigma1;
                double err = (flow.ExpectedEmbeddingGram(t, Unit) - flow.EarlyTimeKernel(t)).FrobeniusNorm();
                if (!double.IsNaN(previous)) ratios.Add(previous / err);
                previous = err;
            }
            Require(ratios.All(r => r >= Low && r <= High), $"error ratios on halving t: {string.Join(", ", ratios.Select(r => r.ToString("F3")))}, expected about 16");
            return true;
        }), Cases);
    }

    [Test]
    public void Propagate_AgreesWithRk4IntegrationOfThetaDotEqualsBTheta()
    {
        // RK4 with sigma_1 h = 0.005 over sigma_1 t <= 3: global error about (sigma_1 h)^4 * growth ~ 1e-10.
        const double RelTol = 1e-8;
        PropertyCheck.Run(Prop.ForAll(Cases(), c =>
        {
            var a = c.RandomA();
            var flow = new LinearFlow(a);
            int d = 3;
            double t = (1 + c.Seed % 3) / flow.Sigma1;
            var we0 = Gaussian(d, c.Vocabulary, 1.0, c.Seed + 1);
            var wu0 = Gaussian(c.Classes, d, 1.0, c.Seed + 2);
            var b = Generator(a);
            var reference = Rk4(x => b * x, we0.Transpose().Stack(wu0), t, (int)Math.Ceiling(flow.Sigma1 * t / 0.005));
            return Close(flow.Propagate(t, we0, wu0), reference, RelTol, "Propagate vs RK4");
        }), 25);
    }

    [Test]
    public void ExpectedGrams_MatchMonteCarloAverageOfPropagate_WithErrorShrinkingAsOneOverSqrtDraws()
    {
        // For Gaussian columns with covariance G, E||G_hat - G||_F^2 = ((tr G)^2 + ||G||_F^2) / N over
        // N = draws * d columns. One realisation's error sits within a factor of about 2 of that;
        // [0.3, 3] leaves room. The fitted log-log slope over draws in {32 .. 2048} (a 64x range)
        // is -1/2 up to noise: over 60 random cases it ranged over [-0.77, -0.36], hence
        // [-0.85, -0.15]. sigma_1 t = 0.3 keeps G near isotropic, so many entries average the noise.
        const double RatioLow = 0.3, RatioHigh = 3, SlopeLow = -0.85, SlopeHigh = -0.15;
        PropertyCheck.Run(Prop.ForAll(Cases(4, 5), c =>
        {
            var flow = new LinearFlow(c.RandomA());
            var init = InitScale.FromStd(0.01, 4);
            double t = 0.3 / flow.Sigma1;
            int v = c.Vocabulary, cc = c.Classes;
            var g = Matrix<double>.Build.Dense(v + cc, v + cc);
            g.SetSubMatrix(0, 0, flow.ExpectedEmbeddingGram(t, init));
            g.SetSubMatrix(v, v, flow.ExpectedUnembeddingGram(t, init));
            var cross = flow.ExpectedCrossGram(t, init);
            g.SetSubMatrix(v, 0, cross);
            g.SetSubMatrix(0, v, cross.Transpose());

            var rng = new Random(c.Seed);
            var sum = Matrix<double>.Build.Dense(v + cc, v + cc);
            int done = 0;
            var draws = new[] { 32, 128, 512, 2048 };
            var errors = new List<double>();
            foreach (int n in draws)
            {
                for (; done < n; done++)
                {
                    var theta = flow.Propagate(t, Gaussian(init.Width, v, init.Std, rng.Next()), Gaussian(cc, init.Width, init.Std, rng.Next()));
                    sum += theta * theta.Transpose();
                }
                double err = RelativeError(sum / n, g);
                double predicted = Math.Sqrt((Math.Pow(g.Trace(), 2) + Math.Pow(g.FrobeniusNorm(), 2)) / (n * init.Width)) / g.FrobeniusNorm();
                Require(err / predicted >= RatioLow && err / predicted <= RatioHigh,
                    $"draws {n}: relative error {err:E3}, predicted {predicted:E3}");
                errors.Add(err);
            }
            double slope = LogLogSlope(draws.Select(x => (double)x).ToArray(), errors);
            Require(slope >= SlopeLow && slope <= SlopeHigh, $"log-log slope {slope:F3} of Monte Carlo error vs draws, expected -0.5");
            return true;
        }), 8);
    }

    [Test]
    public void EmbeddingCosine_HasUnitDiagonalAndEntriesInMinusOneOne_AndIsFiniteAtHugeTimes()
    {
        PropertyCheck.Run(Prop.ForAll(Cases(), c =>
        {
            var flow = new LinearFlow(c.RandomA());
            foreach (var t in new[] { 0.0, 0.5, 3.0, 1e3, 1e6 })
                foreach (var cos in new[] { flow.EmbeddingCosine(t), flow.EmbeddingKernel(t) })
                    Require(cos.Enumerate().All(double.IsFinite), $"non-finite entry at t = {t}");
            foreach (var t in new[] { 0.0, 0.5, 3.0, 1e3, 1e6 })
            {
                var cos = flow.EmbeddingCosine(t);
                for (int i = 0; i < c.Vocabulary; i++)
                {
                    Require(cos[i, i] == 1, $"diagonal {cos[i, i]} at t = {t}");
                    for (int j = 0; j < c.Vocabulary; j++)
                        Require(Math.Abs(cos[i, j]) <= 1 && cos[i, j] == cos[j, i], $"entry {cos[i, j]} at t = {t}");
                }
            }
            return true;
        }), Cases);
    }

    [Test]
    public void EmbeddingCosine_AtModerateTime_EqualsCosineOfTheExpectedGram()
    {
        // Both are O(1) ratios of the same finite matrix; the log-domain route differs by rounding only.
        const double RelTol = 1e-10;
        PropertyCheck.Run(Prop.ForAll(Cases(), c =>
        {
            var flow = new LinearFlow(c.RandomA());
            double t = 2 / flow.Sigma1;
            var g = flow.ExpectedEmbeddingGram(t, Unit);
            var expected = Matrix<double>.Build.Dense(c.Vocabulary, c.Vocabulary, (i, j) => g[i, j] / Math.Sqrt(g[i, i] * g[j, j]));
            return Close(flow.EmbeddingCosine(t), expected, RelTol, "log-domain cosine vs direct");
        }), Cases);
    }

    [Test]
    public void EmbeddingCosine_LateTime_CondensesToSignPatternOfV1_WhenSigma1ExceedsSigma2()
    {
        // At t = 1e6 / sigma_1 the second mode is down by e^{-2 (1 - sigma_2/sigma_1) 1e6}: zero in
        // double whenever the gap exceeds 1e-4, so only rounding remains.
        const double Tol = 1e-9;
        PropertyCheck.Run(Prop.ForAll(Cases(), c =>
        {
            var flow = new LinearFlow(c.RandomA());
            var s = flow.SingularValues;
            if (s.Length > 1 && s[1] > (1 - 1e-4) * s[0]) return true; // no gap: claim does not apply
            var v1 = flow.CondensationDirection;
            Require(v1[v1.AbsoluteMaximumIndex()] > 0, "v_1 sign convention broken");
            var cos = flow.EmbeddingCosine(1e6 / flow.Sigma1);
            for (int i = 0; i < c.Vocabulary; i++)
                for (int j = 0; j < c.Vocabulary; j++)
                {
                    if (Math.Abs(v1[i]) < 1e-6 || Math.Abs(v1[j]) < 1e-6) continue; // (near) null-space token
                    double expected = Math.Sign(v1[i] * v1[j]);
                    Require(Math.Abs(cos[i, j] - expected) <= Tol, $"cos[{i},{j}] = {cos[i, j]}, expected {expected}");
                }
            return true;
        }), Cases);
    }

    [Test]
    public void NullSpaceTokens_KeepTheirInitialisation()
    {
        // Zeroing token columns of A puts those tokens in its null space: nothing ever moves them.
        PropertyCheck.Run(Prop.ForAll(Cases(4, 7), c =>
        {
            var a = c.RandomA();
            int dead = c.Seed % c.Vocabulary;
            a.ClearColumn(dead);
            var flow = new LinearFlow(a);
            var unit = Vector<double>.Build.Dense(c.Vocabulary, i => i == dead ? 1 : 0);
            foreach (var t in new[] { 0.7, 5.0, 1e4 })
            {
                double tt = t / flow.Sigma1;
                Require((flow.EmbeddingCosine(tt).Row(dead) - unit).AbsoluteMaximum() <= 1e-12, $"cosine row of token {dead} at t = {tt} is not e_{dead}");
                Require((flow.EmbeddingKernel(tt).Row(dead) - Math.Exp(-2 * flow.Sigma1 * tt) * unit).AbsoluteMaximum() <= 1e-12, $"kernel row of token {dead} is not the scaled unit vector");
            }
            var we0 = Gaussian(3, c.Vocabulary, 1.0, c.Seed + 5);
            var wu0 = Gaussian(c.Classes, 3, 1.0, c.Seed + 6);
            var theta = flow.Propagate(2 / flow.Sigma1, we0, wu0);
            Require((theta.Row(dead) - we0.Column(dead)).AbsoluteMaximum() <= 1e-12, "a null-space token's embedding moved");
            return true;
        }), Cases);
    }

    [Test]
    public void EndOfLinearRegime_IsFiniteAndPositiveForSmallInit_AndMarksUnitLeadingModeNorm()
    {
        PropertyCheck.Run(Prop.ForAll(Cases(), c =>
        {
            var flow = new LinearFlow(c.RandomA());
            var init = InitScale.FromGamma(1.0, 64);  // d s^2 = 1/64
            double tStar = flow.EndOfLinearRegime(init);
            Require(double.IsFinite(tStar) && tStar > 0, $"t* = {tStar}");
            // At t*, v_1^T E[W_E^T W_E] v_1 = d s^2 cosh(2 sigma_1 t*) = 1 + (d s^2)^2 / 4.
            var v1 = flow.CondensationDirection;
            double lead = v1 * flow.ExpectedEmbeddingGram(tStar, init) * v1;
            double expected = 1 + Math.Pow(init.WidthTimesVariance, 2) / 4;
            Require(Math.Abs(lead - expected) <= 1e-10, $"leading-mode norm at t* is {lead}, expected {expected}");
            return true;
        }), Cases);

        var zero = new LinearFlow(Matrix<double>.Build.Dense(3, 4));
        Assert.That(zero.EndOfLinearRegime(InitScale.FromStd(1e-3, 64)), Is.EqualTo(double.PositiveInfinity));
        Assert.That(zero.EmbeddingCosine(10), Is.EqualTo(Matrix<double>.Build.DenseIdentity(4)));
        var big = new LinearFlow(Gaussian(3, 4, 1.0, 1));
        Assert.Throws<InvalidOperationException>(() => big.EndOfLinearRegime(InitScale.FromStd(1.0, 2)));
    }

    [Test]
    public void HiddenLayerEarlyTimeKernel_IsTheLinearOneWith2ReplacedBy3C1SquaredMSSquared()
    {
        PropertyCheck.Run(Prop.ForAll(Cases(), c =>
        {
            var flow = new LinearFlow(c.RandomA());
            // 3 c1^2 m s^2 = 2 (c1 = 1, m = 6, s^2 = 1/9) gives the linear model's kernel exactly.
            var same = flow.HiddenLayerEarlyTimeKernel(0.7, 1.0, 6, InitScale.FromStd(1.0 / 3, 64));
            Require((same - flow.EarlyTimeKernel(0.7)).Enumerate().Max(Math.Abs) <= 1e-12, "at 3 c1^2 m s^2 = 2 the two laws must agree");
            // Halving c1 quarters the growth.
            var full = flow.HiddenLayerEarlyTimeKernel(0.7, 1.0, 6, InitScale.FromStd(0.1, 64));
            var half = flow.HiddenLayerEarlyTimeKernel(0.7, 0.5, 6, InitScale.FromStd(0.1, 64));
            var identity = Matrix<double>.Build.DenseIdentity(full.RowCount);
            Require(((full - identity) / 4 - (half - identity)).Enumerate().Max(Math.Abs) <= 1e-15, "growth must scale as c1^2");
            return true;
        }), Cases);
    }

    [Test]
    public void WidthTimesVarianceEndingAt_InvertsEndOfLinearRegime()
    {
        PropertyCheck.Run(Prop.ForAll(Cases(), c =>
        {
            var flow = new LinearFlow(c.RandomA());
            foreach (double std in new[] { 1e-4, 1e-3, 1e-2, 0.1 })
            {
                var init = InitScale.FromStd(std, 64);
                double back = flow.WidthTimesVarianceEndingAt(flow.EndOfLinearRegime(init));
                Require(Math.Abs(back / init.WidthTimesVariance - 1) <= 1e-12, $"std {std}: d s^2 {init.WidthTimesVariance}, back {back}");
            }
            return true;
        }), Cases);
    }

    [Test]
    public void EarlyTimeKernel_OffDiagonal_IsTwoTSquaredTimesLabelSignatureInnerProducts()
    {
        // THEORY 3.1: the early off-diagonal structure is pi_i pi_j <l_i - u, l_j - u>, with
        // pi_s = E[n_s] and l_s(y) = E[n_s 1{Y = y}] / pi_s computed here straight from the samples.
        const double Tol = 1e-13;   // sums of a dozen weighted products
        PropertyCheck.Run(Prop.ForAll(Cases(), c =>
        {
            var (a, _, population) = c.PopulationSignatures();
            var flow = new LinearFlow(a);
            double t = 0.37;
            var pi = new double[c.Vocabulary];
            var joint = new double[c.Vocabulary, c.Classes];
            foreach (var s in population.Samples)
                foreach (var tok in s.Tokens) { pi[tok] += s.Weight; joint[tok, s.Label] += s.Weight; }
            var k = flow.EarlyTimeKernel(t);
            for (int i = 0; i < c.Vocabulary; i++)
                for (int j = 0; j < c.Vocabulary; j++)
                {
                    if (i == j || pi[i] == 0 || pi[j] == 0) continue;   // unseen tokens have no signature
                    double inner = 0;
                    for (int y = 0; y < c.Classes; y++)
                        inner += (joint[i, y] / pi[i] - 1.0 / c.Classes) * (joint[j, y] / pi[j] - 1.0 / c.Classes);
                    double expected = 2 * t * t * pi[i] * pi[j] * inner;
                    Require(Math.Abs(k[i, j] - expected) <= Tol, $"K[{i},{j}] = {k[i, j]}, signature prediction {expected}");
                }
            return true;
        }), Cases);
    }
}
