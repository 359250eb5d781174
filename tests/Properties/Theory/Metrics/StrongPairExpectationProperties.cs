using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Statistics;
using NUnit.Framework;
using ProbSig.Theory.Metrics;

namespace ProbSig.Tests.Properties.Theory.Metrics;

/// <summary>
/// The strong-pair precision a bivariate normal gives (<see cref="StrongPairExpectation"/>):
/// its limits, the q = 1/2 orthant closed form, and Monte Carlo samples, both counted
/// directly and scored by the <see cref="StrongPairPrecisionMetric"/> the claims use.
/// </summary>
[TestFixture]
public sealed class StrongPairExpectationProperties
{
    /// <summary>The integral is asked for 1e-12 relative; its values are at most 1.</summary>
    private const double IntegrationTolerance = 1e-10;

    /// <summary>Monte Carlo allowance in binomial standard deviations of the overlap count.</summary>
    private const double Sds = 5;

    private static readonly double[] Fractions = [1e-4, 0.01, 0.05, 0.3, 0.5, 0.8, 0.99];

    [Test]
    public void PearsonFromSpearman_IsTheBivariateNormalRelation_WithItsFixedPoints()
    {
        Assert.That(StrongPairExpectation.PearsonFromSpearman(0), Is.EqualTo(0));
        Assert.That(StrongPairExpectation.PearsonFromSpearman(1), Is.EqualTo(1));
        Assert.That(StrongPairExpectation.PearsonFromSpearman(-1), Is.EqualTo(-1));
        foreach (double rho in new[] { -0.9, -0.3, 0.2, 0.5, 0.99 })
            Assert.That(StrongPairExpectation.PearsonFromSpearman(SpearmanOf(rho)), Is.EqualTo(rho).Within(1e-14), $"rho {rho}");
    }

    [TestCaseSource(nameof(Fractions))]
    public void NoCorrelation_GivesTheChanceLevelQ(double q) =>
        Assert.That(StrongPairExpectation.BivariateNormalPrecision(0, q), Is.EqualTo(q).Within(IntegrationTolerance * Math.Max(q, 1e-2)));

    [TestCaseSource(nameof(Fractions))]
    public void PerfectCorrelation_GivesOne_AndNearPerfectNearlyOne(double q)
    {
        Assert.That(StrongPairExpectation.BivariateNormalPrecision(1, q), Is.EqualTo(1));
        // Spearman 1 - 1e-12 is rho about 1 - 1e-12 (sd of Y given X 1.4e-6): the tail sets
        // differ in a band of that width, so the precision is 1 to about 1e-5.
        Assert.That(StrongPairExpectation.BivariateNormalPrecision(1 - 1e-12, q), Is.EqualTo(1).Within(1e-4));
        Assert.That(StrongPairExpectation.BivariateNormalPrecision(0.999999, q), Is.LessThan(1).And.GreaterThan(0.98));
    }

    [TestCaseSource(nameof(Fractions))]
    public void PerfectAnticorrelation_GivesTheOverlapOfOppositeTails(double q)
    {
        double expected = Math.Max(0, 2 * q - 1) / q;
        Assert.That(StrongPairExpectation.BivariateNormalPrecision(-1, q), Is.EqualTo(expected));
        Assert.That(StrongPairExpectation.BivariateNormalPrecision(-1 + 1e-12, q), Is.EqualTo(expected).Within(1e-4));
    }

    [TestCaseSource(nameof(Fractions))]
    public void Precision_RisesWithTheCorrelation(double q)
    {
        var grid = Enumerable.Range(0, 201).Select(k => -1 + k / 100.0).Select(s => StrongPairExpectation.BivariateNormalPrecision(s, q)).ToArray();
        for (int k = 1; k < grid.Length; k++)
            Assert.That(grid[k], Is.GreaterThanOrEqualTo(grid[k - 1] - IntegrationTolerance), $"spearman {-1 + k / 100.0}");
        Assert.That(grid[^1], Is.GreaterThan(grid[0]));
    }

    [Test]
    public void AtHalf_TheOrthantClosedFormHolds()
    {
        // P(X > 0, Y > 0) = 1/4 + asin(rho) / (2 pi) (Sheppard), so precision@0.5 is twice it.
        for (double s = -1; s <= 1 + 1e-9; s += 0.05)
        {
            double spearman = Math.Clamp(s, -1, 1);
            double rho = StrongPairExpectation.PearsonFromSpearman(spearman);
            double expected = 2 * (0.25 + Math.Asin(rho) / (2 * Math.PI));
            Assert.That(StrongPairExpectation.BivariateNormalPrecision(spearman, 0.5), Is.EqualTo(expected).Within(IntegrationTolerance), $"spearman {spearman}");
        }
    }

