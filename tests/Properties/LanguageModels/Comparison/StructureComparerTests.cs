using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Empirics.LanguageModels.Comparison;
using ProbSig.Empirics.Runtime;
using ProbSig.Theory.Metrics;

namespace ProbSig.Tests.Properties.LanguageModels.Comparison;

[TestFixture]
public sealed class StructureComparerTests
{
    [OneTimeSetUp]
    public void Initialise() => TorchRuntime.Initialise();

    /// <summary>A symmetric similarity matrix: cosines of random rows, optionally rounded so
    /// that many pair values tie (as float32 or quantised cosines do).</summary>
    private static Matrix<double> Cosines(int n, int d, int seed, double shift = 0, Matrix<double>? mixWith = null, int decimals = -1)
    {
        var rng = new Random(seed);
        var x = Matrix<double>.Build.Dense(n, d, (_, _) => rng.NextDouble() - 0.5 + shift);
        x = x.NormalizeRows(2.0);
        var c = x.TransposeAndMultiply(x);
        for (int i = 0; i < n; i++) c[i, i] = 1;
        if (mixWith is not null) c = 0.5 * c + 0.5 * mixWith;
        if (decimals >= 0) c = c.Map(v => Math.Round(v, decimals));
        return c;
    }

    private static IReadOnlyList<ISimilarityMetric> TheoryMetrics(ComparisonOptions o) =>
    [
        new PearsonMetric(), new SpearmanMetric(), new KendallTauMetric(), new LinearCkaMetric(),
        new KnnOverlapMetric(o.KnnK), new StrongPairPrecisionMetric(o.StrongPairFraction),
    ];

    [TestCase(17, 4, -1)]
    [TestCase(40, 6, 1)]   // heavy ties: rounded to one decimal
    [TestCase(33, 3, 2)]
    public void EveryMetricAndNull_EqualsTheoryPermutationNull(int n, int d, int decimals)
    {
        var observed = Cosines(n, d, seed: n, shift: 0.1, decimals: decimals);
        var predicted = Cosines(n, d, seed: n + 1, mixWith: observed, decimals: decimals);
        var options = new ComparisonOptions { Permutations = 30, KendallPermutations = 30, KnnK = 4, StrongPairFraction = 0.05, Seed = 7 };
        var fast = StructureComparer.Compare(observed, predicted, options);
        Assert.That(fast.Metrics.Select(m => m.Metric), Is.EqualTo(TheoryMetrics(options).Select(m => m.Name)));
        foreach (var (metric, result) in TheoryMetrics(options).Zip(fast.Metrics))
        {
            var reference = PermutationNull.Test(metric, observed, predicted, options.Permutations, options.Seed);
            Assert.That(result.Observed, Is.EqualTo(reference.Observed).Within(1e-9), metric.Name + " observed");
            Assert.That(result.NullMean, Is.EqualTo(reference.NullMean).Within(1e-9), metric.Name + " null mean");
            Assert.That(result.NullStd, Is.EqualTo(reference.NullStd).Within(1e-9), metric.Name + " null sd");
            Assert.That(result.PValue, Is.EqualTo(reference.PValue), metric.Name + " p");
        }
    }

    [Test]
    public void AgreementCurve_AndItsNull_EqualTheoryCurveOfEachPermutation()
    {
        int n = 25;
        var observed = Cosines(n, 5, seed: 3, decimals: 1);
        var predicted = Cosines(n, 5, seed: 4, mixWith: observed, decimals: 1);
        var options = new ComparisonOptions { Permutations = 12, KendallPermutations = 0, Bins = 10, Seed = 11 };
        var fast = StructureComparer.Compare(observed, predicted, options).Curve;
        var curve = AgreementCurve.Compute(observed, predicted, options.Bins);
        Assert.That(fast.Curve.MeanObserved, Is.EqualTo(curve.MeanObserved).Within(1e-12));
        var perms = StructureComparer.Permutations(n, options.Permutations, options.Seed);
        int bins = curve.MeanObserved.Length;
        for (int b = 0; b < bins; b++)
        {
            // A renamed prediction keeps its bins; the pairs falling in them change.
            var draws = perms.Select(pi => BinMean(observed, predicted, pi, options.Bins, b)).ToArray();
            Assert.That(fast.NullMean[b], Is.EqualTo(draws.Average()).Within(1e-12), $"bin {b}");
        }
        Assert.That(fast.TopBin.Observed, Is.EqualTo(curve.MeanObserved[^1]).Within(1e-12));
    }

    /// <summary>Bin b's mean observed value under Theory's curve of the renamed prediction
    /// (a renamed prediction has the same values, so the same cut points and bin sizes).</summary>
    private static double BinMean(Matrix<double> observed, Matrix<double> predicted, int[] perm, int bins, int b) =>
        AgreementCurve.Compute(observed, SimilarityMatrices.Permute(predicted, perm), bins).MeanObserved[b];

    [Test]
    public void UndefinedTokens_AreDroppedAndCounted()
    {
        var observed = Cosines(12, 3, seed: 1);
        var predicted = Cosines(12, 3, seed: 2, mixWith: observed);
        for (int j = 0; j < 12; j++) { predicted[4, j] = double.NaN; predicted[j, 4] = double.NaN; }
        var r = StructureComparer.Compare(observed, predicted, new ComparisonOptions { Permutations = 5, KendallPermutations = 2, KnnK = 3 });
        Assert.That(r.Tokens, Is.EqualTo(11));
        Assert.That(r.Dropped, Is.EqualTo(1));
        Assert.That(r.KeptIndices, Does.Not.Contain(4));
    }

    [Test]
    public void AtTwoThousandTokens_TwentyDrawsTakeWellUnderAMinute()
    {
        int n = 2048;
        var observed = Cosines(n, 16, seed: 5);
        var predicted = Cosines(n, 16, seed: 6, mixWith: observed);
        var clock = Stopwatch.StartNew();
        StructureComparer.Compare(observed, predicted, new ComparisonOptions { Permutations = 1, KendallPermutations = 0 });
        TestContext.Out.WriteLine($"setup and one draw: {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();
        var r = StructureComparer.Compare(observed, predicted, new ComparisonOptions { Permutations = 20, KendallPermutations = 1 });
        TestContext.Out.WriteLine($"2048 tokens, 20 draws + 1 Kendall draw: {clock.Elapsed.TotalSeconds:F1} s; spearman {r["spearman"].Observed:F3} p {r["spearman"].PValue:G3}");
        Assert.That(r["spearman"].PValue, Is.EqualTo(1.0 / 21));
        Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(60));
    }
}
