using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Tests.Properties.Support;
using ProbSig.Theory.Flow;
using ProbSig.Theory.Populations;
using static ProbSig.Tests.Properties.Theory.Flow.FlowTestData;

namespace ProbSig.Tests.Properties.Theory.Flow;

/// <summary>Tied embeddings (THEORY 3.1): dW/dt = W (A + A^T) to leading order, so
/// E[W^T W](t) = d s^2 exp(2t (A + A^T)). t is flow time (t = k * eta for gradient descent).</summary>
[TestFixture]
public sealed class TiedLinearFlowProperties
{
    private const int Cases = 40;
    private static readonly InitScale Unit = InitScale.FromStd(1.0, 1);
    private static Arbitrary<FlowCase> SquareCases() =>
        (from v in Gen.Choose(2, 7) from seed in Gen.Choose(0, 1_000_000) select new FlowCase(v, v, seed)).ToArbitrary();

    [Test]
    public void TiedKernel_AtTimeZero_IsIdentity_AndIsSymmetricWithFiniteCosinesAtAnyTime()
    {
        // Eigenvector rounding only: Q diag(1) Q^T = I to a few ulps.
        const double ExactTol = 1e-12;
        PropertyCheck.Run(Prop.ForAll(SquareCases(), c =>
        {
            var flow = new TiedLinearFlow(c.RandomA());
            var identity = Matrix<double>.Build.DenseIdentity(c.Vocabulary);
            Close(flow.Kernel(0), identity, ExactTol, "tied K(0)");
            Close(flow.Cosine(0), identity, ExactTol, "tied cos(0)");
            foreach (var t in new[] { 0.0, 0.3, 2.0, 1e3, 1e6 })
            {
                var k = flow.Kernel(t);
                var cos = flow.Cosine(t);
                Require((k - k.Transpose()).FrobeniusNorm() == 0 && (cos - cos.Transpose()).FrobeniusNorm() == 0, $"not symmetric at t = {t}");
                Require(k.Enumerate().All(double.IsFinite), $"kernel not finite at t = {t}");
                for (int i = 0; i < c.Vocabulary; i++)
                {
                    Require(cos[i, i] == 1, $"cosine diagonal {cos[i, i]} at t = {t}");
                    for (int j = 0; j < c.Vocabulary; j++)
                        Require(double.IsFinite(cos[i, j]) && Math.Abs(cos[i, j]) <= 1, $"cosine entry {cos[i, j]} at t = {t}");
                }
            }
            return true;
        }), Cases);
    }

    [Test]
    public void TiedExpectedGram_EqualsWTransposeW_OfRk4FlowFromIdentity()
    {
        // From W(0) = I the flow is deterministic, W(t) = exp(tS), and W^T W = exp(2tS): the same
        // matrix as the expected Gram at d s^2 = 1. RK4 at mu_max h = 0.005: error ~1e-10.
        const double RelTol = 1e-8;
        PropertyCheck.Run(Prop.ForAll(SquareCases(), c =>
        {
            var a = c.RandomA();
            var flow = new TiedLinearFlow(a);
            var s = a + a.Transpose();
            double rate = flow.Eigenvalues.Max(Math.Abs);
            double t = 1.0 / rate;
            var w = Rk4(x => x * s, Matrix<double>.Build.DenseIdentity(c.Vocabulary), t, 200);
            var gram = flow.ExpectedGram(t, Unit);
            Close(gram, w.TransposeThisAndMultiply(w), RelTol, "exp(2tS) vs RK4");
            return Close(Math.Exp(2 * flow.TopEigenvalue * t) * flow.Kernel(t), gram, 1e-11, "scaled kernel vs Gram");
        }), Cases);
    }

