using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Theory.Metrics;
using ProbSig.Tests.Properties.Support;

namespace ProbSig.Tests.Properties.Theory.Metrics;

/// <summary>Properties shared by every <see cref="ISimilarityMetric"/>.</summary>
[TestFixture]
public sealed class MetricProperties
{
    /// <summary>Every metric is a sum or ratio of a few hundred terms of size at most 1;
    /// rounding leaves it within a few hundred ulps of the exact value.</summary>
    private const double RoundingTolerance = 1e-12;

    /// <summary>The defaults plus a small k and a large q, so the kNN and strong-pair
    /// metrics are also exercised away from the caps that small matrices hit.</summary>
    private static IReadOnlyList<ISimilarityMetric> Metrics() =>
        [.. MetricSet.Default(), new KnnOverlapMetric(3), new StrongPairPrecisionMetric(0.3)];

    [Test]
    public void EveryMetric_OfAMatrixAgainstItself_IsOne()
    {
        PropertyCheck.Run(Prop.ForAll(SimilarityGen.Case().ToArbitrary(), c =>
        {
            var m = c.Cosine();
            return Metrics().All(metric => Math.Abs(metric.Measure(m, m) - 1.0) <= RoundingTolerance);
        }));
    }

    [Test]
    public void EveryMetric_IsInvariantUnderASimultaneousPermutationOfBothMatrices()
    {
        // Tied inputs included: the kNN and strong-pair metrics keep ties at their cut-off
        // together precisely so that token order cannot change the score.
        var gen = from pair in SimilarityGen.Pair()
                  from seed in Gen.Choose(0, int.MaxValue)
                  from tied in Gen.Elements(false, true)
                  select (pair.Observed, pair.Predicted, Seed: seed, Tied: tied);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var o = t.Tied ? t.Observed.Tied() : t.Observed.Cosine();
            var p = t.Tied ? t.Predicted.Tied() : t.Predicted.Cosine();
            var perm = SimilarityGen.Permutation(o.RowCount, t.Seed);
            var po = SimilarityMatrices.Permute(o, perm);
            var pp = SimilarityMatrices.Permute(p, perm);
            return Metrics().All(metric => Same(metric.Measure(o, p), metric.Measure(po, pp)));
        }));
    }

    [Test]
    public void EveryMetric_IsUnchangedByRelabellingTokens_WhenRoundOffSplitsTheTies()
    {
        // Issue 15, item 4: the same tied cosines computed in another token order differ by
        // round-off. Each entry is moved by up to 1e-14 relative (a summation-order change);
        // without snapping, ranks and top sets inside a tied group follow that noise and the
        // rank metrics move by far more than 1e-12.
        var gen = from pair in SimilarityGen.Pair()
                  from seed in Gen.Choose(0, int.MaxValue)
                  select (pair.Observed, pair.Predicted, Seed: seed);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var o = t.Observed.Tied();
            var p = t.Predicted.Tied();
            var perm = SimilarityGen.Permutation(o.RowCount, t.Seed);
            var rng = new Random(t.Seed);
            var po = RoundOff(SimilarityMatrices.Permute(o, perm), rng);
            var pp = RoundOff(SimilarityMatrices.Permute(p, perm), rng);
            return Metrics().All(metric => Same(metric.Measure(o, p), metric.Measure(po, pp)));
        }));
    }

    [Test]
    public void TieSnapping_MergesValuesWithinTheTolerance_KeepsDistinctOnesApart_WhateverTheOrder()
    {
        var values = new[] { 0.5, 0.5 * (1 + 4e-13), 0.25, 0.5 - 1e-9, 0.25 * (1 - 1e-13), double.NaN, -1.0 };
        var reversed = values.Reverse().ToArray();
        TieSnapping.Snap(values);
        TieSnapping.Snap(reversed);
        Assert.Multiple(() =>
        {
            Assert.That(values[1], Is.EqualTo(values[0]), "4e-13 relative to the scale 1 is a tie");
            Assert.That(values[2], Is.EqualTo(values[4]), "the group takes its smallest member");
            Assert.That(values[3], Is.Not.EqualTo(values[0]), "1e-9 apart is two values");
            Assert.That(values[5], Is.NaN);
            Assert.That(reversed.Reverse(), Is.EqualTo(values), "the rule reads only the multiset");
        });
    }

    /// <summary>Every off-diagonal entry times (1 + e), |e| &lt;= 1e-14, kept symmetric.</summary>
    private static Matrix<double> RoundOff(Matrix<double> m, Random rng)
    {
        var a = m.ToArray();
        int n = m.RowCount;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                a[i, j] = a[j, i] = a[i, j] * (1 + (rng.NextDouble() * 2 - 1) * 1e-14);
        return Matrix<double>.Build.DenseOfArray(a);
    }

    [Test]
    public void EveryMetric_IsSymmetricInItsTwoArguments()
    {
        PropertyCheck.Run(Prop.ForAll(SimilarityGen.Pair().ToArbitrary(), t =>
        {
            var o = t.Observed.Cosine();
            var p = t.Predicted.Cosine();
            return Metrics().All(metric => Same(metric.Measure(o, p), metric.Measure(p, o)));
        }));
    }

    [Test]
    public void LinearCka_IsInvariantToPositiveScalingOfEitherMatrix()
    {
        var gen = from pair in SimilarityGen.Pair()
                  from a in Gen.Choose(1, 10_000)
                  from b in Gen.Choose(1, 10_000)
                  select (pair.Observed, pair.Predicted, A: a / 100.0, B: b / 100.0);
        var cka = new LinearCkaMetric();
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var o = t.Observed.Cosine();
            var p = t.Predicted.Cosine();
            return Math.Abs(cka.Measure(o, p) - cka.Measure(t.A * o, t.B * p)) <= RoundingTolerance;
        }));
    }

    [Test]
    public void LinearCka_OfPositiveSemiDefiniteMatrices_LiesInTheUnitInterval()
    {
        var cka = new LinearCkaMetric();
        PropertyCheck.Run(Prop.ForAll(SimilarityGen.Pair().ToArbitrary(), t =>
        {
            // Raw (unnormalised) Gram matrices are PSD as well as the cosines.
            var go = t.Observed.Vectors() * t.Observed.Vectors().Transpose();
            var gp = t.Predicted.Vectors() * t.Predicted.Vectors().Transpose();
            double a = cka.Measure(t.Observed.Cosine(), t.Predicted.Cosine());
            double b = cka.Measure(go, gp);
            return InUnitInterval(a) && InUnitInterval(b);
        }));
    }

    [Test]
    public void KnnOverlap_LiesInTheUnitInterval()
    {
        var gen = from pair in SimilarityGen.Pair()
                  from k in Gen.Choose(1, 30)
                  from tied in Gen.Elements(false, true)
                  select (pair.Observed, pair.Predicted, K: k, Tied: tied);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var o = t.Tied ? t.Observed.Tied() : t.Observed.Cosine();
            var p = t.Tied ? t.Predicted.Tied() : t.Predicted.Cosine();
            return InUnitInterval(new KnnOverlapMetric(t.K).Measure(o, p));
        }));
    }

    [Test]
    public void StrongPairPrecision_LiesInTheUnitInterval_AndIsOneWhenEveryPairIsStrong()
    {
        var gen = from pair in SimilarityGen.Pair()
                  from q in Gen.Choose(1, 1000)
                  from tied in Gen.Elements(false, true)
                  select (pair.Observed, pair.Predicted, Q: q / 1000.0, Tied: tied);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var o = t.Tied ? t.Observed.Tied() : t.Observed.Cosine();
            var p = t.Tied ? t.Predicted.Tied() : t.Predicted.Cosine();
            return InUnitInterval(new StrongPairPrecisionMetric(t.Q).Measure(o, p))
                && new StrongPairPrecisionMetric(1.0).Measure(o, p) == 1.0;
        }));
    }

    [Test]
    public void EveryMetric_LeavesOutAnUndefinedToken()
    {
        // A token whose whole row is NaN (it never occurred) must score exactly as if it
        // had been removed beforehand.
        var gen = from pair in SimilarityGen.Pair()
                  from drop in Gen.Choose(0, 1000)
                  select (pair.Observed, pair.Predicted, Drop: drop);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var o = t.Observed.Cosine();
            var p = t.Predicted.Cosine();
            int n = o.RowCount, drop = t.Drop % n;
            var withNaN = o.Clone();
            for (int i = 0; i < n; i++) { withNaN[drop, i] = double.NaN; withNaN[i, drop] = double.NaN; }
            var kept = Enumerable.Range(0, n).Where(i => i != drop).ToArray();
            bool definedOk = SimilarityMatrices.DefinedTokens(withNaN).SequenceEqual(kept);
            if (kept.Length < SimilarityMatrices.MinimumTokens) return definedOk;
            var ro = SimilarityMatrices.Restrict(o, kept);
            var rp = SimilarityMatrices.Restrict(p, kept);
            return definedOk && Metrics().All(metric =>
                Math.Abs(metric.Measure(withNaN, p) - metric.Measure(ro, rp)) <= RoundingTolerance);
        }));
    }

    [Test]
    public void DefinedTokens_DropsOnlyOneTokenOfAnIsolatedUndefinedPair()
    {
        var m = Matrix<double>.Build.DenseIdentity(5);
        m[1, 3] = m[3, 1] = double.NaN;
        Assert.That(SimilarityMatrices.DefinedTokens(m), Is.EqualTo(new[] { 0, 2, 3, 4 }));
    }

    [Test]
    public void Measure_OfMisshapenMatrices_ThrowsNamingTheArgumentAndSizes()
    {
        var three = Matrix<double>.Build.DenseIdentity(3);
        var four = Matrix<double>.Build.DenseIdentity(4);
        var two = Matrix<double>.Build.DenseIdentity(2);
        var wide = Matrix<double>.Build.Dense(3, 4);
        foreach (var metric in MetricSet.Default())
        {
            var e1 = Assert.Throws<ArgumentException>(() => metric.Measure(three, four));
            Assert.That(e1!.ParamName, Is.EqualTo("predicted"));
            Assert.That(e1.Message, Does.Contain("4 x 4").And.Contain("3 x 3"));
            var e2 = Assert.Throws<ArgumentException>(() => metric.Measure(wide, three));
            Assert.That(e2!.ParamName, Is.EqualTo("observed"));
            Assert.That(e2.Message, Does.Contain("3 x 4"));
            var e3 = Assert.Throws<ArgumentException>(() => metric.Measure(two, two));
            Assert.That(e3!.ParamName, Is.EqualTo("observed"));
            Assert.That(e3.Message, Does.Contain("2 x 2"));
        }
    }

    [Test]
    public void MetricNames_AreTheReportIdentifiers()
    {
        Assert.That(MetricSet.Default().Select(m => m.Name), Is.EqualTo(new[]
        {
            "pearson", "spearman", "kendall_tau", "linear_cka", "knn_overlap@10", "strong_pair_precision@0.05",
        }));
    }

    /// <summary>Equal up to rounding, or both undefined (a constant tied matrix).</summary>
    private static bool Same(double a, double b) =>
        (double.IsNaN(a) && double.IsNaN(b)) || Math.Abs(a - b) <= RoundingTolerance;

    private static bool InUnitInterval(double v) => v >= -RoundingTolerance && v <= 1 + RoundingTolerance;
}
