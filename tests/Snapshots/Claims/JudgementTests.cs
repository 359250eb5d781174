using NUnit.Framework;
using ProbSig.Theory.Metrics;
using ProbSig.Verification.Claims;
using ProbSig.Verification.Experiments;

namespace ProbSig.Tests.Snapshots.Claims;

/// <summary>
/// Issue 15, items 1 and 3: the verdict follows from the stated prediction alone: a null not
/// beaten at its level, a failed premise, an undefined headline or seeds that disagree are
/// INCONCLUSIVE however good the headline; a claim expected REFUTED is as expected only
/// while it stays refuted.
/// </summary>
[TestFixture]
public sealed class JudgementTests
{
    private static ClaimDefinition Define(NullTest? test = null, Verdict expected = Verdict.Holds) =>
        new("CX", "test claim", "a statement", ExperimentPlan.Text("none"), "Spearman", new Tolerance(Bound.AtLeast, 0.5, "test"), [0, 1, 2])
        {
            Null = test,
            Expected = expected,
            ExpectedReason = expected == Verdict.Holds ? "" : "measured false",
        };

    private static PermutationResult NullWithP(double p, int permutations = 199) => new("spearman", 0.8, 0.0, 0.05, p, permutations);

    private static Judgement Judge(ClaimDefinition claim, double[] perSeed, PermutationResult[]? nulls = null, Premise? premise = null) =>
        Judgement.Of(claim, new ClaimMeasurement { PerSeed = perSeed, SeedNulls = nulls ?? [], Null = nulls?[0], Premise = premise });

    [Test]
    public void EverySeedInside_NullBeaten_Holds() =>
        Assert.That(Judge(Define(new NullTest("keys", 0.01, 199)), [0.7, 0.8, 0.9], [NullWithP(0.005), NullWithP(0.005), NullWithP(0.01)]).Verdict,
            Is.EqualTo(Verdict.Holds));

    [Test]
    public void NoSeedInside_Refuted() =>
        Assert.That(Judge(Define(), [0.1, 0.2, 0.3]).Verdict, Is.EqualTo(Verdict.Refuted));

