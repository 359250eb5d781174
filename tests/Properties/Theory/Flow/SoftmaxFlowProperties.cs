using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Tests.Properties.Support;
using ProbSig.Theory.Flow;
using ProbSig.Theory.Populations;
using static ProbSig.Tests.Properties.Theory.Flow.FlowTestData;

namespace ProbSig.Tests.Properties.Theory.Flow;

/// <summary>
/// The closed form of THEORY 3.1 against the exact softmax cross-entropy gradient flow of
/// z = W_U W_E n(X) on a small population. The neglected terms are O(z) = O(d s^2) relative,
/// so at fixed flow time t the relative error should fall as s^2.
/// </summary>
[TestFixture]
public sealed class SoftmaxFlowProperties
{
    // Expected slope 2. Measured over s in {1e-2, 3e-3, 1e-3} on five random populations
    // (V = 5, C = 3, d = 6, sigma_1 t = 1.5): 1.994 to 1.999, relative errors about 1e-3 to 8e-3
    // at s = 1e-2. The band allows the next order (s^4) at the largest s.
    private const double SlopeLow = 1.8, SlopeHigh = 2.2;

    [Test]
    public void ExactSoftmaxFlow_StaysWithinOrderInitScaleSquared_OfClosedForm()
    {
        var gen = from seed in Gen.Choose(0, 1_000_000) select new FlowCase(3, 5, seed);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var (a, _, population) = c.PopulationSignatures(12);
            var flow = new LinearFlow(a);
            const int d = 6;
            double t = 1.5 / flow.Sigma1;                   // well inside t* for every s below
            int steps = 1500;                                // RK4 at sigma_1 h = 1e-3: error ~1e-13 relative
            var scales = new[] { 1e-2, 3e-3, 1e-3 };
            var errors = new List<double>();
            foreach (double s in scales)
            {
                var we0 = Gaussian(d, c.Vocabulary, s, c.Seed + 1);
                var wu0 = Gaussian(c.Classes, d, s, c.Seed + 2);
                var closed = flow.Propagate(t, we0, wu0);
                var exact = Rk4(theta => SoftmaxFlowRate(theta, population, d), we0.Transpose().Stack(wu0), t, steps);
                errors.Add(RelativeError(exact, closed));
            }
            double slope = LogLogSlope(scales, errors);
            TestContext.Out.WriteLine($"seed {c.Seed}: sigma_1 {flow.Sigma1:F4}, errors {string.Join(", ", errors.Select(e => e.ToString("E3")))}, slope {slope:F3}");
            Require(slope >= SlopeLow && slope <= SlopeHigh, $"log-log slope {slope:F3} of |exact - closed form| vs s, expected 2; errors {string.Join(", ", errors.Select(e => e.ToString("E3")))}");
            return true;
        }), 5);
    }

    /// <summary>d Theta/dt = -dL/dTheta for Theta = [W_E^T; W_U] with the exact softmax gradients
    /// dL/dW_U = G W_E^T, dL/dW_E = W_U^T G, G = E[(p - e_Y) n^T].</summary>
    private static Matrix<double> SoftmaxFlowRate(Matrix<double> theta, Population population, int d)
    {
        int v = population.VocabularySize, c = population.ClassCount;
        var weT = theta.SubMatrix(0, v, 0, d);   // V x d
        var wu = theta.SubMatrix(v, c, 0, d);    // C x d
        var g = Matrix<double>.Build.Dense(c, v);
        foreach (var sample in population.Samples)
        {
            var n = Counts(sample.Tokens, v);
            var z = wu * (weT.TransposeThisAndMultiply(n));       // C
            double max = z.Maximum();
            var p = z.Map(x => Math.Exp(x - max));
            p /= p.Sum();
            p[sample.Label] -= 1;                                   // p - e_Y
            g += sample.Weight * p.OuterProduct(n);
        }
        var dWeT = -(g.TransposeThisAndMultiply(wu));             // -(W_U^T G)^T = -G^T W_U, V x d
        var dWu = -(g * weT);                                       // -G W_E^T, C x d
        return dWeT.Stack(dWu);
    }
}
