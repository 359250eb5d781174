using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Bench.Measurement;
using ProbSig.Bench.Rows;
using ProbSig.Theory.Flow;

namespace ProbSig.Tests.Snapshots.Bench;

/// <summary>The bench's arithmetic: ratios point the right way, targets judge as stated, the
/// fitted exponent and RK4's error law are right (the latter against an actual integration).</summary>
[TestFixture]
public sealed class BenchRowTests
{
    private static BenchRow Row(double ours, double? reference, Better better, BenchTarget? target) =>
        new("id", "group", "title", ours, "unit", better, "ref", reference, reference is null ? "peer absent: test" : null, target, "");

    [Test]
    public void Ratio_IsOursOverReferenceForRates_AndReferenceOverOursForTimes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Row(300, 100, Better.Higher, null).Ratio, Is.EqualTo(3.0));
            Assert.That(Row(2, 8, Better.Lower, null).Ratio, Is.EqualTo(4.0));
            Assert.That(Row(1.05, 1.0, Better.Neither, null).Ratio, Is.Null);
            Assert.That(Row(5, null, Better.Higher, null).Ratio, Is.Null);
        });
    }

    [Test]
    public void Target_JudgesEachBound()
    {
        var ratio = BenchTarget.Ratio(1.0, "peer");
        var both = new BenchTarget("< 10 s and >= 50x") { RatioAtLeast = 50, ValueAtMost = 10 };
        Assert.Multiple(() =>
        {
            Assert.That(Row(100, 100, Better.Higher, ratio).Verdict, Is.EqualTo(BenchVerdict.Met));
            Assert.That(Row(99, 100, Better.Higher, ratio).Verdict, Is.EqualTo(BenchVerdict.Missed));
            Assert.That(Row(99, null, Better.Higher, ratio).Verdict, Is.EqualTo(BenchVerdict.PeerAbsent));
            Assert.That(Row(9, 900, Better.Lower, both).Verdict, Is.EqualTo(BenchVerdict.Met));
            Assert.That(Row(11, 1100, Better.Lower, both).Verdict, Is.EqualTo(BenchVerdict.Missed), "the value bound fails though the ratio is 100x");
            Assert.That(Row(11, null, Better.Lower, both).Verdict, Is.EqualTo(BenchVerdict.Missed), "a failed value bound is a miss even without a peer");
            Assert.That(Row(1.2, 1, Better.Neither, BenchTarget.Range(0.9, 1.1, "")).Verdict, Is.EqualTo(BenchVerdict.Missed));
            Assert.That(Row(double.NaN, 1, Better.Higher, ratio).Verdict, Is.EqualTo(BenchVerdict.Missed));
            Assert.That(Row(1, 1, Better.Higher, null).Verdict, Is.EqualTo(BenchVerdict.NoTarget));
        });
    }

    [Test]
    public void PowerLaw_RecoversTheExponent_AndRefusesTooFewPoints()
    {
        double[] x = [1, 2, 4, 8, 16];
        Assert.Multiple(() =>
        {
            Assert.That(PowerLaw.Exponent(x, x.Select(v => 3 * Math.Pow(v, 1.5)).ToArray()), Is.EqualTo(1.5).Within(1e-12));
            Assert.That(PowerLaw.Exponent(x, x.Select(_ => 7.0).ToArray()), Is.EqualTo(0).Within(1e-12));
            Assert.Throws<ArgumentException>(() => PowerLaw.Exponent([2, 2], [1, 3]));
            Assert.Throws<ArgumentException>(() => PowerLaw.Exponent([1, 2], [1, 0]));
        });
    }

    [Test]
    public void Median_OfOddAndEvenCounts() => Assert.Multiple(() =>
    {
        Assert.That(Timing.Median([3, 1, 2]), Is.EqualTo(2));
        Assert.That(Timing.Median([4, 1, 3, 2]), Is.EqualTo(2.5));
        Assert.Throws<ArgumentException>(() => Timing.Median([]));
    });

    /// <summary>RK4 integrating the flow agrees with LinearFlow.Propagate's closed form to the
    /// tolerance its error law promises at the step count the law gives, and not with fewer
    /// steps: the law the bench uses to size RK4 at V = 4096 is the observed error here.</summary>
    [Test]
    public void Rk4_MeetsItsErrorLaw_AgainstTheClosedForm()
    {
        var rng = new Random(3);
        var a = Matrix<double>.Build.Dense(6, 9, (_, _) => rng.NextDouble() - 0.5);
        var flow = new LinearFlow(a);
        double t = 6 / flow.Sigma1;
        var we0 = Matrix<double>.Build.Dense(4, 9, (_, _) => 1e-3 * (rng.NextDouble() - 0.5));
        var wu0 = Matrix<double>.Build.Dense(6, 4, (_, _) => 1e-3 * (rng.NextDouble() - 0.5));
        var closed = flow.Propagate(t, we0, wu0);
        using var rk4 = new Rk4Flow(a);
        double Error(int steps) => (rk4.Integrate(we0.Transpose().Stack(wu0), t, steps) - closed).FrobeniusNorm() / closed.FrobeniusNorm();
        const double tolerance = 1e-8;
        int n = Rk4Flow.StepsFor(flow.Sigma1 * t, tolerance);
        Assert.Multiple(() =>
        {
            Assert.That(Error(n), Is.LessThanOrEqualTo(tolerance));
            Assert.That(Error(n / 2), Is.GreaterThan(tolerance), "half the steps must not already be enough, or the law is loose");
            Assert.That(Rk4Flow.RelativeError(flow.Sigma1 * t, n - 1), Is.GreaterThan(tolerance), "StepsFor returns the fewest steps");
        });
    }
}
