using NUnit.Framework;
using ProbSig.Theory.Flow;

namespace ProbSig.Tests.Properties.Theory.Flow;

/// <summary>The two times of the linear regime (THEORY 3.1): flow time t, and k gradient
/// descent steps of eta, whose mode growth (1 + eta sigma)^{2k} tends to e^{2 sigma t} as
/// eta -&gt; 0 with k eta = t.</summary>
[TestFixture]
public sealed class FlowTimeProperties
{
    private static readonly double[] Sigmas = [0.0, 0.3, 1.0, 2.5];

    [Test]
    public void AtTimeZero_EveryModeIsUngrown()
    {
        foreach (var time in new[] { FlowTime.Continuous(0), FlowTime.Steps(0, 0.7) })
            foreach (double sigma in Sigmas)
            {
                Assert.That(time.LogGrowth(sigma), Is.EqualTo(0.0), $"{time} sigma {sigma}");
                Assert.That(time.LogEvenGrowth(sigma), Is.EqualTo(0.0).Within(1e-16), $"{time} sigma {sigma}");
                Assert.That(time.EvenGrowthMinusOne(sigma), Is.EqualTo(0.0), $"{time} sigma {sigma}");
                Assert.That(time.OddGrowth(sigma), Is.EqualTo(0.0), $"{time} sigma {sigma}");
            }
    }

    [Test]
    public void Continuous_IsCoshAndSinhOfTwoSigmaT()
    {
        // Direct cosh/sinh at moderate arguments: a few ulps.
        var time = FlowTime.Continuous(0.8);
        foreach (double sigma in Sigmas)
        {
            double x = 2 * sigma * 0.8;
            Assert.That(time.LogGrowth(sigma), Is.EqualTo(x));
            Assert.That(time.LogEvenGrowth(sigma), Is.EqualTo(Math.Log(Math.Cosh(x))).Within(1e-14));
            Assert.That(time.EvenGrowthMinusOne(sigma), Is.EqualTo(Math.Cosh(x) - 1).Within(1e-14 * Math.Cosh(x)));
            Assert.That(time.OddGrowth(sigma), Is.EqualTo(Math.Sinh(x)).Within(1e-14 * Math.Cosh(x)));
        }
    }

    [Test]
    public void Steps_AreTheEvenAndOddPartsOfOnePlusAndOneMinusEtaSigmaToTheTwoK()
    {
        // Math.Pow of numbers near 1 to the power 2k = 12: a few ulps times 12.
        var time = FlowTime.Steps(6, 0.4);
        Assert.That(time.Time, Is.EqualTo(6 * 0.4));
        foreach (double sigma in Sigmas.Append(3.0))   // eta sigma = 1.2 > 1: the 1 - x < 0 branch
        {
            double plus = Math.Pow(1 + 0.4 * sigma, 12), minus = Math.Pow(1 - 0.4 * sigma, 12);
            Assert.That(time.LogGrowth(sigma), Is.EqualTo(Math.Log(plus)).Within(1e-13 * Math.Max(1, Math.Log(plus))));
            Assert.That(time.LogEvenGrowth(sigma), Is.EqualTo(Math.Log((plus + minus) / 2)).Within(1e-13 * Math.Max(1, Math.Log(plus))));
            Assert.That(time.EvenGrowthMinusOne(sigma), Is.EqualTo((plus + minus) / 2 - 1).Within(1e-13 * plus));
            Assert.That(time.OddGrowth(sigma), Is.EqualTo((plus - minus) / 2).Within(1e-13 * plus));
        }
    }

    [Test]
    public void Steps_TendToTheFlow_AsTheStepShrinksAtFixedTime()
    {
        // (1 + eta s)^{2t/eta} = e^{2st} (1 - t s^2 eta + O(eta^2)): at eta = 1e-6 the relative
        // gap is about t s^2 eta = 2.5e-6 for the largest sigma here.
        const double t = 0.4;
        var flow = FlowTime.Continuous(t);
        var steps = FlowTime.Steps(400_000, t / 400_000);
        foreach (double sigma in Sigmas)
        {
            double even = 1 + flow.EvenGrowthMinusOne(sigma);
            Assert.That(1 + steps.EvenGrowthMinusOne(sigma), Is.EqualTo(even).Within(5e-6 * even), $"sigma {sigma}");
            Assert.That(steps.OddGrowth(sigma), Is.EqualTo(flow.OddGrowth(sigma)).Within(5e-6 * even), $"sigma {sigma}");
        }
    }

    [Test]
    public void InvalidTimes_ThrowNamingTheParameter()
    {
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => FlowTime.Continuous(-1))!.ParamName, Is.EqualTo("t"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => FlowTime.Continuous(double.PositiveInfinity))!.ParamName, Is.EqualTo("t"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => FlowTime.Steps(-1, 0.1))!.ParamName, Is.EqualTo("steps"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => FlowTime.Steps(3, 0))!.ParamName, Is.EqualTo("lr"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => FlowTime.Steps(3, double.NaN))!.ParamName, Is.EqualTo("lr"));
    }
}
