using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbSig.Tests.Properties.Support;
using ProbSig.Theory.Metrics;
using static ProbSig.Tests.Properties.Theory.Flow.FlowTestData;

namespace ProbSig.Tests.Properties.Theory.Metrics;

/// <summary>Holm's adjustment against a worked example (R's p.adjust and statsmodels give the same),
/// against its definition written out pair by pair, and between the raw and the Bonferroni values;
/// and the bootstrap p-value against the interval it must agree with.</summary>
[TestFixture]
public sealed class HolmAdjustmentProperties
{
    [Test]
    public void Adjust_MatchesRsPAdjust_OnAWorkedExample() =>
        // p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02
        Assert.That(HolmAdjustment.Adjust([0.01, 0.04, 0.03, 0.005]), Is.EqualTo(new[] { 0.03, 0.06, 0.06, 0.02 }).Within(1e-15));

    [Test]
    public void Adjust_IsItsDefinition_AndLiesBetweenRawAndBonferroni()
    {
        var cases = (from m in Gen.Choose(1, 12) from p in Gen.ArrayOf(Gen.Choose(0, 1000).Select(k => k / 1000.0), m) select p).ToArbitrary();
        PropertyCheck.Run(Prop.ForAll(cases, p =>
        {
            var adjusted = HolmAdjustment.Adjust(p);
            int m = p.Length;
            for (int i = 0; i < m; i++)
            {
                // Definition: the largest (m - rank) p over every p sorted at or before p_i (rank = how many lie strictly below, then ties by index).
                double expected = 0;
                for (int j = 0; j < m; j++)
                {
                    int rank = Enumerable.Range(0, m).Count(k => p[k] < p[j] || (p[k] == p[j] && k < j));
                    int rankI = Enumerable.Range(0, m).Count(k => p[k] < p[i] || (p[k] == p[i] && k < i));
                    if (rank <= rankI) expected = Math.Max(expected, Math.Min(1, (m - rank) * p[j]));
                }
                Require(Math.Abs(adjusted[i] - expected) < 1e-12, $"adjusted p {i} is {adjusted[i]}, the definition gives {expected}");
                Require(adjusted[i] >= p[i] - 1e-15 && adjusted[i] <= Math.Min(1, m * p[i]) + 1e-15, $"adjusted p {i} outside [raw, Bonferroni]");
            }
            return true;
        }));
    }

    [Test]
    public void Adjust_LeavesNaNOut_AndRefusesAProbabilityOutsideZeroOne()
    {
        var adjusted = HolmAdjustment.Adjust([0.01, double.NaN, 0.04]);
        Assert.That(adjusted[0], Is.EqualTo(0.02).Within(1e-15));
        Assert.That(adjusted[1], Is.NaN);
        Assert.That(adjusted[2], Is.EqualTo(0.04).Within(1e-15));
        Assert.That(() => HolmAdjustment.Adjust([1.5]), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("[0, 1]"));
    }

    [Test]
    public void BootstrapP_AtMostOneMinusTheLevel_ExactlyWhenThe999ResampleIntervalExcludesZero()
    {
        // With B = 999 and level 0.95 the interval's ends are the 25th and 975th of the sorted draws,
        // so it excludes 0 when at most 24 draws lie on the far side: p = 2 (1 + 24) / 1000 = 0.05.
        var cases = (from shift in Gen.Choose(-40, 40) from seed in Gen.Choose(0, 10_000) select (shift, seed)).ToArbitrary();
        PropertyCheck.Run(Prop.ForAll(cases, t =>
        {
            var rng = new Random(t.seed);
            var draws = Enumerable.Range(0, 999).Select(_ => t.shift / 20.0 + rng.NextDouble() - 0.5 + 1e-9).ToArray();
            var interval = BootstrapInterval.FromDraws(0, draws, new BootstrapOptions(999, 0.95));
            bool excludes = interval.Above(0) || interval.Below(0);
            Require(excludes == (interval.PValue <= 0.05), $"p {interval.PValue} against interval [{interval.Lower}, {interval.Upper}]");
            return true;
        }));
        var above = BootstrapInterval.FromDraws(1, Enumerable.Repeat(1.0, 999).ToArray(), new BootstrapOptions(999, 0.95));
        Assert.That(above.PValue, Is.EqualTo(0.002).Within(1e-15), "every draw above 0: the floor 2 / (B + 1)");
    }
}
