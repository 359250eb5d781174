using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using NUnit.Framework;
using ProbSig.Tests.Properties.Support;
using ProbSig.Theory.Flow;
using static ProbSig.Tests.Properties.Theory.Flow.FlowTestData;

namespace ProbSig.Tests.Properties.Theory.Flow;

/// <summary>THEORY 3.2: the quadratic (squared-loss) approximation, its fixed point M = C A Sigma^+,
/// and the logistic mode trajectory. t is flow time (t = k * eta for gradient descent).</summary>
[TestFixture]
public sealed class QuadraticApproximationProperties
{
    private const int Cases = 40;

    [Test]
    public void FixedPoint_SatisfiesMSigmaEqualsCA_ForInvertibleAndForPopulationSigma()
    {
        // Sigma's condition number stays below ~1e3 for the random SPD case and M Sigma is one
        // round trip through Sigma^+: relative error ~cond * 1e-16, so 1e-9 is generous.
        const double RelTol = 1e-9;
        PropertyCheck.Run(Prop.ForAll(Cases(), c =>
        {
            var a = c.RandomA();
            var g = Gaussian(c.Vocabulary, c.Vocabulary, 1.0, c.Seed + 3);
            var sigma = g * g.Transpose() + 0.1 * Matrix<double>.Build.DenseIdentity(c.Vocabulary);
            var q = new QuadraticApproximation(a, sigma);
            Close(q.FixedPoint * sigma, c.Classes * a, RelTol, "M Sigma vs C A (invertible Sigma)");
            Close(q.FixedPointOfWidth(c.Classes), q.FixedPoint, RelTol, "full-width fixed point vs M");
            // From one population Sigma may be singular (unseen tokens, tokens always together);
            // A's rows still lie in Sigma's range, so M Sigma = C A holds all the same.
            var (pa, psigma, _) = c.PopulationSignatures(8);
            var pq = new QuadraticApproximation(pa, psigma);
            return Close(pq.FixedPoint * psigma, c.Classes * pa, 1e-8, "M Sigma vs C A (population Sigma)");
        }), Cases);
    }

    [Test]
    public void BalancedEmbeddingGram_SquaresToMTransposeM_AndItsCosineIsUndefinedOnlyForUnseenTokens()
    {
        const double RelTol = 1e-10;
        PropertyCheck.Run(Prop.ForAll(Cases(4, 6), c =>
        {
            // Tokens come from [0, V), and one extra token V never occurs: its cosine is undefined.
            var population = RandomPopulation(c.Vocabulary, c.Classes, 10, c.Seed);
            var wider = ProbSig.Theory.Populations.Population.Exact(c.Vocabulary + 1, c.Classes,
                population.Samples.Select(s => (s.Tokens, s.Label, s.Weight)));
            var (a, sigma, _) = DirectSignatures(wider);
            var q = new QuadraticApproximation(a, sigma);
            var g = q.BalancedEmbeddingGram;
            Close(g * g, q.FixedPoint.TransposeThisAndMultiply(q.FixedPoint), RelTol, "G^2 vs M^T M");
            Require(q.UndefinedTokens.Contains(c.Vocabulary), $"unseen token {c.Vocabulary} not reported undefined");
            var cos = q.EmbeddingCosine;
            for (int i = 0; i <= c.Vocabulary; i++)
            {
                bool undefined = q.UndefinedTokens.Contains(i);
                Require(undefined == double.IsNaN(cos[i, i]), $"token {i}: undefined = {undefined} but diagonal {cos[i, i]}");
                for (int j = 0; j <= c.Vocabulary; j++)
                    if (!undefined && !q.UndefinedTokens.Contains(j))
                        Require(Math.Abs(cos[i, j]) <= 1 && (i != j || cos[i, j] == 1), $"cos[{i},{j}] = {cos[i, j]}");
            }
            return true;
        }), Cases);
    }

