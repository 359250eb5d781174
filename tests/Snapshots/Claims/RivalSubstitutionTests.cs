using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Theory.Baselines;
using ProbSig.Empirics.Experiments;
using ProbSig.Theory.Metrics;
using ProbSig.Verification.Claims;
using ProbSig.Verification.Claims.Linear;

namespace ProbSig.Tests.Snapshots.Claims;

/// <summary>
/// Issue 15, "what will be checked": put the value distance where the signature stands in
/// C2 and C5, on the same trained runs, and the prediction must not hold: a predictor that
/// knows only the distance has no partial correlation given the distance, and cannot beat a
/// null that keeps the distance.
/// </summary>
[TestFixture]
public sealed class RivalSubstitutionTests
{
    private static Judgement JudgeWith(string id, Matrix<double> prediction, IReadOnlyList<Matrix<double>> observed,
        IReadOnlyList<(string, Matrix<double>)> rivals)
    {
        var claim = ClaimRegistry.All(ClaimScale.Cpu).Single(c => c.Definition.Id == id).Definition;
        var versus = BaselineAgreement.Measure(observed, prediction, rivals, claim.Null!.Permutations, claim.Seeds.Select(s => 7000 + s).ToArray());
        return Judgement.Of(claim, new ClaimMeasurement { PerSeed = versus.PartialPerSeed, SeedNulls = versus.Nulls, Null = versus.Nulls[0] });
    }

    [Test]
    public void C2_WithTheValueDistanceInPlaceOfTheSignature_DoesNotHold()
    {
        var s = DefaultLinearSetting.Instance;
        var seeds = ClaimRegistry.All(ClaimScale.Cpu).Single(c => c.Definition.Id == "C2").Definition.Seeds;
        var observed = s.TrainedAll(ClaimRuns.Context, seeds).Select(r => DefaultLinearSetting.EmbeddingCosine(r, s.Keys)).ToArray();
        var mass = s.Keys.Select(k => s.Prediction.Signatures.TokenMass[k]).ToArray();
        var rivals = BaselineAgreement.Rivals(s.KeyValues, mass);
        var distance = RivalBaselines.ValueDistance(s.KeyValues);
        var j = JudgeWith("C2", distance, observed, rivals);
        TestContext.Out.WriteLine($"C2 with -|i - j| as the prediction: {Judgement.Name(j.Verdict)} ({j.Reason})");
        Assert.That(j.Verdict, Is.Not.EqualTo(Verdict.Holds));
    }

    [Test]
    public void C5_WithTheClassDistanceInPlaceOfTheSignature_DoesNotHold()
    {
        var s = DefaultLinearSetting.Instance;
        var seeds = ClaimRegistry.All(ClaimScale.Cpu).Single(c => c.Definition.Id == "C5").Definition.Seeds;
        var classes = s.LabelClasses;
        var observed = s.TrainedAll(ClaimRuns.Context, seeds).Select(r => EmbeddingGeometry.Cosine(r.Unembedding, classes)).ToArray();
        var values = classes.Select(y => (double)y).ToArray();
        var rivals = BaselineAgreement.Rivals(values, classes.Select(y => s.Prediction.Signatures.ClassMass[y]).ToArray());
        var j = JudgeWith("C5", RivalBaselines.ValueDistance(values), observed, rivals);
        TestContext.Out.WriteLine($"C5 with -|y - y'| as the prediction: {Judgement.Name(j.Verdict)} ({j.Reason})");
        Assert.That(j.Verdict, Is.Not.EqualTo(Verdict.Holds));
    }
}
