using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Theory.Metrics;
using ProbSig.Tests.Properties.Support;

namespace ProbSig.Tests.Properties.Theory.Metrics;

/// <summary>
/// Issue 27, item 1: the paired token bootstrap against the generic path it replaces: a
/// resample's weighted Spearman equals the plain Spearman of the expanded sample (every drawn
/// copy a row, the pairs of a token with its own copy left out), and the interval behaves as
/// an interval of a difference should.
/// </summary>
[TestFixture]
public sealed class TokenBootstrapProperties
{
    /// <summary>Observed, a predictor close to it, a weaker one, and a coarse one full of ties.</summary>
    private static Matrix<double>[] Matrices(int n, int seed)
    {
        var rng = new Random(seed);
        var x = SimilarityGen.Gaussian(n, 5, rng);
        var observed = SimilarityGen.CosineOf(x);
        var near = SimilarityGen.CosineOf(x + 0.3 * SimilarityGen.Gaussian(n, 5, rng));
        var far = SimilarityGen.CosineOf(x + 1.5 * SimilarityGen.Gaussian(n, 5, rng));
        var coarse = observed.Map(v => Math.Round(v * 3) / 3);
        return [observed, near, far, coarse];
    }

    /// <summary>The generic path: the expanded sample's matrix (a row per drawn copy), its
    /// same-token pairs made undefined, through the metric every claim uses.</summary>
    private static double Expanded(Matrix<double> a, Matrix<double> b, IReadOnlyList<int> counts)
    {
        var rows = counts.SelectMany((c, t) => Enumerable.Repeat(t, c)).ToArray();
        Matrix<double> Expand(Matrix<double> m) => Matrix<double>.Build.Dense(rows.Length, rows.Length,
            (i, j) => rows[i] == rows[j] && i != j ? double.NaN : m[rows[i], rows[j]]);
        return new SpearmanMetric().Measure(Expand(a), Expand(b));
    }

    [Test]
    public void AResample_EqualsTheSpearmanOfTheExpandedSample()
    {
        var cases = from n in Gen.Choose(4, 18) from seed in Gen.Choose(0, int.MaxValue) from draw in Gen.Choose(0, int.MaxValue) from index in Gen.Choose(0, 5) select (n, seed, draw, index);
        PropertyCheck.Run(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var m = Matrices(c.n, c.seed);
            var bootstrap = new TokenBootstrap(m);
            var sample = bootstrap.Resample(c.draw, c.index);
            var counts = sample.Counts;
            double near = sample.Spearman(0, 1), coarse = sample.Spearman(0, 3);
            double expectNear = Expanded(m[0], m[1], counts), expectCoarse = Expanded(m[0], m[3], counts);
            return Same(near, expectNear) && Same(coarse, expectCoarse);
        }));
    }

    private static bool Same(double a, double b) => double.IsNaN(a) && double.IsNaN(b) || Math.Abs(a - b) <= 1e-9;

    [Test]
    public void TheEstimate_IsTheMetricOnTheData()
    {
        var m = Matrices(30, 7);
        var bootstrap = new TokenBootstrap(m);
        var spearman = new SpearmanMetric();
        Assert.That(bootstrap.Estimate(s => s.Spearman(0, 1) - s.Spearman(0, 2)),
            Is.EqualTo(spearman.Measure(m[0], m[1]) - spearman.Measure(m[0], m[2])).Within(1e-12));
        Assert.That(bootstrap.Estimate(s => s.PartialSpearman(0, 1, 3)), Is.EqualTo(PartialRankCorrelation.Measure(m[0], m[1], m[3])).Within(1e-12));
    }

    [Test]
    public void AClearDifference_IsExcludedFromZero_AndTheSameMatrixTwiceIsNot()
    {
        var m = Matrices(60, 11);
        var bootstrap = new TokenBootstrap(m);
        var options = new BootstrapOptions(199, 0.95, 3);
        var clear = bootstrap.Interval(s => s.Spearman(0, 1) - s.Spearman(0, 2), options);
        Assert.That(clear.Above(0), Is.True, $"near - far: [{clear.Lower}, {clear.Upper}]");
        Assert.That(clear.Lower, Is.LessThanOrEqualTo(clear.Estimate));
        Assert.That(clear.Upper, Is.GreaterThanOrEqualTo(clear.Estimate));
        var none = bootstrap.Interval(s => s.Spearman(0, 1) - s.Spearman(0, 1), options);
        Assert.That((none.Lower, none.Upper), Is.EqualTo((0.0, 0.0)));
        Assert.That(none.Above(0) || none.Below(0), Is.False);
    }

    [Test]
    public void TheInterval_DependsOnTheSeedAlone()
    {
        var bootstrap = new TokenBootstrap(Matrices(25, 5));
        var options = new BootstrapOptions(199, 0.95, 42);
        var a = bootstrap.Interval(s => s.Spearman(0, 2), options);
        var b = bootstrap.Interval(s => s.Spearman(0, 2), options);
        Assert.That(b, Is.EqualTo(a));
        Assert.That(bootstrap.Interval(s => s.Spearman(0, 2), options with { Seed = 43 }).Lower, Is.Not.EqualTo(a.Lower));
    }

    [Test]
    public void PairsUndefinedInAnyMatrix_AreLeftOutOfEvery()
    {
        var m = Matrices(12, 2);
        m[1][3, 4] = m[1][4, 3] = double.NaN;
        var bootstrap = new TokenBootstrap(m);
        Assert.That(bootstrap.Pairs, Is.EqualTo(12 * 11 / 2 - 1));
    }

    [Test]
    public void BadInput_IsRefusedWithTheArgumentNamed()
    {
        Assert.That(() => new TokenBootstrap([Matrix<double>.Build.Dense(4, 4)]), Throws.ArgumentException.With.Message.Contains("at least two"));
        Assert.That(() => new TokenBootstrap([Matrix<double>.Build.Dense(4, 4), Matrix<double>.Build.Dense(5, 5)]), Throws.ArgumentException);
        Assert.That(() => new BootstrapOptions(10), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("99"));
        Assert.That(() => new BootstrapOptions(999, 1.0), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