    [Test]
    public void AlignmentError_IsZeroWhenSigmaIsAFunctionOfATransposeA_AndPositiveOtherwise()
    {
        PropertyCheck.Run(Prop.ForAll(Cases(), c =>
        {
            var a = c.RandomA();
            var ata = a.TransposeThisAndMultiply(a);
            var aligned = ata * ata + 2 * ata + Matrix<double>.Build.DenseIdentity(c.Vocabulary);
            double e0 = new QuadraticApproximation(a, aligned).AlignmentError;
            Require(e0 < 1e-14, $"alignment error {e0:E3} for a Sigma that commutes with A^T A");
            var g = Gaussian(c.Vocabulary, c.Vocabulary, 1.0, c.Seed + 9);
            double e1 = new QuadraticApproximation(a, g * g.Transpose()).AlignmentError;
            Require(e1 > 1e-3 && e1 <= 2, $"alignment error {e1:E3} for a random Sigma");  // ||XY - YX|| <= 2 ||X|| ||Y||
            return true;
        }), Cases);
    }

    [Test]
    public void ModeTrajectory_MatchesRk4OfDaDtEquals2SigmaATimesOneMinusLambdaAOverCSigma()
    {
        // RK4 at 2 sigma h = 0.01 over the whole logistic rise: relative error ~1e-10.
        const double RelTol = 1e-8;
        var gen = from s in Gen.Choose(1, 100)
                  from l in Gen.Choose(1, 100)
                  from c in Gen.Choose(2, 50)
                  from e in Gen.Choose(1, 12)
                  select (sigma: s / 50.0, lambda: l / 20.0, classes: c, a0: Math.Pow(10, -e));
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), x =>
        {
            double capacity = x.classes * x.sigma / x.lambda;
            double a0 = Math.Min(x.a0, 0.5 * capacity);
            double tEnd = (Math.Log(capacity / a0) + 5) / (2 * x.sigma);   // past the rise
            int steps = (int)Math.Ceiling(2 * x.sigma * tEnd / 0.01);
            foreach (double frac in new[] { 0.25, 0.5, 1.0 })
            {
                double t = frac * tEnd;
                double numeric = Rk4(a => 2 * x.sigma * a * (1 - x.lambda * a / (x.classes * x.sigma)), a0, t, (int)Math.Ceiling(frac * steps));
                double closed = QuadraticApproximation.ModeTrajectory(x.sigma, x.lambda, x.classes, a0, t);
                Require(Math.Abs(numeric - closed) <= RelTol * Math.Abs(numeric), $"t = {t}: RK4 {numeric}, closed form {closed}");
            }
            Require(Math.Abs(QuadraticApproximation.ModeTrajectory(x.sigma, x.lambda, x.classes, a0, 0) - a0) <= 1e-15 * a0, "a(0) != a0");
            return true;
        }));
    }

    [Test]
    public void ModeTrajectory_MatchesQuadraticMatrixFlow_ForAnAlignedBalancedMode()
    {
        // The quadratic flow dW_E/dt = W_U^T R, dW_U/dt = R W_E^T, R = A - P W_U W_E Sigma / C, with
        // A = sigma u v^T (u orthogonal to 1), Sigma v = lambda v and a balanced rank-one start
        // W_E = b r v^T, W_U = b u r^T keeps that shape, and u^T W_U W_E v = b^2 follows the logistic.
        const double RelTol = 1e-7;   // RK4 at 2 sigma h = 0.005
        PropertyCheck.Run(Prop.ForAll(Cases(5, 6), c =>
        {
            int classes = c.Classes + 1, v = c.Vocabulary, d = 3;
            var rng = new Random(c.Seed);
            var u = Gaussian(classes, 1, 1.0, c.Seed + 1).Column(0);
            u -= u.Sum() / classes;                          // in the range of P
            u /= u.L2Norm();
            var basis = Gaussian(v, v, 1.0, c.Seed + 2).QR().Q; // orthonormal eigenvectors of Sigma
            var lambdas = Vector<double>.Build.Dense(v, _ => 0.2 + 2 * rng.NextDouble());
            var sigma = basis * Matrix<double>.Build.DenseOfDiagonalVector(lambdas) * basis.Transpose();
            var vk = basis.Column(0);
            double sk = 0.2 + rng.NextDouble(), lk = lambdas[0];
            var a = sk * u.OuterProduct(vk);
            var p = Matrix<double>.Build.DenseIdentity(classes) - Matrix<double>.Build.Dense(classes, classes, 1.0 / classes);
            var r = Vector<double>.Build.Dense(d, i => i == 0 ? 1 : 0);
            double b0 = 1e-2;
            var theta0 = (b0 * vk.OuterProduct(r)).Stack(b0 * u.OuterProduct(r)); // [W_E^T; W_U]
            Matrix<double> Rate(Matrix<double> theta)
            {
                var weT = theta.SubMatrix(0, v, 0, d);
                var wu = theta.SubMatrix(v, classes, 0, d);
                var residual = a - p * (wu * weT.Transpose()) * sigma / classes;
                return (residual.TransposeThisAndMultiply(wu)).Stack(residual * weT);
            }
            double capacity = classes * sk / lk;
            double tEnd = (Math.Log(capacity / (b0 * b0)) + 3) / (2 * sk);
            var theta = Rk4(Rate, theta0, tEnd, (int)Math.Ceiling(2 * sk * tEnd / 0.005));
            double strength = u * (theta.SubMatrix(v, classes, 0, d) * theta.SubMatrix(0, v, 0, d).Transpose()) * vk;
            double closed = QuadraticApproximation.ModeTrajectory(sk, lk, classes, b0 * b0, tEnd);
            Require(Math.Abs(strength - closed) <= RelTol * closed, $"matrix flow {strength}, logistic {closed}");
            return true;
        }), 20);
    }

    [Test]
    public void QuadraticFlow_FromSmallInit_ConvergesToFixedPointOfWidth_NotToPlainTruncation()
    {
        // Integrate the quadratic flow itself (no closed form) from a small random draw and
        // compare P W_U W_E at the end with the fixed points. Full width (d = C) must reach M;
        // width 1 must reach the Sigma-weighted rank-1 optimum. The residual after the
        // integration window is below 1e-7 relative; tolerance 1e-5. Measured gap between that
        // optimum and the plain rank-1 truncation of M over six populations: 1.4% to 30%.
        const double RelTol = 1e-5;
        var gen = from seed in Gen.Choose(0, 1_000_000) select seed;
        var gaps = new List<double>();
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), seed =>
        {
            const int v = 4, classes = 3;
            var (a, sigma, _) = DirectSignatures(RandomPopulation(v, classes, 14, seed));
            var lambda = sigma.Evd(Symmetricity.Symmetric).EigenValues.Select(z => z.Real).ToArray();
            if (lambda.Min() < 1e-3 * lambda.Max()) return true;   // keep Sigma well conditioned and invertible
            var q = new QuadraticApproximation(a, sigma);
            var p = Matrix<double>.Build.DenseIdentity(classes) - Matrix<double>.Build.Dense(classes, classes, 1.0 / classes);
            foreach (int d in new[] { classes, 1 })
            {
                var theta = Gaussian(v + classes, d, 1e-3, seed + d);
                double stiff = lambda.Max() * (q.FixedPoint.L2Norm() + 1) / classes + new LinearFlow(a).Sigma1;
                double h = 0.02 / stiff;
                Matrix<double> Rate(Matrix<double> th)
                {
                    var weT = th.SubMatrix(0, v, 0, d);
                    var wu = th.SubMatrix(v, classes, 0, d);
                    var residual = a - p * (wu * weT.Transpose()) * sigma / classes;
                    return residual.TransposeThisAndMultiply(wu).Stack(residual * weT);
                }
                Matrix<double> Product(Matrix<double> th) => p * th.SubMatrix(v, classes, 0, d) * th.SubMatrix(0, v, 0, d).Transpose();
                var previous = Product(theta);
                for (int chunk = 0; chunk < 400; chunk++)
                {
                    theta = Rk4(Rate, theta, 500 * h, 500);
                    var now = Product(theta);
                    bool settled = chunk > 5 && RelativeError(now, previous) < 1e-9;
                    previous = now;
                    if (settled) break;
                }
                var target = q.FixedPointOfWidth(d);
                Close(previous, target, RelTol, $"P W_U W_E at the end of the width-{d} quadratic flow vs FixedPointOfWidth({d})");
                if (d == 1)
                {
                    var svd = q.FixedPoint.Svd(true);
                    var truncated = svd.S[0] * svd.U.Column(0).OuterProduct(svd.VT.Row(0));
                    gaps.Add(RelativeError(truncated, target));
                }
            }
            return true;
        }), 6);
        TestContext.Out.WriteLine($"width-1 fixed point vs plain rank-1 truncation of M, relative gap: {string.Join(", ", gaps.Select(g => g.ToString("E2")))}");
    }
}
