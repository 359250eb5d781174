using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Tests.Properties.Support;
using ProbSig.Theory.Flow;
using static ProbSig.Tests.Properties.Theory.Flow.FlowTestData;

namespace ProbSig.Tests.Properties.Theory.Flow;

/// <summary>Gradient descent claims of THEORY 3.1: Theta_k = (I + eta B)^k Theta(0), so
/// E[Gram] = d s^2 (I + eta B)^{2k}; step k with step size eta is flow time t = k * eta.</summary>
[TestFixture]
public sealed class LinearFlowDiscreteProperties
{
    private const int Cases = 40;
    private static readonly InitScale Unit = InitScale.FromStd(1.0, 1);

    [Test]
    public void DiscreteGrams_EqualBlocksOfDirectMatrixPowerOfIPlusEtaB()
    {
        // (I + eta B)^{2k} by repeated products of a small matrix: relative rounding ~ k * 1e-16
        // times the growth ratio, far below 1e-10.
        const double RelTol = 1e-10;
        var gen = from c in Cases().Generator
                  from k in Gen.Choose(0, 25)
                  from e in Gen.Choose(1, 40)
                  select (c, k, eta: e / 40.0);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var a = x.c.RandomA();
            var flow = new LinearFlow(a);
            int v = x.c.Vocabulary, cc = x.c.Classes;
            double eta = x.eta / flow.Sigma1;            // eta sigma_1 in (0, 1]: both |1 +- eta sigma| regimes
            var step = Matrix<double>.Build.DenseIdentity(v + cc) + eta * Generator(a);
            var power = Matrix<double>.Build.DenseIdentity(v + cc);
            for (int i = 0; i < 2 * x.k; i++) power = power * step;
            var init = InitScale.FromStd(0.05, 16);
            double ds2 = init.WidthTimesVariance;
            Close(flow.ExpectedEmbeddingGram(FlowTime.Steps(x.k, eta), init), ds2 * power.SubMatrix(0, v, 0, v), RelTol, "V x V block");
            Close(flow.ExpectedUnembeddingGram(FlowTime.Steps(x.k, eta), init), ds2 * power.SubMatrix(v, cc, v, cc), RelTol, "C x C block");
            if (x.k > 0) Close(flow.ExpectedCrossGram(FlowTime.Steps(x.k, eta), init), ds2 * power.SubMatrix(v, cc, 0, v), RelTol, "C x V block");
            // The scaled kernel is the V x V block divided by (1 + eta sigma_1)^{2k}.
            double scale = Math.Pow(1 + eta * flow.Sigma1, 2 * x.k);
            return Close(scale * flow.EmbeddingKernel(FlowTime.Steps(x.k, eta)), power.SubMatrix(0, v, 0, v), RelTol, "scaled discrete kernel");
        }), Cases);
    }

    [Test]
    public void DiscreteGram_TendsToContinuous_WithErrorLinearInStepAtFixedTime()
    {
        // (1 + eta s)^{2t/eta} = e^{2st} (1 - t s^2 eta + O(eta^2)): the error is first order in eta,
        // so halving eta halves it; the O(eta^2) term moves the slope by about t sigma_1^2 eta,
        // under 0.05 at eta sigma_1 <= 0.02, hence the band [0.9, 1.1]. Measured over 40 cases
        // (sigma_1 t = 1, k in {50 .. 400}): 0.990 to 0.991.
        const double SlopeLow = 0.9, SlopeHigh = 1.1;
        PropertyCheck.Run(Prop.ForAll(Cases(), c =>
        {
            var flow = new LinearFlow(c.RandomA());
            double t = 1.0 / flow.Sigma1;
            var continuous = new[] { flow.ExpectedEmbeddingGram(t, Unit), flow.ExpectedUnembeddingGram(t, Unit), flow.ExpectedCrossGram(t, Unit) };
            var etas = new List<double>();
            var errors = new List<double>();
            foreach (int k in new[] { 50, 100, 200, 400 })
            {
                double eta = t / k;
                var discrete = new[] { flow.ExpectedEmbeddingGram(FlowTime.Steps(k, eta), Unit), flow.ExpectedUnembeddingGram(FlowTime.Steps(k, eta), Unit), flow.ExpectedCrossGram(FlowTime.Steps(k, eta), Unit) };
                etas.Add(eta);
                errors.Add(Enumerable.Range(0, 3).Max(i => RelativeError(discrete[i], continuous[i])));
            }
            double slope = LogLogSlope(etas, errors);
            TestContext.Out.WriteLine($"DISCRETE slope {slope:F4} errors {string.Join(", ", errors.Select(e => e.ToString("E2")))}");
            Require(slope >= SlopeLow && slope <= SlopeHigh, $"log-log slope {slope:F3} of discrete-vs-continuous error in eta; errors {string.Join(", ", errors.Select(e => e.ToString("E2")))}");
            Require(errors[^1] < 0.02, $"error {errors[^1]:E2} at eta sigma_1 = 1/400 is not small");
            return true;
        }), Cases);
    }

    [Test]
    public void DiscreteCosine_HasUnitDiagonalAndBoundedEntries_ForHugeStepCounts()
    {
        PropertyCheck.Run(Prop.ForAll(Cases(), c =>
        {
            var flow = new LinearFlow(c.RandomA());
            foreach (int k in new[] { 0, 10, 100_000, 1_000_000_000 })
                foreach (double etaSigma in new[] { 0.01, 1.0, 2.5 })
                {
                    double eta = etaSigma / flow.Sigma1;
                    var cos = flow.EmbeddingCosine(FlowTime.Steps(k, eta));
                    var kernel = flow.EmbeddingKernel(FlowTime.Steps(k, eta));
                    Require(kernel.Enumerate().All(double.IsFinite), $"kernel non-finite at k = {k}, eta sigma_1 = {etaSigma}");
                    for (int i = 0; i < c.Vocabulary; i++)
                    {
                        Require(cos[i, i] == 1, $"diagonal {cos[i, i]} at k = {k}");
                        for (int j = 0; j < c.Vocabulary; j++)
                            Require(double.IsFinite(cos[i, j]) && Math.Abs(cos[i, j]) <= 1, $"entry {cos[i, j]} at k = {k}, eta sigma_1 = {etaSigma}");
                    }
                }
            return true;
        }), 20);
    }
}
