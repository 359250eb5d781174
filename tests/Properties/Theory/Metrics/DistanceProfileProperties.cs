using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Theory.Metrics;
using ProbSig.Tests.Properties.Support;

namespace ProbSig.Tests.Properties.Theory.Metrics;

[TestFixture]
public sealed class DistanceProfileProperties
{
    /// <summary>Means of identical numbers, and a Pearson of detrended profiles of at
    /// most 40 entries of order 1: rounding only.</summary>
    private const double RoundingTolerance = 1e-10;

    /// <summary>A random profile of 3..40 deltas with entries in [-1, 1].</summary>
    private static Gen<double[]> Profiles() =>
        from length in Gen.Choose(3, 40)
        from entries in Gen.ArrayOf(Gen.Choose(-1000, 1000), length)
        select entries.Select(e => e / 1000.0).ToArray();

    [Test]
    public void DistanceProfile_OfASimilarityThatDependsOnlyOnValueDistance_RecoversIt()
    {
        // cos_ij = f(|v_i - v_j|) for values 0..n-1 in shuffled order: every pair at
        // distance delta has similarity f(delta), so D(delta) = f(delta).
        var gen = from n in Gen.Choose(3, 30)
                  from seed in Gen.Choose(0, int.MaxValue)
                  select (Tokens: n, Seed: seed);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var values = SimilarityGen.Permutation(t.Tokens, t.Seed);
            static double F(int delta) => Math.Cos(delta) / (1 + delta);
            var cos = Matrix<double>.Build.Dense(t.Tokens, t.Tokens, (i, j) => F(Math.Abs(values[i] - values[j])));
            int maxDelta = t.Tokens + 2; // beyond n - 1 no pair exists
            var profile = DistanceProfile.Compute(cos, values, maxDelta);
            return Enumerable.Range(1, maxDelta).All(d => d < t.Tokens
                ? Math.Abs(profile[d - 1] - F(d)) <= RoundingTolerance
                : double.IsNaN(profile[d - 1]));
        }));
    }

    [Test]
    public void Fingerprint_OfAProfileWithItself_IsOne()
    {
        PropertyCheck.Run(Prop.ForAll(Profiles().ToArbitrary(), profile =>
        {
            double f = DistanceProfile.Fingerprint(profile, profile);
            // Only a linear profile (e.g. three collinear entries) has no shape left and
            // may be undefined; any other must correlate perfectly with itself.
            var x = profile.Select((_, i) => i + 1.0).ToArray();
            bool linear = Residuals(x, profile).All(r => Math.Abs(r) <= 1e-12);
            return linear ? double.IsNaN(f) : Math.Abs(f - 1) <= RoundingTolerance;
        }));
    }

    [Test]
    public void Fingerprint_IsInvariantToAddingALinearTrend()
    {
        var gen = from a in Profiles()
                  from b in Gen.ArrayOf(Gen.Choose(-1000, 1000), a.Length)
                  from intercept in Gen.Choose(-100, 100)
                  from slope in Gen.Choose(-100, 100)
                  select (Observed: a, Predicted: b.Select(e => e / 1000.0).ToArray(), Intercept: intercept / 10.0, Slope: slope / 10.0);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var trended = t.Observed.Select((v, i) => v + t.Intercept + t.Slope * (i + 1)).ToArray();
            double before = DistanceProfile.Fingerprint(t.Observed, t.Predicted);
            double after = DistanceProfile.Fingerprint(trended, t.Predicted);
            double afterBoth = DistanceProfile.Fingerprint(trended, t.Predicted.Select((v, i) => v - t.Slope * (i + 1)).ToArray());
            if (double.IsNaN(before)) return double.IsNaN(after) && double.IsNaN(afterBoth);
            return Math.Abs(before - after) <= RoundingTolerance && Math.Abs(before - afterBoth) <= RoundingTolerance;
        }));
    }

    [Test]
    public void Fingerprint_SkipsDeltasWithoutPairs()
    {
        double[] a = [1.0, double.NaN, 0.2, 0.9, 0.1, 0.3];
        double[] b = [0.8, 0.5, double.NaN, 0.7, 0.0, 0.4];
        double[] aDefined = [1.0, 0.9, 0.1, 0.3];
        double[] bDefined = [0.8, 0.7, 0.0, 0.4];
        // Deltas 1, 4, 5, 6 survive; the detrending must use those deltas, not 1..4.
        double expected = PearsonOfResiduals([1, 4, 5, 6], aDefined, bDefined);
        Assert.That(DistanceProfile.Fingerprint(a, b), Is.EqualTo(expected).Within(RoundingTolerance));
    }

    /// <summary>Independent detrend-and-correlate by the normal equations.</summary>
    private static double PearsonOfResiduals(double[] x, double[] a, double[] b) =>
        Reference.Pearson(Residuals(x, a), Residuals(x, b));

    /// <summary>Residuals of y about its least-squares line in x, from the normal equations.</summary>
    private static double[] Residuals(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average();
        double slope = x.Zip(y).Sum(z => (z.First - mx) * (z.Second - my)) / x.Sum(v => (v - mx) * (v - mx));
        return y.Select((v, i) => v - my - slope * (x[i] - mx)).ToArray();
    }
}
