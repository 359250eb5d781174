using System.Text.Json;
using NUnit.Framework;
using ProbSig.Empirics.Checkpoints;
using ProbSig.Empirics.Checkpoints.HuggingFace;
using ProbSig.Empirics.Models;
using ProbSig.Empirics.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Tests.Properties.Empirics.Checkpoints.HuggingFace;

/// <summary>Save then Load of <see cref="Qwen2Checkpoint"/> gives the same model.</summary>
[TestFixture]
public sealed class Qwen2CheckpointTests
{
    private string dir = "";

    [OneTimeSetUp]
    public void Init() => TorchRuntime.Initialise();

    [SetUp]
    public void MakeFolder()
    {
        dir = Path.Combine(Path.GetTempPath(), "probsig-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(dir, recursive: true);

    internal static Qwen2Config Small(bool tied, int kvHeads, long seed) => new()
    {
        VocabSize = 67, HiddenSize = 32, IntermediateSize = 48, NumHiddenLayers = 2, NumAttentionHeads = 4,
        NumKeyValueHeads = kvHeads, TieWordEmbeddings = tied, MaxPositionEmbeddings = 64, RopeTheta = 5000,
        RmsNormEps = 1e-5, InitStd = 0.2, Seed = seed,
    };

    private static Tensor Logits(Qwen2ForCausalLM model)
    {
        using var noGrad = torch.no_grad();
        var ids = torch.tensor(new long[] { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3 }).view(2, 8);
        return model.call(ids);
    }

    [TestCase(true, 2)]
    [TestCase(false, 4)]
    [TestCase(false, 1)]
    public void SaveThenLoad_Float32_GivesIdenticalParametersAndLogits(bool tied, int kvHeads)
    {
        using var scope = NewDisposeScope();
        using var model = new Qwen2ForCausalLM(Small(tied, kvHeads, seed: 11));
        var ckpt = Path.Combine(dir, "ckpt");
        Qwen2Checkpoint.Save(model, ckpt);
        using var back = Qwen2Checkpoint.Load(ckpt);

        Assert.That(back.Config with { InitStd = null, Seed = 0 }, Is.EqualTo(model.Config with { InitStd = null, Seed = 0 }));
        var a = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var b = back.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.That(b.Keys, Is.EquivalentTo(a.Keys));
        foreach (var (name, p) in a) Assert.That(b[name].equal(p).all().item<bool>(), Is.True, name);
        Assert.That(Logits(back).equal(Logits(model)).all().item<bool>(), Is.True);

        var header = SafeTensorsFile.ReadHeader(Path.Combine(ckpt, "model.safetensors"));
        Assert.That(header.Tensors.ContainsKey("lm_head.weight"), Is.EqualTo(!tied));
        Assert.That(header.Metadata["format"], Is.EqualTo("pt"));
        Assert.That(Directory.GetDirectories(dir), Is.EqualTo(new[] { ckpt }), "no temporary folder is left behind");
    }

    [Test]
    public void SaveAsBFloat16_StoresBf16AndLoadsTheRoundedWeightsExactly()
    {
        using var scope = NewDisposeScope();
        using var model = new Qwen2ForCausalLM(Small(false, 2, seed: 3));
        var ckpt = Path.Combine(dir, "bf16");
        Qwen2Checkpoint.Save(model, ckpt, ScalarType.BFloat16);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(ckpt, "config.json")));
        Assert.That(config.RootElement.GetProperty("torch_dtype").GetString(), Is.EqualTo("bfloat16"));
        Assert.That(SafeTensorsFile.ReadHeader(Path.Combine(ckpt, "model.safetensors")).Tensors.Values.Select(e => e.DType).Distinct(), Is.EqualTo(new[] { "BF16" }));

        using var back = Qwen2Checkpoint.Load(ckpt);
        var b = back.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in model.named_parameters())
            Assert.That(b[name].equal(p.to(ScalarType.BFloat16).to(ScalarType.Float32)).all().item<bool>(), Is.True, name);
    }

    [Test]
    public void Save_IntoExistingFolder_ReplacesCheckpointFilesAndKeepsOthers()
    {
        using var scope = NewDisposeScope();
        var ckpt = Path.Combine(dir, "run");
        Directory.CreateDirectory(ckpt);
        File.WriteAllText(Path.Combine(ckpt, "curves.csv"), "step,loss\n");
        using var first = new Qwen2ForCausalLM(Small(true, 2, seed: 1));
        using var second = new Qwen2ForCausalLM(Small(true, 2, seed: 2));
        Qwen2Checkpoint.Save(first, ckpt);
        Qwen2Checkpoint.Save(second, ckpt);
        using var back = Qwen2Checkpoint.Load(ckpt);
        Assert.That(back.EmbeddingWeight.equal(second.EmbeddingWeight).all().item<bool>(), Is.True);
        Assert.That(File.Exists(Path.Combine(ckpt, "curves.csv")), Is.True);
        Assert.That(Directory.GetDirectories(dir), Is.EqualTo(new[] { ckpt }));
    }
}
