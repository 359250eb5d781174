using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Tests.Properties.Support;
using ProbSig.Theory.Flow;
using ProbSig.Theory.Populations;
using ProbSig.Theory.Signatures;
using static ProbSig.Tests.Properties.Theory.Flow.FlowTestData;
using static ProbSig.Tests.Properties.Theory.Flow.MlpFlowReference;

namespace ProbSig.Tests.Properties.Theory.Flow;

/// <summary>
/// The truncated small-init flow of the embedding MLP (THEORY 3.3) against independent
/// computations: the closed form at c2 = 0, the exact gradient of the loss linearised at
/// p = u, the exact softmax gradient, and the exact softmax gradient flow.
/// </summary>
[TestFixture]
public sealed class TruncatedMlpFlowProperties
{
    private static (TruncatedMlpFlow Flow, SignatureSet Set, Population Population) Build(FlowCase c, Activation act, int samples = 12)
    {
        var population = RandomPopulation(c.Vocabulary, c.Classes, samples, c.Seed);
        var set = SignatureSet.Compute(population, FeatureMap.Counts(c.Vocabulary));
        return (new TruncatedMlpFlow(set.A, set.T, act), set, population);
    }

    [Test]
    public void JointTensor_IsSymmetricInItsTwoTokenIndices()
    {
        PropertyCheck.Run(Prop.ForAll(Cases(), c =>
        {
            var (_, set, _) = Build(c, Activation.Gelu);
            foreach (var (s, s2, column) in set.T.NonZero)
                for (int y = 0; y < column.Length; y++)
                    Require(column[y] == set.T[y, s2, s], $"T[{y},{s},{s2}] = {column[y]} but T[{y},{s2},{s}] = {set.T[y, s2, s]}");
            return true;
        }), 50);
    }

    // The pair-flattened Q and R against the two sums of THEORY 3.3 written out densely,
    // reading T through its indexer in the order the formulas give.
    [Test]
    public void QuadraticTerms_EqualTheirDenseSums()
    {
        PropertyCheck.Run(Prop.ForAll(Cases(), c =>
        {
            var (flow, set, _) = Build(c, Activation.Gelu);
            const int d = 3;
            var we = Gaussian(d, c.Vocabulary, 1.0, c.Seed + 1);
            var wu = Gaussian(c.Classes, d, 1.0, c.Seed + 2);
            var q = Matrix<double>.Build.Dense(c.Classes, d);
            var r = Matrix<double>.Build.Dense(d, c.Vocabulary);
            for (int y = 0; y < c.Classes; y++)
                for (int k = 0; k < d; k++)
                    for (int s = 0; s < c.Vocabulary; s++)
                        for (int s2 = 0; s2 < c.Vocabulary; s2++)
                        {
                            q[y, k] += set.T[y, s, s2] * we[k, s] * we[k, s2];
                            r[k, s] += wu[y, k] * we[k, s2] * set.T[y, s2, s];
                        }
            Close(flow.Q(we), q, 1e-12, "Q");
            return Close(flow.R(wu, we), r, 1e-12, "R");
        }), 50);
    }

