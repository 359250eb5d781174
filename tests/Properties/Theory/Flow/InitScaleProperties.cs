using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbSig.Tests.Properties.Support;
using ProbSig.Theory.Flow;

namespace ProbSig.Tests.Properties.Theory.Flow;

[TestFixture]
public sealed class InitScaleProperties
{
    // Math.Pow and one product: a few ulps.
    private const double RelTol = 1e-13;

    [Test]
    public void FromGamma_GivesStdWidthToMinusGamma_AndWidthTimesVarianceIsWidthToOneMinusTwoGamma()
    {
        var gen = from width in Gen.Choose(1, 4096)
                  from g100 in Gen.Choose(0, 150)
                  select (width, gamma: g100 / 100.0);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var init = InitScale.FromGamma(c.gamma, c.width);
            double ds2 = Math.Pow(c.width, 1 - 2 * c.gamma);
            return Math.Abs(init.Std - Math.Pow(c.width, -c.gamma)) <= RelTol * init.Std
                && Math.Abs(init.WidthTimesVariance - ds2) <= RelTol * ds2
                && init.Gamma == c.gamma && init.Width == c.width
                && InitScale.FromStd(init.Std, c.width).Gamma is null;
        }));
    }

    [Test]
    public void InvalidScales_ThrowArgumentException_NamingTheParameterAndValue()
    {
        var std = Assert.Throws<ArgumentException>(() => InitScale.FromStd(-0.5, 4))!;
        Assert.That(std.ParamName, Is.EqualTo("std"));
        Assert.That(std.Message, Does.Contain("-0.5"));
        Assert.That(Assert.Throws<ArgumentException>(() => InitScale.FromStd(double.NaN, 4))!.ParamName, Is.EqualTo("std"));
        Assert.That(Assert.Throws<ArgumentException>(() => InitScale.FromStd(0, 4))!.ParamName, Is.EqualTo("std"));
        var width = Assert.Throws<ArgumentException>(() => InitScale.FromStd(1e-3, 0))!;
        Assert.That(width.ParamName, Is.EqualTo("width"));
        Assert.That(width.Message, Does.Contain("0"));
        Assert.That(Assert.Throws<ArgumentException>(() => InitScale.FromGamma(0.5, -3))!.ParamName, Is.EqualTo("width"));
        Assert.That(Assert.Throws<ArgumentException>(() => InitScale.FromGamma(double.PositiveInfinity, 8))!.ParamName, Is.EqualTo("gamma"));
        Assert.That(Assert.Throws<ArgumentException>(() => InitScale.FromGamma(1e6, 8))!.ParamName, Is.EqualTo("gamma"));
    }

    [Test]
    public void Resolve_TakesTheStdOrTheRate_AndTheFamilyDefaultWhenNeither()
    {
        Assert.That(InitScale.Resolve(null, null, 64, 0.02), Is.EqualTo(InitScale.FromStd(0.02, 64)));
        Assert.That(InitScale.Resolve(0.5, null, 64, 0.02), Is.EqualTo(InitScale.FromStd(0.5, 64)));
        Assert.That(InitScale.Resolve(null, 0.75, 64, 0.02), Is.EqualTo(InitScale.FromGamma(0.75, 64)));
    }

    [Test]
    public void Resolve_RefusesBoth_NamingGamma_AndChecksWhatIsGiven()
    {
        var both = Assert.Throws<ArgumentException>(() => InitScale.Resolve(0.1, 1.0, 8, 1e-3))!;
        Assert.That(both.ParamName, Is.EqualTo("gamma"));
        Assert.That(both.Message, Does.Contain("0.1").And.Contain("1"));
        Assert.That(Assert.Throws<ArgumentException>(() => InitScale.Resolve(0, null, 8, 1e-3))!.ParamName, Is.EqualTo("std"));
        Assert.That(Assert.Throws<ArgumentException>(() => InitScale.Resolve(null, double.NaN, 8, 1e-3))!.ParamName, Is.EqualTo("gamma"));
        // A default is held to the same rule as a given std.
        Assert.That(Assert.Throws<ArgumentException>(() => InitScale.Resolve(null, null, 8, -1))!.ParamName, Is.EqualTo("std"));
    }
}
