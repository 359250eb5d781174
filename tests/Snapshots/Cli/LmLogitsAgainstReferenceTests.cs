using NUnit.Framework;
using ProbSig.Tests.Snapshots.Support;

namespace ProbSig.Tests.Snapshots.Cli;

/// <summary>
/// `probsig lm logits` on random checkpoints made by an independent JavaScript writer
/// agrees with an independent float64 forward pass (qwen2_reference.js) to 1e-4
/// relative, over grouped-query ratios 1 to 7, tied and untied heads, F32, F16 and BF16
/// storage, single and sharded files, padded and unpadded headers.
/// </summary>
[TestFixture]
public sealed class LmLogitsAgainstReferenceTests
{
    /// <summary>The acceptance bound of issue 7 (float32 against float64).</summary>
    private const double RelativeTolerance = 1e-4;

    private static IEnumerable<TestCaseData> Checkpoints()
    {
        yield return new TestCaseData(new Dictionary<string, object>
        {
            ["seed"] = 101, ["dtype"] = "BF16", ["shards"] = 3, ["pad"] = true,
            ["config"] = LmLogitsNode.Config(vocab: 97, hidden: 32, intermediate: 64, layers: 2, heads: 4, kvHeads: 2, tied: false),
        }, new[] { new[] { 5, 17, 3, 96, 0, 44, 44, 12, 7, 81, 2, 60 }, new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, new[] { 90, 80, 70, 60, 50, 40, 30, 20, 10, 0, 95, 85 } })
            .SetName("Logits_Gqa2_UntiedBf16Sharded3_MatchesReference");
        yield return new TestCaseData(new Dictionary<string, object>
        {
            ["seed"] = 202, ["dtype"] = "F32", ["shards"] = 1, ["pad"] = false,
            ["config"] = LmLogitsNode.Config(vocab: 61, hidden: 48, intermediate: 80, layers: 3, heads: 4, kvHeads: 4, tied: true, theta: 1e6, eps: 1e-5),
        }, Enumerable.Range(0, 20).Select(i => (i * 37 + 11) % 61).ToArray())
            .SetName("Logits_MhaRatio1_TiedF32Unpadded_SingleSequence_MatchesReference");
        yield return new TestCaseData(new Dictionary<string, object>
        {
            ["seed"] = 303, ["dtype"] = "F16", ["shards"] = 1, ["pad"] = true, ["std"] = 0.3,
            ["config"] = LmLogitsNode.Config(vocab: 130, hidden: 48, intermediate: 72, layers: 2, heads: 6, kvHeads: 1, tied: false, theta: 5e5),
        }, new[] { new[] { 129, 0, 64, 65, 3, 3, 3, 100, 17 }, new[] { 9, 8, 7, 6, 5, 4, 3, 2, 1 } })
            .SetName("Logits_Gqa6_UntiedF16LargeWeights_MatchesReference");
        yield return new TestCaseData(new Dictionary<string, object>
        {
            ["seed"] = 404, ["dtype"] = "BF16", ["shards"] = 2, ["pad"] = true, ["tiedHead"] = true,
            ["config"] = LmLogitsNode.Config(vocab: 200, hidden: 56, intermediate: 96, layers: 2, heads: 14, kvHeads: 2, tied: true, theta: 1e6),
        }, new[] { Enumerable.Range(0, 16).Select(i => (i * 53 + 7) % 200).ToArray() })
            .SetName("Logits_Qwen25Ratio7_TiedBf16ShardedWithSavedHead_MatchesReference");
    }

    [TestCaseSource(nameof(Checkpoints))]
    public void Logits_MatchIndependentReference(Dictionary<string, object> spec, object ids)
    {
        var checkpoint = LmLogitsNode.MakeCheckpoint(spec);
        var idsFile = LmLogitsNode.WriteIds(ids);
        var output = Path.Combine(CliRunner.TempFolder(), "logits.npy");

        var run = CliRunner.Run("lm", "logits", "--checkpoint", checkpoint, "--ids", idsFile, "--out", output);
        Assert.That(run.ExitCode, Is.Zero, run.StdErr);
        Assert.That(run.StdOut, Is.Empty, "lm logits prints nothing on success");
        Assert.That(run.StdErr, Is.Empty);

        var ours = LmLogitsNode.ReadNpy(output);
        Assert.That(ours.Dtype, Is.EqualTo("<f4"));
        var reference = LmLogitsNode.Reference(checkpoint, idsFile);
        double error = LmLogitsNode.MaxRelativeError(ours, reference);
        TestContext.Out.WriteLine($"max relative logits error = {LmLogitsNode.Format(error)} (tolerance {RelativeTolerance:E0}), shape [{string.Join(", ", ours.Shape)}]");
        Assert.That(error, Is.LessThanOrEqualTo(RelativeTolerance));
    }
}
