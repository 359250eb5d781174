using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Statistics;
using NUnit.Framework;
using ProbSig.Theory.Baselines;
using ProbSig.Theory.Metrics;
using ProbSig.Tests.Properties.Support;

namespace ProbSig.Tests.Properties.Theory.Metrics;

/// <summary>
/// Issue 15, items 2 and 3: the partial rank correlation against a second route to it, and
/// the stratified null against a predictor that knows only the baseline.
/// </summary>
[TestFixture]
public sealed class PartialRankCorrelationProperties
{
    private static Gen<(double[] X, double[] Y, double[] Z)> Samples() =>
        from n in Gen.Choose(6, 60)
        from seed in Gen.Choose(0, int.MaxValue)
        select Draw(n, seed);

    private static (double[] X, double[] Y, double[] Z) Draw(int n, int seed)
    {
        var rng = new Random(seed);
        // z a coarse baseline (ties), x and y each partly z, partly their own noise, partly shared.
        var z = Enumerable.Range(0, n).Select(_ => (double)rng.Next(8)).ToArray();
        var shared = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
        var x = z.Select((v, i) => v + 3 * shared[i] + rng.NextDouble()).ToArray();
        var y = z.Select((v, i) => 0.5 * v + 2 * shared[i] + rng.NextDouble()).ToArray();
        return (x, y, z);
    }

    [Test]
    public void Formula_EqualsPearsonOfRankResidualsAfterRegressingOnTheBaselineRanks()
    {
        PropertyCheck.Run(Prop.ForAll(Samples().ToArbitrary(), s =>
        {
            double formula = PartialRankCorrelation.Of(s.X, s.Y, s.Z);
            var rx = Statistics.Ranks(s.X, RankDefinition.Average);
            var ry = Statistics.Ranks(s.Y, RankDefinition.Average);
            var rz = Statistics.Ranks(s.Z, RankDefinition.Average);
            double residuals = Correlation.Pearson(Residuals(rx, rz), Residuals(ry, rz));
            return double.IsNaN(formula) || Math.Abs(formula - residuals) <= 1e-9;
        }));
    }

    /// <summary>y minus its least-squares line in x.</summary>
    private static double[] Residuals(double[] y, double[] x)
    {
        double mx = x.Average(), my = y.Average();
        double slope = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum() / x.Sum(a => (a - mx) * (a - mx));
        return y.Select((b, i) => b - my - slope * (x[i] - mx)).ToArray();
    }

    [Test]
    public void APredictorThatIsTheBaseline_HasNoPartialCorrelation_AndCannotBeatTheStratifiedNull()
    {
        var baseline = KeyDistance();
        var observed = baseline + 5 * RandomSymmetric(3);
        // A monotone function of the baseline: its ranks are the baseline's.
        var predicted = baseline.Map(v => Math.Exp(v / 10));
        Assert.That(PartialRankCorrelation.Measure(observed, predicted, baseline), Is.NaN);

        var (o, p, b) = SimilarityMatrices.OffDiagonalTriples(observed, predicted, baseline);
        var test = StratifiedPermutationNull.Test("partial", PartialRankCorrelation.Of, o, p, b, 199, 1);
        Assert.That(test.PValue, Is.NaN.Or.GreaterThan(0.01), "every draw is the data itself");
    }

    [Test]
    public void APredictorWithInformationBeyondTheBaseline_BeatsTheStratifiedNull()
    {
        var baseline = KeyDistance();
        var extra = RandomSymmetric(5);
        var observed = baseline + 10 * extra;
        var predicted = extra;
        var (o, p, b) = SimilarityMatrices.OffDiagonalTriples(observed, predicted, baseline);
        var test = StratifiedPermutationNull.Test("partial", PartialRankCorrelation.Of, o, p, b, 199, 1);
        Assert.That(test.Observed, Is.GreaterThan(0.3));
        Assert.That(test.PValue, Is.EqualTo(0.005));
        // A shuffle leaves about one pair per stratum in place (39 strata of 780 pairs), so
        // the null keeps about 5% of a real effect: conservative, never centred above it.
        Assert.That(Math.Abs(test.NullMean), Is.LessThan(0.1 * test.Observed));
    }

    /// <summary>-|i - j| over the default task's 40 keys.</summary>
    private static Matrix<double> KeyDistance() => RivalBaselines.ValueDistance(Enumerable.Range(20, 40).Select(v => (double)v).ToArray());

    /// <summary>A symmetric 40 x 40 matrix of uniform off-diagonal entries, zero diagonal.</summary>
    private static Matrix<double> RandomSymmetric(int seed)
    {
        var rng = new Random(seed);
        var m = Matrix<double>.Build.Dense(40, 40);
        for (int i = 0; i < 40; i++)
            for (int j = i + 1; j < 40; j++) m[i, j] = m[j, i] = rng.NextDouble();
        return m;
    }

    [Test]
    public void StratifiedDraws_KeepEveryPredictedValueInItsStratum()
    {
        double[] baseline = [-1, -1, -2, -2, -2, -3];
        var strata = StratifiedPermutationNull.Strata(baseline);
        Assert.That(strata.Select(s => s.Length), Is.EqualTo(new[] { 1, 3, 2 }));
    }
}
