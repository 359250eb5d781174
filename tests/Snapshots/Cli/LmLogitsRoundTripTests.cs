using NUnit.Framework;
using ProbSig.Empirics.Checkpoints;
using ProbSig.Empirics.Checkpoints.HuggingFace;
using ProbSig.Empirics.Models;
using ProbSig.Empirics.Runtime;
using ProbSig.Tests.Snapshots.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Tests.Snapshots.Cli;

/// <summary>
/// Checkpoints written by <see cref="Qwen2Checkpoint.Save"/>: `lm logits` on them equals
/// the saved model's own forward pass exactly, and the independent JavaScript reference
/// reads them (so our writer, not only our reader, agrees with the format).
/// </summary>
[TestFixture]
public sealed class LmLogitsRoundTripTests
{
    private const double RelativeTolerance = 1e-4;

    private static readonly long[][] Ids = [[3, 14, 15, 9, 2, 6, 5, 35, 8, 9], [7, 1, 0, 60, 59, 58, 2, 2, 2, 11]];

    [OneTimeSetUp]
    public void Init() => TorchRuntime.Initialise();

    private static Qwen2ForCausalLM Model(bool tied, int kvHeads, long seed) => new(new Qwen2Config
    {
        VocabSize = 61, HiddenSize = 32, IntermediateSize = 56, NumHiddenLayers = 2, NumAttentionHeads = 4,
        NumKeyValueHeads = kvHeads, TieWordEmbeddings = tied, MaxPositionEmbeddings = 64, RopeTheta = 1e6,
        RmsNormEps = 1e-6, InitStd = 0.2, Seed = seed,
    });

    private static (string Checkpoint, Npy.Array Logits) SaveAndRun(Qwen2ForCausalLM model, ScalarType? storeAs)
    {
        var checkpoint = Path.Combine(CliRunner.TempFolder(), "saved");
        Qwen2Checkpoint.Save(model, checkpoint, storeAs);
        var idsFile = LmLogitsNode.WriteIds(Ids);
        var output = Path.Combine(CliRunner.TempFolder(), "logits.npy");
        var run = CliRunner.Run("lm", "logits", "--checkpoint", checkpoint, "--ids", idsFile, "--out", output);
        Assert.That(run.ExitCode, Is.Zero, run.StdErr);
        return (checkpoint, LmLogitsNode.ReadNpy(output));
    }

    [TestCase(true, 2)]
    [TestCase(false, 1)]
    public void SaveThenLogits_EqualsTheSavedModelsForwardExactly(bool tied, int kvHeads)
    {
        using var scope = NewDisposeScope();
        using var model = Model(tied, kvHeads, seed: 21);
        var (_, logits) = SaveAndRun(model, null);
        float[] expected;
        using (torch.no_grad())
            expected = model.call(torch.tensor(Ids.SelectMany(r => r).ToArray(), [2, 10])).data<float>().ToArray();
        Assert.That(logits.Shape, Is.EqualTo(new[] { 2, 10, 61 }));
        Assert.That(logits.Data, Is.EqualTo(expected.Select(v => (double)v).ToArray()));
    }

    [TestCase(false, 2, null)]
    [TestCase(true, 4, ScalarType.BFloat16)]
    [TestCase(false, 1, ScalarType.Float16)]
    public void SavedCheckpoint_IsReadByTheIndependentReference(bool tied, int kvHeads, ScalarType? storeAs)
    {
        using var scope = NewDisposeScope();
        using var model = Model(tied, kvHeads, seed: 34);
        var (checkpoint, ours) = SaveAndRun(model, storeAs);
        var reference = LmLogitsNode.Reference(checkpoint, LmLogitsNode.WriteIds(Ids));
        double error = LmLogitsNode.MaxRelativeError(ours, reference);
        TestContext.Out.WriteLine($"max relative logits error = {LmLogitsNode.Format(error)} (tolerance {RelativeTolerance:E0})");
        Assert.That(error, Is.LessThanOrEqualTo(RelativeTolerance));
    }
}
