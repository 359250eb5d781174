using NUnit.Framework;
using ProbSig.Verification.Claims;

namespace ProbSig.Tests.Snapshots.Claims;

/// <summary>
/// A claim's definition is data, and its report prose is generated from the experiment
/// records: every claim must describe what it runs in words a reader can check, with no
/// type names or record dumps leaking into the report.
/// </summary>
public sealed class ClaimDefinitionTests
{
    private static IEnumerable<IClaim> Claims() => ClaimRegistry.All(ClaimScale.Cpu);

    [TestCaseSource(nameof(Claims))]
    public void Experiment_IsGeneratedProse(IClaim claim)
    {
        var text = claim.Definition.Experiment.Describe();
        TestContext.Out.WriteLine($"{claim.Definition.Id}: {text}");
        Assert.That(text, Is.Not.Empty);
        Assert.That(text, Does.Not.Contain("ProbSig.").And.Not.Contain(" { ").And.Not.Contain("System."),
            "a record's ToString leaked into the report");
    }

    [Test]
    public void TaskClaims_NameTheirInitFromTheModelRecord()
    {
        // The C1-C8 runs are TaskTraining records: "init std" comes from the record's ModelSpec.
        foreach (var id in new[] { "C1", "C2", "C3", "C4", "C5", "C6", "C7a", "C7b", "C8b" })
        {
            var claim = Claims().Single(c => c.Definition.Id == id);
            Assert.That(claim.Definition.Experiment.Runs, Is.Not.Empty, id);
            Assert.That(claim.Definition.Experiment.Describe(), Does.Contain("init std 0.001"), id);
        }
        // The LM claims take theirs from the Qwen2 config's one default.
        Assert.That(Claims().Single(c => c.Definition.Id == "C9").Definition.Experiment.Describe(), Does.Contain("init std 0.02,"));
    }

    [Test]
    public void WithSeeds_RunsTheSameClaimOverOtherSeeds_AndSaysSo()
    {
        IReadOnlyList<int>? seen = null;
        var definition = Claims().Single(c => c.Definition.Id == "C9").Definition;
        var claim = new Claim(definition, (d, _) => { seen = d.Seeds; return new ClaimMeasurement { PerSeed = d.Seeds.Select(s => (double)s).ToArray() }; });
        var rerun = claim.WithSeeds([3, 4]);
        var result = rerun.Run(new ClaimContext());
        Assert.That(seen, Is.EqualTo(new[] { 3, 4 }));
        Assert.That(rerun.Definition.Seeds, Is.EqualTo(new[] { 3, 4 }), "the report states the seeds that ran");
        Assert.That(rerun.Definition with { Seeds = definition.Seeds }, Is.EqualTo(definition), "nothing else changes");
        Assert.That(result.Measured, Is.EqualTo(3.5));
        Assert.Throws<ArgumentException>(() => claim.WithSeeds([]));
    }

    [TestCase(ClaimScale.CpuLong, "Qwen2 preset cpu-tiny", "10000 steps")]
    [TestCase(ClaimScale.Paper, "Qwen2 preset paper", "20000 steps of 32 x 512")]
    public void LanguageModelClaims_StandAtTheLongerScales_WithTheSamePredictions(ClaimScale scale, string preset, string steps)
    {
        var cpu = ClaimRegistry.All(ClaimScale.Cpu).Where(c => c.Definition.Experiment.Describe().Contains("Qwen2 preset")).ToArray();
        var paper = ClaimRegistry.All(scale);
        Assert.That(paper.Select(c => c.Definition.Id), Is.EqualTo(cpu.Select(c => c.Definition.Id)));
        foreach (var (c, p) in cpu.Zip(paper))
        {
            Assert.That(p.Definition.Statement, Is.EqualTo(c.Definition.Statement), c.Definition.Id);
            Assert.That(p.Definition.Tolerance, Is.EqualTo(c.Definition.Tolerance), c.Definition.Id);
            if (scale == ClaimScale.Paper)
                Assert.That(p.Definition.Expected, Is.EqualTo(Verdict.Holds), $"{c.Definition.Id}: not run at paper scale, so it expects what it predicts");
            else if (p.Definition.Expected != Verdict.Holds)
                Assert.That(p.Definition.ExpectedReason, Does.Contain("measured at cpu-long"), $"{c.Definition.Id}: a verdict other than HOLDS says what found it");
            Assert.That(p.Definition.Experiment.Describe(), Does.Contain(preset).And.Contain(steps), c.Definition.Id);
        }
    }

    [Test]
    public void EqualExperimentRecords_AreOneExperiment()
    {
        // C2 to C5 share their runs through record equality, not through a key string.
        var a = ClaimRegistry.Select(["C2"])[0].Definition.Experiment.Runs[0];
        var b = ClaimRegistry.Select(["C5"])[0].Definition.Experiment.Runs[0];
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
    }

    [TestCaseSource(nameof(Claims))]
    public void AVerdictOtherThanHolds_IsExpectedWithItsReason(IClaim claim)
    {
        var d = claim.Definition;
        Assert.That(d.ExpectedReason.Length > 0, Is.EqualTo(d.Expected != Verdict.Holds),
            $"{d.Id} expects {Judgement.Name(d.Expected)}: a reason is needed exactly when it is not HOLDS");
    }

    [Test]
    public void CompositeAdditionAgreementClaims_StateANullAndARivalBaseline()
    {
        // Issue 15, items 2 and 3: each of these is judged against a null at a stated level
        // and scores the value distance beside the signature.
        foreach (var id in new[] { "C2", "C4", "C5", "C6", "C7b" })
        {
            var d = Claims().Single(c => c.Definition.Id == id).Definition;
            Assert.That(d.Null, Is.Not.Null, id);
            Assert.That(d.Null!.Permutations, Is.GreaterThanOrEqualTo(NullTest.MinimumPermutations), id);
            Assert.That(d.Null.Level, Is.LessThanOrEqualTo(0.01), id);
            Assert.That(d.Baselines.Select(b => b.Name), Does.Contain("value_distance"), id);
        }
    }
}