    [Test]
    public void SeedsOnBothSides_Inconclusive_EvenWhenTheMeanIsInside()
    {
        var j = Judge(Define(), [0.9, 0.9, 0.4]);
        Assert.That(j.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(j.Reason, Does.Contain("2 of 3"));
    }

    [Test]
    public void PValueAboveTheLevel_InOneSeed_IsNotHolds_HoweverHighTheHeadline()
    {
        var j = Judge(Define(new NullTest("keys", 0.01, 199)), [0.99, 0.99, 0.99], [NullWithP(0.005), NullWithP(0.90), NullWithP(0.005)]);
        Assert.That(j.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(j.Reason, Does.Contain("p = 0.9"));
    }

    [Test]
    public void FailedPremise_Inconclusive() =>
        Assert.That(Judge(Define(), [0.9, 0.9, 0.9], premise: new Premise("learns the overrides (accuracy >= 0.9)", false, "0.12")).Verdict,
            Is.EqualTo(Verdict.Inconclusive));

    [Test]
    public void UndefinedHeadline_Inconclusive() =>
        Assert.That(Judge(Define(), [0.9, double.NaN, 0.9]).Verdict, Is.EqualTo(Verdict.Inconclusive));

    [Test]
    public void StatedNull_MissingOrWeakerInTheMeasurement_IsAnError()
    {
        var claim = Define(new NullTest("keys", 0.01, 199));
        Assert.Throws<InvalidOperationException>(() => Judge(claim, [0.9, 0.9, 0.9]));
        Assert.Throws<InvalidOperationException>(() => Judge(claim, [0.9, 0.9, 0.9], [NullWithP(0.01, 99)]));
    }

    [TestCase(0.0)]
    [TestCase(0.2)]
    [TestCase(double.NaN)]
    public void NullTest_LevelOutsideTheRange_IsRefused(double level) =>
        Assert.Throws<ArgumentException>(() => _ = new NullTest("keys", level, 199));

    [Test]
    public void NullTest_FewerThan199Permutations_IsRefused() =>
        Assert.Throws<ArgumentException>(() => _ = new NullTest("keys", 0.01, 99));

    [Test]
    public void ExpectedRefuted_IsAsExpectedOnlyWhileRefuted()
    {
        var claim = Define(expected: Verdict.Refuted);
        ClaimResult Result(double[] perSeed) => new(claim, perSeed.Average(), new ClaimMeasurement { PerSeed = perSeed });
        Assert.Multiple(() =>
        {
            Assert.That(Result([0.1, 0.2, 0.3]).AsExpected, Is.True, "still refuted");
            Assert.That(Result([0.9, 0.9, 0.9]).AsExpected, Is.False, "suddenly holds: must be reviewed");
            Assert.That(Result([0.9, 0.9, 0.3]).AsExpected, Is.False, "now inconclusive");
        });
    }

    // Issue 27, item 1: a comparison is judged on the interval of its difference, not on its point estimate.
    private static ClaimDefinition Compared(double limit = 0) =>
        new("CX", "test comparison", "a beats b", ExperimentPlan.Text("none"), "Spearman(a) - Spearman(b)", new Tolerance(Bound.AtLeast, limit, "test"), [0, 1])
        {
            Difference = new DifferenceTest("a minus b"),
        };

    private static DifferenceResult Interval(int seed, double lower, double upper, int resamples = 999, double level = 0.95) =>
        new("difference", seed, new BootstrapInterval((lower + upper) / 2, lower, upper, level, resamples, 0, (upper - lower) / 4));

    private static Judgement JudgeDifference(ClaimDefinition claim, double[] perSeed, params DifferenceResult[] intervals) =>
        Judgement.Of(claim, new ClaimMeasurement { PerSeed = perSeed, Differences = intervals });

    [Test]
    public void Difference_EveryIntervalAboveZero_GoesOnToTheTolerance()
    {
        Assert.That(JudgeDifference(Compared(), [0.02, 0.03], Interval(0, 0.01, 0.03), Interval(1, 0.02, 0.04)).Verdict, Is.EqualTo(Verdict.Holds));
        // Above 0 but below a stated margin: the tolerance still refutes.
        Assert.That(JudgeDifference(Compared(0.05), [0.02, 0.03], Interval(0, 0.01, 0.03), Interval(1, 0.02, 0.04)).Verdict, Is.EqualTo(Verdict.Refuted));
    }

    [Test]
    public void Difference_PositiveHeadline_IntervalIncludingZero_IsInconclusive()
    {
        // The headline is inside the tolerance in both seeds: the point estimate alone would say HOLDS.
        var j = JudgeDifference(Compared(), [0.0002, 0.01], Interval(0, -0.011, 0.010), Interval(1, 0.005, 0.015));
        Assert.That(j.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(j.Reason, Does.Contain("seed 0").And.Contain("includes 0"));
    }

    [Test]
    public void Difference_EveryIntervalBelowZero_IsRefuted_WhateverTheTolerance()
    {
        var j = JudgeDifference(Compared(-1), [-0.04, -0.05], Interval(0, -0.06, -0.02), Interval(1, -0.07, -0.03));
        Assert.That(j.Verdict, Is.EqualTo(Verdict.Refuted));
        Assert.That(j.Reason, Does.Contain("rival wins"));
    }

    [Test]
    public void Difference_IntervalsOnBothSides_AreInconclusive() =>
        Assert.That(JudgeDifference(Compared(), [0.03, -0.04], Interval(0, 0.01, 0.05), Interval(1, -0.06, -0.02)).Verdict, Is.EqualTo(Verdict.Inconclusive));

    [Test]
    public void Difference_UndefinedInterval_IsInconclusive() =>
        Assert.That(JudgeDifference(Compared(), [0.03, 0.03], Interval(0, 0.01, 0.05), Interval(1, double.NaN, double.NaN)).Verdict, Is.EqualTo(Verdict.Inconclusive));

    [Test]
    public void StatedDifference_MissingOrWeakerInTheMeasurement_IsAnError()
    {
        Assert.Throws<InvalidOperationException>(() => JudgeDifference(Compared(), [0.03, 0.03]));
        Assert.Throws<InvalidOperationException>(() => JudgeDifference(Compared(), [0.03, 0.03], Interval(0, 0.01, 0.05, resamples: 199)));
        Assert.Throws<InvalidOperationException>(() => JudgeDifference(Compared(), [0.03, 0.03], Interval(0, 0.01, 0.05, level: 0.9)));
    }

    [TestCase(0.5)]
    [TestCase(1.0)]
    [TestCase(double.NaN)]
    public void DifferenceTest_LevelOutsideTheRange_IsRefused(double level) =>
        Assert.Throws<ArgumentException>(() => _ = new DifferenceTest("a minus b", level));

    [Test]
    public void DifferenceTest_FewerThan999Resamples_IsRefused() =>
        Assert.Throws<ArgumentException>(() => _ = new DifferenceTest("a minus b", 0.95, 499));

    [Test]
    public void EveryComparisonClaim_StatesADifferenceTest()
    {
        // The ten claims issue 27 names: each headline is one agreement minus another.
        string[] comparisons = ["C12", "C13", "C14", "C17", "C18", "C21", "C23", "C24", "C25", "C26"];
        var stated = ClaimRegistry.All().Select(c => c.Definition).Where(d => d.Difference is not null).Select(d => d.Id).Distinct().Order().ToArray();
        Assert.That(stated, Is.EquivalentTo(comparisons));
    }
}
