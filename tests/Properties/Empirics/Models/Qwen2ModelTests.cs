using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbSig.Empirics.Models;
using ProbSig.Tests.Properties.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Tests.Properties.Empirics.Models;

[TestFixture]
public sealed class Qwen2ModelTests
{
    [OneTimeSetUp]
    public void Setup() => TinyTasks.Init();

    private static Qwen2Config Small(long seed, bool tied = false, int heads = 4, int kvHeads = 2, int layers = 2) => new()
    {
        VocabSize = 37, HiddenSize = 8 * heads, IntermediateSize = 48, NumHiddenLayers = layers,
        NumAttentionHeads = heads, NumKeyValueHeads = kvHeads, TieWordEmbeddings = tied,
        MaxPositionEmbeddings = 64, InitStd = 0.2, Seed = seed, DType = ScalarType.Float64,
    };

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    [Test]
    public void Qwen25_05B_Preset_CountsExactly494032768Parameters()
    {
        Assert.That(Qwen2Config.Qwen25_05B.ParameterCount(), Is.EqualTo(494_032_768L));
        // Build it for real (bfloat16 halves the 2 GB a float32 copy would take) and count
        // the parameters the module holds, not only the formula.
        var clock = Stopwatch.StartNew();
        using var model = new Qwen2ForCausalLM(Qwen2Config.Qwen25_05B with { DType = ScalarType.BFloat16 });
        Assert.That(model.ParameterCount(), Is.EqualTo(494_032_768L));
        Assert.That(model.state_dict().ContainsKey("lm_head.weight"), Is.False, "0.5B is tied: no lm_head.weight");
        TestContext.Out.WriteLine($"built Qwen2.5-0.5B in {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Test]
    public void ParameterCount_OfTheModule_EqualsTheShapeFormula()
    {
        foreach (var (tied, heads, kv, layers) in new[] { (false, 4, 2, 2), (true, 4, 4, 1), (false, 6, 1, 3), (true, 2, 1, 2) })
        {
            var config = Small(1, tied, heads, kv, layers);
            using var model = new Qwen2ForCausalLM(config);
            Assert.That(model.ParameterCount(), Is.EqualTo(config.ParameterCount()), config.ToString());
        }
    }

    [Test]
    public void StateDictKeys_AreTransformersQwen2Names()
    {
        using var model = new Qwen2ForCausalLM(Small(1, layers: 1));
        var expected = new[]
        {
            "model.embed_tokens.weight",
            "model.layers.0.input_layernorm.weight",
            "model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.q_proj.bias",
            "model.layers.0.self_attn.k_proj.weight", "model.layers.0.self_attn.k_proj.bias",
            "model.layers.0.self_attn.v_proj.weight", "model.layers.0.self_attn.v_proj.bias",
            "model.layers.0.self_attn.o_proj.weight",
            "model.layers.0.post_attention_layernorm.weight",
            "model.layers.0.mlp.gate_proj.weight", "model.layers.0.mlp.up_proj.weight", "model.layers.0.mlp.down_proj.weight",
            "model.norm.weight", "lm_head.weight",
        };
        Assert.That(model.state_dict().Keys, Is.EquivalentTo(expected));
        Assert.That(model.state_dict()["model.layers.0.self_attn.k_proj.weight"].shape, Is.EqualTo(new long[] { 2 * 8, 32 }), "(out, in) like PyTorch; 2 kv heads x 8");
    }

    [Test]
    public void Initialisation_IsSeeded_NormsOne_BiasesZero_WeightsAtInitStd()
    {
        using var a = new Qwen2ForCausalLM(Small(7) with { HiddenSize = 64, NumAttentionHeads = 4, InitStd = 0.05 });
        using var b = new Qwen2ForCausalLM(Small(7) with { HiddenSize = 64, NumAttentionHeads = 4, InitStd = 0.05 });
        var sa = a.state_dict(); var sb = b.state_dict();
        foreach (var key in sa.Keys) Assert.That(Same(sa[key], sb[key]), Is.True, key);
        Assert.That(sa["model.norm.weight"].eq(1).all().item<bool>(), Is.True);
        Assert.That(sa["model.layers.0.self_attn.q_proj.bias"].eq(0).all().item<bool>(), Is.True);
        double std = sa["model.layers.0.mlp.up_proj.weight"].std().item<double>();
        Assert.That(std, Is.EqualTo(0.05).Within(0.003), "64 x 48 draws: std error ~ 0.05 / sqrt(2 * 3072) = 6e-4");
        using var gammaModel = new Qwen2ForCausalLM(Small(7) with { HiddenSize = 64, NumAttentionHeads = 4, InitStd = null, Gamma = 0.5 });
        Assert.That(gammaModel.state_dict()["model.embed_tokens.weight"].std().item<double>(), Is.EqualTo(1.0 / 8).Within(0.006));
    }

    [Test]
    public void ChangingAFutureToken_NeverChangesAnEarlierLogit()
    {
        var gen = from seed in Gen.Choose(0, 10_000)
                  from length in Gen.Choose(2, 12)
                  from position in Gen.Choose(1, 11)
                  from tied in Gen.Elements(true, false)
                  from kv in Gen.Elements(1, 2, 4)
                  select (seed, length, position: Math.Min(position, length - 1), tied, kv);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), c =>
        {
            using var scope = NewDisposeScope();
            using var model = new Qwen2ForCausalLM(Small(c.seed, c.tied, heads: 4, kvHeads: c.kv));
            var rng = new Random(c.seed);
            var ids = Enumerable.Range(0, c.length).Select(_ => (long)rng.Next(37)).ToArray();
            var changed = (long[])ids.Clone();
            changed[c.position] = (ids[c.position] + 1 + rng.Next(36)) % 37;
            using var noGrad = no_grad();
            var before = model.call(tensor(ids).unsqueeze(0));
            var after = model.call(tensor(changed).unsqueeze(0));
            // Exactly equal before the changed position; different from it on.
            bool prefixSame = Same(before[.., ..c.position], after[.., ..c.position]);
            bool atChangeDiffers = !Same(before[.., c.position], after[.., c.position]);
            return prefixSame && atChangeDiffers;
        }), cases: 40);
    }

    [Test]
    public void RotaryScores_DependOnlyOnRelativePosition()
    {
        var gen = from seed in Gen.Choose(0, 100_000)
                  from m in Gen.Choose(0, 200)
                  from n in Gen.Choose(0, 200)
                  from shift in Gen.Choose(1, 3000)
                  select (seed, m, n, shift);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), c =>
        {
            using var scope = NewDisposeScope();
            const int headDim = 16;
            using var generator = new Generator((ulong)c.seed);
            var q = randn(new long[] { 1, 1, 1, headDim }, dtype: ScalarType.Float64, generator: generator);
            var k = randn(new long[] { 1, 1, 1, headDim }, dtype: ScalarType.Float64, generator: generator);
            int longest = Math.Max(c.m, c.n) + c.shift + 1;
            var (cos, sin) = Qwen2Rotary.Angles(longest, headDim, 1e6, CPU);
            cos = cos.to(ScalarType.Float64); sin = sin.to(ScalarType.Float64);
            double Score(int qi, int ki) =>
                (Qwen2Rotary.Apply(q, cos[qi..(qi + 1)], sin[qi..(qi + 1)]) * Qwen2Rotary.Apply(k, cos[ki..(ki + 1)], sin[ki..(ki + 1)])).sum().item<double>();
            double near = Score(c.m, c.n), far = Score(c.m + c.shift, c.n + c.shift);
            // Angles are float32 (as in transformers): at position ~3000 an angle carries
            // ~3000 * 6e-8 = 2e-4 rad of rounding, so scores of norm-4 vectors agree to ~1e-2.
            return Math.Abs(near - far) <= 2e-2 * (1 + Math.Abs(near));
        }), cases: 60);
    }

    [Test]
    public void Rotary_AtPositionZero_IsTheIdentity_AndPreservesNorms()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        var x = randn(new long[] { 2, 3, 5, 8 }, generator: generator);
        var (cos, sin) = Qwen2Rotary.Angles(5, 8, 1e6, CPU);
        var y = Qwen2Rotary.Apply(x, cos, sin);
        Assert.That(y[.., .., 0].allclose(x[.., .., 0]), Is.True, "angle 0");
        Assert.That(y.pow(2).sum(-1).allclose(x.pow(2).sum(-1), rtol: 1e-5, atol: 1e-6), Is.True, "a rotation keeps norms");
    }

    [Test]
    public void SmallModel_OverfitsAShortText_ToNearZeroLoss()
    {
        // One sentence of 24 tokens seen over and over: a 2-block model must memorise it.
        using var model = new Qwen2ForCausalLM(Small(5) with { DType = ScalarType.Float32, InitStd = 0.02 });
        var ids = tensor("the cat sat on the mat and the dog sat on the log by the cat".Select(ch => (long)(ch % 37)).Take(25).ToArray()).unsqueeze(0);
        using var optimiser = optim.AdamW(model.parameters(), lr: 1e-2);
        double loss = double.NaN;
        for (int step = 0; step < 150; step++)
        {
            using var scope = NewDisposeScope();
            optimiser.zero_grad();
            var logits = model.call(ids[.., ..^1]);                                  // (1, 24, V)
            var l = nn.functional.cross_entropy(logits.reshape(-1, 37), ids[.., 1..].reshape(-1));
            l.backward();
            optimiser.step();
            loss = l.item<float>();
        }
        Assert.That(loss, Is.LessThan(0.05), "memorising 24 next tokens");
    }

    [Test]
    public void ForwardLoop_LeavesNoLiveTensors()
    {
        using var model = new Qwen2ForCausalLM(Small(2));
        var ids = tensor(new long[] { 1, 2, 3, 4, 5 }).unsqueeze(0);
        using (var warm = NewDisposeScope()) model.call(ids);
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 20; i++)
        {
            using var scope = NewDisposeScope();
            model.call(ids).sum().backward();
            model.zero_grad();
        }
        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(before));
    }

    [Test]
    public void BadConfigs_AreNamed()
    {
        Assert.That(() => new Qwen2ForCausalLM(Small(1) with { NumKeyValueHeads = 3 }),
            Throws.ArgumentException.With.Message.Contains("NumKeyValueHeads"));
        Assert.That(() => new Qwen2ForCausalLM(Small(1) with { HiddenSize = 30 }),
            Throws.ArgumentException.With.Message.Contains("HiddenSize"));
        Assert.That(() => Qwen2Config.Preset("huge", 10), Throws.ArgumentException.With.Message.Contains("cpu-tiny"));
        using var model = new Qwen2ForCausalLM(Small(1));
        Assert.That(() => model.call(tensor(new long[] { 1, 2, 3 })), Throws.ArgumentException.With.Message.Contains("(batch, length)"));
    }
}
