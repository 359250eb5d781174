using NUnit.Framework;
using ProbSig.Empirics.LanguageModels.Training;
using ProbSig.Empirics.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ProbSig.Tests.Properties.Empirics.LanguageModels.Training;

/// <summary>Our AdamW against TorchSharp's torch.optim.AdamW, and its state round trip.</summary>
[TestFixture]
public sealed class LmAdamWTests
{
    [OneTimeSetUp]
    public void Setup() => TorchRuntime.Initialise();

    private static (Parameter Matrix, Parameter Vector) Parameters(long seed)
    {
        using var g = new Generator((ulong)seed);
        return (new Parameter(randn(new long[] { 5, 4 }, generator: g)), new Parameter(randn(new long[] { 4 }, generator: g)));
    }

    /// <summary>A loss with a non-trivial gradient for both parameters; the input changes with the step.</summary>
    private static Tensor Loss(Parameter m, Parameter v, int step)
    {
        using var g = new Generator((ulong)(100 + step));
        var x = randn(new long[] { 3, 4 }, generator: g);
        return (x * v).matmul(m.t()).tanh().pow(2).sum();
    }

    [Test]
    public void Steps_MatchTorchSharpsAdamW()
    {
        const double lr = 0.01, wd = 0.1, b1 = 0.9, b2 = 0.95, eps = 1e-8;
        var (m1, v1) = Parameters(1);
        var (m2, v2) = Parameters(1);
        // TorchSharp's AdamW with our convention: decay on the matrix, none on the vector.
        var reference = optim.AdamW(new[]
        {
            new AdamW.ParamGroup(new[] { m2 }, new AdamW.Options { LearningRate = lr, weight_decay = wd, beta1 = b1, beta2 = b2, eps = eps }),
            new AdamW.ParamGroup(new[] { v2 }, new AdamW.Options { LearningRate = lr, weight_decay = 0, beta1 = b1, beta2 = b2, eps = eps }),
        }, lr, b1, b2, eps, wd);
        using var ours = new LmAdamW(new[] { ("m", m1), ("v", v1) }, b1, b2, eps, wd);
        for (int step = 1; step <= 6; step++)
        {
            using var scope = NewDisposeScope();
            ours.ZeroGrad();
            Loss(m1, v1, step).backward();
            ours.Step(lr);
            reference.zero_grad();
            Loss(m2, v2, step).backward();
            reference.step();
        }
        // Measured: a difference of exactly 0 after 6 steps (the same tensor operations in the same order);
        // the tolerance allows for a differently ordered but equivalent libtorch kernel.
        TestContext.Out.WriteLine($"max difference: matrix {m1.sub(m2).abs().max().ToDouble():G3}, vector {v1.sub(v2).abs().max().ToDouble():G3}");
        Assert.That(m1.sub(m2).abs().max().ToDouble(), Is.LessThanOrEqualTo(1e-7));
        Assert.That(v1.sub(v2).abs().max().ToDouble(), Is.LessThanOrEqualTo(1e-7));
        Assert.That(m1.sub(Parameters(1).Matrix).abs().max().ToDouble(), Is.GreaterThan(1e-3), "the parameters moved");
    }

    [Test]
    public void SavedState_ContinuesExactly()
    {
        const double lr = 0.02;
        var (ma, va) = Parameters(2);
        using var a = new LmAdamW(new[] { ("m", ma), ("v", va) }, 0.9, 0.95, 1e-8, 0.1);
        void Run(LmAdamW opt, Parameter m, Parameter v, int from, int to)
        {
            for (int step = from; step <= to; step++)
            {
                using var scope = NewDisposeScope();
                opt.ZeroGrad();
                Loss(m, v, step).backward();
                opt.Step(lr);
            }
        }
        Run(a, ma, va, 1, 3);
        var state = a.StateTensors();
        var path = Path.Combine(Path.GetTempPath(), $"probsig-adamw-{Guid.NewGuid():N}.safetensors");
        try
        {
            ProbSig.Empirics.Checkpoints.SafeTensorsFile.Write(path, state);
            var (mb, vb) = Parameters(99);
            using (no_grad()) { mb.copy_(ma); vb.copy_(va); }
            using var b = new LmAdamW(new[] { ("m", mb), ("v", vb) }, 0.9, 0.95, 1e-8, 0.1);
            var loaded = ProbSig.Empirics.Checkpoints.SafeTensorsFile.Read(path);
            Assert.That(loaded.Keys, Is.EquivalentTo(new[] { "exp_avg.m", "exp_avg_sq.m", "exp_avg.v", "exp_avg_sq.v" }));
            b.Load(loaded, a.StepCount);
            Run(a, ma, va, 4, 6);
            Run(b, mb, vb, 4, 6);
            Assert.That(ma.eq(mb).all().item<bool>(), Is.True);
            Assert.That(va.eq(vb).all().item<bool>(), Is.True);
        }
        finally
        {
            File.Delete(path);
            foreach (var t in state.Values) t.Dispose();
        }
    }

    [Test]
    public void Bf16Parameter_KeepsAFloat32MasterSoSmallUpdatesAccumulate()
    {
        // 100 updates of about 1e-4 each, every one below bf16's half-ulp at 1.0 (2^-8):
        // rounding after each step alone would leave the weight at exactly 1.
        var p = new Parameter(ones(new long[] { 4, 4 }, dtype: ScalarType.BFloat16));
        using var opt = new LmAdamW(new[] { ("w", p) }, 0.9, 0.95, 1e-8, weightDecay: 0);
        for (int step = 0; step < 100; step++)
        {
            using var scope = NewDisposeScope();
            opt.ZeroGrad();
            p.sum().backward();
            opt.Step(1e-4);
        }
        var state = opt.StateTensors();
        Assert.That(state.Keys, Does.Contain("master.w"));
        Assert.That(state["master.w"].max().ToDouble(), Is.EqualTo(0.99).Within(1e-4));
        Assert.That(p.to(ScalarType.Float32).max().ToDouble(), Is.LessThan(1.0));
        Assert.That(p.dtype, Is.EqualTo(ScalarType.BFloat16));
        foreach (var t in state.Values) t.Dispose();
    }
}
