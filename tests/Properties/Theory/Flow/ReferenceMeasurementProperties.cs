using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Theory.Flow;
using ProbSig.Theory.Populations;

namespace ProbSig.Tests.Properties.Theory.Flow;

/// <summary>THEORY 6: reference numbers of the default composite addition task, rebuilt here
/// with a few lines (the Tasks module is written elsewhere). t is flow time (t = k * eta).</summary>
[TestFixture]
public sealed class ReferenceMeasurementProperties
{
    // The reference prints sigma_1 to four digits: agreement to half a unit in the last one.
    private const double Sigma1Tol = 5e-5;

    [Test]
    public void DefaultAdditionTask_TopSingularValue_MatchesReference_AndTStarFallsNearFifty()
    {
        // Numbers 0..99, keys 20..59, anchors with values (+5, +1, -2, -8) as tokens 100..103,
        // sequences (k, a1, a2), label k + v(a1) + v(a2), all 40 x 16 combinations uniform.
        var values = new[] { 5, 1, -2, -8 };
        var samples = new List<(IReadOnlyList<int>, int, double)>();
        for (int k = 20; k < 60; k++)
            for (int a1 = 0; a1 < 4; a1++)
                for (int a2 = 0; a2 < 4; a2++)
                    samples.Add((new[] { k, 100 + a1, 100 + a2 }, k + values[a1] + values[a2], 1.0));
        var (a, _, _) = FlowTestData.DirectSignatures(Population.Exact(104, 100, samples));
        var flow = new LinearFlow(a);
        TestContext.Out.WriteLine($"sigma_1 = {flow.Sigma1:F6}, sigma_2 = {flow.SingularValues[1]:F6}");
        Assert.That(flow.Sigma1, Is.EqualTo(0.1028).Within(Sigma1Tol));

        // d = 64, std 1e-3: t* = ln(2 / 6.4e-5) / (2 sigma_1), about 50, where the reference
        // sees the closed form still tracking (Pearson 0.93 at t = 50) and then falling.
        double tStar = flow.EndOfLinearRegime(InitScale.FromStd(1e-3, 64));
        TestContext.Out.WriteLine($"t* = {tStar:F3}");
        Assert.That(tStar, Is.InRange(45.0, 55.0));
        Assert.That(flow.EmbeddingCosine(60).Enumerate().All(double.IsFinite), Is.True);
    }

    [Test]
    public void DefaultAdditionTask_GradientDescent_KeyCosinesTrackClosedFormAtTFifty()
    {
        // Full-batch gradient descent on the exact softmax loss, d = 64, std 1e-3, eta = 0.5:
        // THEORY 6 reports Pearson(observed key cosine, closed-form cosine) = 0.93 at t = 50.
        var (a, _, population) = DefaultTask();
        var flow = new LinearFlow(a);
        int v = 104, c = 100, d = 64, steps = 100;
        double eta = 0.5;
        var counts = Matrix<double>.Build.Dense(population.Samples.Count, v);
        var onehot = Matrix<double>.Build.Dense(population.Samples.Count, c);
        var weights = Vector<double>.Build.Dense(population.Samples.Count);
        for (int n = 0; n < population.Samples.Count; n++)
        {
            var sample = population.Samples[n];
            foreach (var tok in sample.Tokens) counts[n, tok] += 1;
            onehot[n, sample.Label] = 1;
            weights[n] = sample.Weight;
        }
        var pearsons = new List<(double Continuous, double Discrete)>();
        foreach (int seed in new[] { 1, 2, 3 })
        {
            var we = FlowTestData.Gaussian(d, v, 1e-3, seed);
            var wu = FlowTestData.Gaussian(c, d, 1e-3, seed + 100);
            for (int k = 0; k < steps; k++)
            {
                var z = counts * we.Transpose() * wu.Transpose();              // N x C logits
                var p = z.Clone();
                for (int n = 0; n < p.RowCount; n++)
                {
                    var row = z.Row(n);
                    double max = row.Maximum();
                    var e = row.Map(x => Math.Exp(x - max));
                    p.SetRow(n, e / e.Sum());
                }
                var g = ((p - onehot).Transpose() * Matrix<double>.Build.DenseOfDiagonalVector(weights)) * counts; // C x V
                var nextWu = wu - eta * g * we.Transpose();
                we = we - eta * wu.Transpose() * g;
                wu = nextWu;
            }
            var keys = Enumerable.Range(20, 40).ToArray();
            var observed = new List<double>();
            var continuous = new List<double>();
            var discrete = new List<double>();
            var predicted = flow.EmbeddingCosine(steps * eta);
            var predictedDiscrete = flow.EmbeddingCosine(FlowTime.Steps(steps, eta));
            foreach (var i in keys)
                foreach (var j in keys.Where(j => j > i))
                {
                    observed.Add(we.Column(i) * we.Column(j) / (we.Column(i).L2Norm() * we.Column(j).L2Norm()));
                    continuous.Add(predicted[i, j]);
                    discrete.Add(predictedDiscrete[i, j]);
                }
            pearsons.Add((MathNet.Numerics.Statistics.Correlation.Pearson(observed, continuous),
                          MathNet.Numerics.Statistics.Correlation.Pearson(observed, discrete)));
        }
        TestContext.Out.WriteLine($"Pearson at t = 50 (continuous, discrete) per seed: {string.Join("; ", pearsons.Select(x => $"{x.Continuous:F3}, {x.Discrete:F3}"))}");
        // Measured over seeds 1..3: 0.945, 0.960, 0.922 (continuous form), the discrete form within
        // 0.002 of it. One width-64 draw fluctuates by O(1/sqrt(d)) = 0.125 in each cosine, which
        // the 780 pairs average; 0.85 leaves that room below the reference's 0.93.
        const double PearsonFloor = 0.85;
        Assert.That(pearsons.Min(x => x.Continuous), Is.GreaterThan(PearsonFloor));
        Assert.That(pearsons.Min(x => x.Discrete), Is.GreaterThan(PearsonFloor));
    }

    private static (Matrix<double> A, Matrix<double> Sigma, Population Population) DefaultTask()
    {
        var values = new[] { 5, 1, -2, -8 };
        var samples = new List<(IReadOnlyList<int>, int, double)>();
        for (int k = 20; k < 60; k++)
            for (int a1 = 0; a1 < 4; a1++)
                for (int a2 = 0; a2 < 4; a2++)
                    samples.Add((new[] { k, 100 + a1, 100 + a2 }, k + values[a1] + values[a2], 1.0));
        return FlowTestData.DirectSignatures(Population.Exact(104, 100, samples));
    }
}