    [Test]
    public void ExactTiedSoftmaxFlow_StaysWithinOrderInitScaleSquared_OfClosedForm()
    {
        // As for untied weights: the neglected softmax terms are O(d s^2) relative, slope 2.
        // Measured (V = C = 4, d = 6, mu t = 1, s in {1e-2, 3e-3, 1e-3}): 1.999 to 2.000.
        const double SlopeLow = 1.8, SlopeHigh = 2.2;
        var gen = from seed in Gen.Choose(0, 1_000_000) select seed;
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), seed =>
        {
            const int v = 4, d = 6;
            var (a, _, population) = DirectSignatures(RandomPopulation(v, v, 10, seed));
            var flow = new TiedLinearFlow(a);
            double rate = flow.Eigenvalues.Max(Math.Abs);
            double t = 1.0 / rate;
            var scales = new[] { 1e-2, 3e-3, 1e-3 };
            var errors = new List<double>();
            foreach (double s in scales)
            {
                var w0 = Gaussian(d, v, s, seed + 1);
                var closed = w0 * flow.ExpectedGram(t / 2, Unit);   // W(0) exp(tS), and exp(tS) = exp(2 (t/2) S)
                var exact = Rk4(w => TiedRate(w, population), w0, t, 1000);
                errors.Add(RelativeError(exact, closed));
            }
            double slope = LogLogSlope(scales, errors);
            TestContext.Out.WriteLine($"tied seed {seed}: errors {string.Join(", ", errors.Select(e => e.ToString("E3")))}, slope {slope:F3}");
            Require(slope >= SlopeLow && slope <= SlopeHigh, $"log-log slope {slope:F3}, expected 2; errors {string.Join(", ", errors.Select(e => e.ToString("E3")))}");
            return true;
        }), 4);
    }

    [Test]
    public void EndOfLinearRegime_IsWhereTheExpectedGramsTopEigenvalueReachesTwo()
    {
        // t* = ln(2 / (d s^2)) / (2 mu_max), so d s^2 e^{2 mu_max t*} = 2: read off the Gram itself.
        var init = InitScale.FromGamma(1.0, 64);  // d s^2 = 1/64
        PropertyCheck.Run(Prop.ForAll(SquareCases(), c =>
        {
            var flow = new TiedLinearFlow(c.RandomA());
            if (flow.TopEigenvalue <= 0) return double.IsPositiveInfinity(flow.EndOfLinearRegime(init));
            double tStar = flow.EndOfLinearRegime(init);
            double top = flow.ExpectedGram(tStar, init).Evd(Symmetricity.Symmetric).EigenValues.Max(z => z.Real);
            Require(tStar > 0 && Math.Abs(top - 2) <= 1e-10, $"t* = {tStar}: top Gram eigenvalue {top}, expected 2");
            Require(flow.TryEndOfLinearRegime(init, out var again) && again == tStar, "Try and the throwing form disagree");
            return true;
        }), Cases);

        // Nothing grows when A + A^T is negative definite: the regime never ends.
        var shrinking = new TiedLinearFlow(-Matrix<double>.Build.DenseIdentity(3));
        Assert.That(shrinking.EndOfLinearRegime(init), Is.EqualTo(double.PositiveInfinity));
        // d s^2 >= 2 is no small initialisation.
        var flow = new TiedLinearFlow(Matrix<double>.Build.DenseIdentity(3));
        Assert.Throws<InvalidOperationException>(() => flow.EndOfLinearRegime(InitScale.FromStd(1.0, 2)));
        Assert.That(flow.TryEndOfLinearRegime(InitScale.FromStd(1.0, 2), out var none), Is.False);
        Assert.That(none, Is.NaN);
    }

    /// <summary>dW/dt = -W (G + G^T), G = E[(p - e_Y) n^T], z = W^T W n.</summary>
    private static Matrix<double> TiedRate(Matrix<double> w, Population population)
    {
        int v = population.VocabularySize;
        var g = Matrix<double>.Build.Dense(v, v);
        foreach (var sample in population.Samples)
        {
            var n = Counts(sample.Tokens, v);
            var z = w.TransposeThisAndMultiply(w * n);
            double max = z.Maximum();
            var p = z.Map(x => Math.Exp(x - max));
            p /= p.Sum();
            p[sample.Label] -= 1;
            g += sample.Weight * p.OuterProduct(n);
        }
        return -(w * (g + g.Transpose()));
    }
}