    // With act(x) = c1 x + c2 x^2 and the softmax frozen at u the truncated rates are not an
    // approximation but the exact gradient, for weights of any size: central differences of
    // a cubic have error step^2 f'''/6 ~ 1e-10 at step 1e-5, rounding ~1e-11; tolerance 1e-7.
    [Test]
    public void Rates_AreTheExactGradientOfTheLossLinearisedAtUniform_ForTheQuadraticActivation()
    {
        var gen = from c in Cases(4, 6).Generator
                  from c1 in Gen.Choose(-100, 100)
                  from c2 in Gen.Choose(-100, 100)
                  select (c, c1 / 50.0, c2 / 50.0);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var (c, c1, c2) = x;
            var (flow, _, population) = Build(c, new Activation("poly", c1, c2, 0.0));
            const int d = 4;
            var we = Gaussian(d, c.Vocabulary, 1.0, c.Seed + 1);
            var wu = Gaussian(c.Classes, d, 1.0, c.Seed + 2);
            var (de, du) = flow.Rates(we, wu);
            var (fe, fu) = LinearisedRate(we, wu, population, c1, c2, 1e-5);
            Close(de, fe, 1e-7, "dW_E/dt");
            return Close(du, fu, 1e-7, "dW_U/dt");
        }), 50);
    }

    // Softmax corrections: against the exact cross-entropy gradient at init scale s, the
    // truncated rates miss only O(s^3) terms (relative O(s^2)) and the leading order misses the
    // c2 terms (relative O(s)). Measured over s in {1e-2, 1e-3, 1e-4}, five cases (V = 5, C = 3,
    // d = 6), quadratic activation with GELU's coefficients: slopes 1.995 to 2.004 and 0.998 to
    // 1.005 (relative errors ~1e-4 and ~2e-2 at s = 1e-2). Bands 1.8-2.2 and 0.9-1.1.
    [Test]
    public void Rates_MatchTheExactSoftmaxGradient_ToRelativeOrderInitScaleSquared()
    {
        double c1 = Activation.Gelu.C1, c2 = Activation.Gelu.C2;
        var gen = from seed in Gen.Choose(0, 1_000_000) select new FlowCase(3, 5, seed);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var (flow, _, population) = Build(c, Activation.Gelu);
            var leading = flow.LeadingOrder();
            const int d = 6;
            var scales = new[] { 1e-2, 1e-3, 1e-4 };
            var truncatedErrors = new List<double>();
            var leadingErrors = new List<double>();
            foreach (double s in scales)
            {
                var we = Gaussian(d, c.Vocabulary, s, c.Seed + 1);
                var wu = Gaussian(c.Classes, d, s, c.Seed + 2);
                var exact = ExactRate(we.Transpose().Stack(wu), population, d, x => c1 * x + c2 * x * x, x => c1 + 2 * c2 * x);
                var (te, tu) = flow.Rates(we, wu);
                var (le, lu) = leading.Rates(we, wu);
                truncatedErrors.Add(RelativeError(te.Transpose().Stack(tu), exact));
                leadingErrors.Add(RelativeError(le.Transpose().Stack(lu), exact));
            }
            double truncatedSlope = LogLogSlope(scales, truncatedErrors), leadingSlope = LogLogSlope(scales, leadingErrors);
            TestContext.Out.WriteLine($"seed {c.Seed}: truncated slope {truncatedSlope:F3} ({Format(truncatedErrors)}), leading slope {leadingSlope:F3} ({Format(leadingErrors)})");
            Require(truncatedSlope is >= 1.8 and <= 2.2, $"truncated-rate error slope {truncatedSlope:F3}, expected 2: {Format(truncatedErrors)}");
            Require(leadingSlope is >= 0.9 and <= 1.1, $"leading-rate error slope {leadingSlope:F3}, expected 1: {Format(leadingErrors)}");
            return true;
        }), 5);
    }

    // c2 = 0 leaves the linear flow with time scaled by c1: exp(c1 t B) Theta(0). RK4 at
    // c1 sigma_1 h = 2.5e-3 has relative error far below 1e-8 over sigma_1 t <= 3.
    [Test]
    public void LeadingOrder_EqualsTheClosedFormWithTimeScaledByC1()
    {
        var gen = from c in Cases().Generator
                  from act in Gen.Elements(Activation.Tanh, Activation.Gelu, Activation.Silu)
                  select (c, act);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var (c, act) = x;
            var (flow, set, _) = Build(c, act);
            var linear = new LinearFlow(set.A);
            if (linear.Sigma1 == 0) return true;
            const int d = 3;
            var we = Gaussian(d, c.Vocabulary, 0.1, c.Seed + 1);
            var wu = Gaussian(c.Classes, d, 0.1, c.Seed + 2);
            var times = new[] { 0.0, 1.0 / (act.C1 * linear.Sigma1), 3.0 / (act.C1 * linear.Sigma1) };
            double h = 2.5e-3 / (act.C1 * linear.Sigma1);
            var states = flow.LeadingOrder().Integrate(we, wu, times, h);
            foreach (var state in states)
                Close(state.Embedding.Transpose().Stack(state.Unembedding), linear.Propagate(act.C1 * state.Time, we, wu), 1e-8, $"t = {state.Time}");
            return true;
        }), 30);
    }

    // The gradient descent map with c2 = 0 is Theta_k = (I + eta c1 B)^k Theta(0) exactly.
    [Test]
    public void LeadingOrderIteration_EqualsPowersOfTheDiscreteGenerator()
    {
        PropertyCheck.Run(Prop.ForAll(Cases(), c =>
        {
            var (flow, set, _) = Build(c, Activation.Gelu);
            const int d = 3;
            var we = Gaussian(d, c.Vocabulary, 0.1, c.Seed + 1);
            var wu = Gaussian(c.Classes, d, 0.1, c.Seed + 2);
            const double eta = 0.3;
            var states = flow.LeadingOrder().Iterate(we, wu, new[] { 0, 7, 20 }, eta);
            var step = Matrix<double>.Build.DenseIdentity(c.Vocabulary + c.Classes) + eta * 0.5 * Generator(set.A);
            foreach (var state in states)
            {
                int k = (int)Math.Round(state.Time / eta);
                Close(state.Embedding.Transpose().Stack(state.Unembedding), step.Power(k) * we.Transpose().Stack(wu), 1e-12, $"k = {k}");
            }
            return true;
        }), 30);
    }

    // The point of the truncated flow: against the exact softmax flow of the GELU embedding
    // MLP at a fixed flow time, its error falls like s^2 while the leading order's falls like s.
    // Measured over s in {1e-2, 3e-3, 1e-3}, five cases (V = 5, C = 3, d = 6, c1 sigma_1 t = 1.5):
    // truncated slopes 1.90 to 2.05 (errors 5e-4 to 3e-3 at s = 1e-2), leading slopes 0.99 to
    // 1.00 (errors 3e-2 to 8e-2). Bands 1.8-2.2 and 0.85-1.15: the truncated band leaves room
    // for the O(s^3) remainder at the largest s, which bent one slope to 1.90.
    [Test]
    public void TruncatedFlow_TracksTheExactGeluFlow_ToOrderInitScaleSquared_LeadingOrderOnlyToOrderS()
    {
        var act = Activation.Gelu;
        var gen = from seed in Gen.Choose(0, 1_000_000) select new FlowCase(3, 5, seed);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var (flow, set, population) = Build(c, act);
            double sigma1 = new LinearFlow(set.A).Sigma1;
            const int d = 6;
            double t = 1.5 / (act.C1 * sigma1);
            const int steps = 300;                          // c1 sigma_1 h = 5e-3: RK4 error ~1e-12
            var scales = new[] { 1e-2, 3e-3, 1e-3 };
            var truncatedErrors = new List<double>();
            var leadingErrors = new List<double>();
            foreach (double s in scales)
            {
                var we = Gaussian(d, c.Vocabulary, s, c.Seed + 1);
                var wu = Gaussian(c.Classes, d, s, c.Seed + 2);
                var exact = Rk4(theta => ExactRate(theta, population, d, Gelu, GeluPrime), we.Transpose().Stack(wu), t, steps);
                var truncated = flow.Integrate(we, wu, new[] { t }, t / steps)[0];
                var leading = flow.LeadingOrder().Integrate(we, wu, new[] { t }, t / steps)[0];
                truncatedErrors.Add(RelativeError(truncated.Embedding.Transpose().Stack(truncated.Unembedding), exact));
                leadingErrors.Add(RelativeError(leading.Embedding.Transpose().Stack(leading.Unembedding), exact));
            }
            double truncatedSlope = LogLogSlope(scales, truncatedErrors), leadingSlope = LogLogSlope(scales, leadingErrors);
            TestContext.Out.WriteLine($"seed {c.Seed}: truncated slope {truncatedSlope:F3} ({Format(truncatedErrors)}), leading slope {leadingSlope:F3} ({Format(leadingErrors)})");
            Require(truncatedSlope is >= 1.8 and <= 2.2, $"truncated-flow error slope {truncatedSlope:F3}, expected 2: {Format(truncatedErrors)}");
            Require(leadingSlope is >= 0.85 and <= 1.15, $"leading-order error slope {leadingSlope:F3}, expected 1: {Format(leadingErrors)}");
            for (int i = 0; i < scales.Length; i++)
                Require(truncatedErrors[i] < leadingErrors[i], $"at s = {scales[i]} the truncated flow ({truncatedErrors[i]:E3}) is not closer than the leading order ({leadingErrors[i]:E3})");
            return true;
        }), 5);
    }

    // tanh has c2 = 0: truncated and leading order are one flow, and it tracks the exact tanh
    // flow to O(s^2) (the first neglected terms are c3 = -1/3 and the softmax's). Measured
    // slopes 1.994 to 1.999 over the same five cases; band 1.8-2.2.
    [Test]
    public void ForTanh_TruncatedAndLeadingOrderCoincide_AndTrackTheExactFlowToOrderInitScaleSquared()
    {
        var act = Activation.Tanh;
        var gen = from seed in Gen.Choose(0, 1_000_000) select new FlowCase(3, 5, seed);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var (flow, set, population) = Build(c, act);
            double sigma1 = new LinearFlow(set.A).Sigma1;
            const int d = 6;
            double t = 1.5 / sigma1;
            const int steps = 300;
            var scales = new[] { 1e-2, 3e-3, 1e-3 };
            var errors = new List<double>();
            foreach (double s in scales)
            {
                var we = Gaussian(d, c.Vocabulary, s, c.Seed + 1);
                var wu = Gaussian(c.Classes, d, s, c.Seed + 2);
                var exact = Rk4(theta => ExactRate(theta, population, d, Math.Tanh, TanhPrime), we.Transpose().Stack(wu), t, steps);
                var truncated = flow.Integrate(we, wu, new[] { t }, t / steps)[0];
                var leading = flow.LeadingOrder().Integrate(we, wu, new[] { t }, t / steps)[0];
                Close(truncated.Embedding, leading.Embedding, 0, "tanh: truncated vs leading W_E");
                errors.Add(RelativeError(truncated.Embedding.Transpose().Stack(truncated.Unembedding), exact));
            }
            double slope = LogLogSlope(scales, errors);
            TestContext.Out.WriteLine($"seed {c.Seed}: slope {slope:F3} ({Format(errors)})");
            Require(slope is >= 1.8 and <= 2.2, $"tanh flow error slope {slope:F3}, expected 2: {Format(errors)}");
            return true;
        }), 5);
    }

    // The gradient descent map is the Euler scheme of the flow: its distance to the RK4 flow at
    // fixed t = k eta falls like eta as the step shrinks. Measured slopes 0.988 to 0.999 over
    // the 30 cases (init std 0.05, c1 sigma_1 t = 1, k in {100, 200, 400}); band 0.85-1.15.
    [Test]
    public void GradientDescentMap_TendsToTheFlow_AsTheStepShrinks()
    {
        PropertyCheck.Run(Prop.ForAll(Cases(4, 6), c =>
        {
            var (flow, set, _) = Build(c, Activation.Gelu);
            double sigma1 = new LinearFlow(set.A).Sigma1;
            if (sigma1 == 0) return true;
            const int d = 3;
            var we = Gaussian(d, c.Vocabulary, 0.05, c.Seed + 1);
            var wu = Gaussian(c.Classes, d, 0.05, c.Seed + 2);
            double t = 1.0 / (Activation.Gelu.C1 * sigma1);
            var reference = flow.Integrate(we, wu, new[] { t }, t / 1000)[0];
            var steps = new[] { 100, 200, 400 };
            var errors = steps.Select(k =>
            {
                var state = flow.Iterate(we, wu, new[] { k }, t / k)[0];
                return RelativeError(state.Embedding.Transpose().Stack(state.Unembedding), reference.Embedding.Transpose().Stack(reference.Unembedding));
            }).ToArray();
            double slope = -LogLogSlope(steps.Select(k => (double)k).ToArray(), errors);
            TestContext.Out.WriteLine($"seed {c.Seed}: slope {slope:F3} ({Format(errors)})");
            Require(slope is >= 0.85 and <= 1.15, $"Euler-to-RK4 error slope {slope:F3} in eta, expected 1: {Format(errors)}");
            return true;
        }), 30);
    }

    [Test]
    public void ActivationCoefficients_MatchTheFunctionsNearZero()
    {
        const double x = 1e-3;
        (Activation Act, Func<double, double> F)[] cases =
        {
            (Activation.Tanh, Math.Tanh),
            (Activation.Gelu, Gelu),
            (Activation.Silu, z => z / (1 + Math.Exp(-z))),
        };
        foreach (var (act, f) in cases)
        {
            double c1 = (f(x) - f(-x)) / (2 * x), c2 = (f(x) + f(-x)) / (2 * x * x);
            Assert.That(c1, Is.EqualTo(act.C1).Within(1e-5), $"{act.Name} c1");
            Assert.That(c2, Is.EqualTo(act.C2).Within(1e-5), $"{act.Name} c2");
        }
    }

    [Test]
    public void Relu_IsRejectedWithAReason()
    {
        var (_, set, _) = Build(new FlowCase(3, 5, 1), Activation.Gelu);
        Assert.That(Activation.ForName("ReLU"), Is.SameAs(Activation.Relu));
        var ex = Assert.Throws<ArgumentException>(() => new TruncatedMlpFlow(set.A, set.T, Activation.Relu));
        Assert.That(ex!.Message, Does.Contain("no Taylor expansion"));
        Assert.That(Activation.ForName("GELU"), Is.SameAs(Activation.Gelu));
        Assert.That(Assert.Throws<ArgumentException>(() => Activation.ForName("swish"))!.Message, Does.Contain("tanh, gelu, silu, relu, identity"));
    }

    [Test]
    public void MismatchedShapes_AreRejected()
    {
        var (flow, set, _) = Build(new FlowCase(3, 5, 1), Activation.Gelu);
        Assert.Throws<ArgumentException>(() => new TruncatedMlpFlow(set.A.SubMatrix(0, 2, 0, 5), set.T, Activation.Gelu));
        Assert.Throws<ArgumentException>(() => flow.Rates(Gaussian(2, 4, 1, 0), Gaussian(3, 2, 1, 0)));
        Assert.Throws<ArgumentException>(() => flow.Integrate(Gaussian(2, 5, 1, 0), Gaussian(3, 2, 1, 0), new[] { 2.0, 1.0 }, 0.1));
    }

    private static string Format(IEnumerable<double> xs) => string.Join(", ", xs.Select(e => e.ToString("E3")));
}