    [TestCase(-0.3)]
    [TestCase(0.0)]
    [TestCase(0.3)]
    [TestCase(0.6)]
    [TestCase(0.9)]
    public void MonteCarloTopOnePercentOverlap_MatchesTheExpectation(double rho)
    {
        const int Samples = 200_000;
        const double Q = 0.01;
        var (x, y) = BivariateNormal(Samples, rho, seed: 11);
        int top = (int)(Q * Samples);
        var topX = TopByRank(x, top);
        int overlap = TopByRank(y, top).Count(topX.Contains);
        double measured = overlap / (double)top;
        double expected = StrongPairExpectation.BivariateNormalPrecision(SpearmanOf(rho), Q);
        double sd = Math.Sqrt(expected * (1 - expected) / top);
        // The sample's own Spearman follows the relation the expectation is built on; its sd
        // is at most that under independence, 1 / sqrt(n - 1).
        double sampleSpearman = Correlation.Spearman(x, y);
        TestContext.Out.WriteLine($"rho {rho}: overlap {overlap}/{top} = {measured:F4}, expected {expected:F4} (sd {sd:F4}); spearman {sampleSpearman:F4} vs {SpearmanOf(rho):F4}");
        Assert.That(measured, Is.EqualTo(expected).Within(Sds * sd));
        Assert.That(sampleSpearman, Is.EqualTo(SpearmanOf(rho)).Within(Sds / Math.Sqrt(Samples - 1)));
    }

    [TestCase(0.2)]
    [TestCase(0.5)]
    [TestCase(0.8)]
    public void StrongPairPrecisionMetric_OnBivariateNormalPairs_MatchesTheExpectationOfTheirSpearman(double rho)
    {
        // The metric the claims use, on an observed/predicted pair of matrices whose upper
        // triangles are a bivariate normal sample: its top-q sets are floor(q m) pairs of
        // each matrix (no ties here), the overlap over that size, the expectation's ratio.
        const int N = 700;
        const double Q = 0.01;
        int m = N * (N - 1) / 2;
        var (x, y) = BivariateNormal(m, rho, seed: 23);
        var observed = Matrix<double>.Build.Dense(N, N, 1.0);
        var predicted = Matrix<double>.Build.Dense(N, N, 1.0);
        for (int i = 0, r = 0; i < N; i++)
            for (int j = i + 1; j < N; j++, r++)
            {
                observed[i, j] = observed[j, i] = x[r];
                predicted[i, j] = predicted[j, i] = y[r];
            }
        var metric = new StrongPairPrecisionMetric(Q);
        double measured = metric.Measure(observed, predicted);
        // As a claim would: the expectation of the Spearman measured on the same pairs.
        double spearman = new SpearmanMetric().Measure(observed, predicted);
        double expected = StrongPairExpectation.BivariateNormalPrecision(spearman, Q);
        int setSize = (int)Math.Floor(Q * m);
        double sd = Math.Sqrt(expected * (1 - expected) / setSize);
        TestContext.Out.WriteLine($"rho {rho}: metric {measured:F4}, expected {expected:F4} (sd {sd:F4}) at spearman {spearman:F4}; set {setSize} of {m} pairs");
        Assert.That(measured, Is.EqualTo(expected).Within(Sds * sd));
    }

    [Test]
    public void OutOfRangeArguments_AreRejected_NamingTheParameter()
    {
        foreach (double s in new[] { -1.0000001, 1.0000001, double.NaN })
        {
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => StrongPairExpectation.PearsonFromSpearman(s))!.ParamName, Is.EqualTo("spearman"));
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => StrongPairExpectation.BivariateNormalPrecision(s, 0.1))!.ParamName, Is.EqualTo("spearman"));
        }
        foreach (double q in new[] { 0.0, 1.0, -0.1, 1.5, double.NaN })
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => StrongPairExpectation.BivariateNormalPrecision(0.5, q))!.ParamName, Is.EqualTo("fraction"));
    }

    /// <summary>The Spearman correlation of a bivariate normal with Pearson rho: (6 / pi) asin(rho / 2).</summary>
    private static double SpearmanOf(double rho) => 6 / Math.PI * Math.Asin(rho / 2);

    /// <summary><paramref name="count"/> pairs (X, rho X + sqrt(1 - rho^2) Z), X and Z
    /// independent standard normals by Box-Muller from one seeded generator.</summary>
    private static (double[] X, double[] Y) BivariateNormal(int count, double rho, int seed)
    {
        var rng = new Random(seed);
        var x = new double[count];
        var y = new double[count];
        double s = Math.Sqrt(1 - rho * rho);
        for (int k = 0; k < count; k++)
        {
            double radius = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())), angle = 2 * Math.PI * rng.NextDouble();
            x[k] = radius * Math.Cos(angle);
            y[k] = rho * x[k] + s * radius * Math.Sin(angle);
        }
        return (x, y);
    }

    /// <summary>Indices of the <paramref name="count"/> largest values (continuous samples: no ties).</summary>
    private static HashSet<int> TopByRank(double[] values, int count) =>
        Enumerable.Range(0, values.Length).OrderByDescending(i => values[i]).Take(count).ToHashSet();
}
