using NUnit.Framework;
using ProbSig.Empirics.Checkpoints.HuggingFace;
using ProbSig.Empirics.LanguageModels.Training;
using ProbSig.Empirics.Models;
using ProbSig.Empirics.Runtime;
using static TorchSharp.torch;

namespace ProbSig.Tests.GpuIntegration.LanguageModels;

/// <summary>
/// The paper-scale preset trained on CUDA in bfloat16: the loss falls towards the corpus
/// entropy, checkpoints round-trip exactly in bf16, and a resumed run carries on from its
/// checkpoint. Skipped with the reason where CUDA is absent.
/// </summary>
[TestFixture, Category("Gpu")]
public sealed class PaperScaleTrainingTests
{
    private const int Vocab = 4096;
    private string root = "";

    [OneTimeSetUp]
    public void RequireCuda()
    {
        if (!TorchRuntime.CudaAvailable())
            Assert.Ignore("CUDA is not available in this process (CPU-only libtorch or no GPU): paper-scale LM training tests skipped.");
    }

    [SetUp]
    public void MakeRoot() => root = Directory.CreateTempSubdirectory("probsig-gpu-lm-").FullName;

    [TearDown]
    public void RemoveRoot() => Directory.Delete(root, recursive: true);

    /// <summary>
    /// Documents from a fixed sparse Markov chain over the vocabulary: two successors per
    /// token (probabilities 0.7 and 0.3), so the best possible loss is 0.61 nats against
    /// ln 4096 = 8.32 for a uniform guess. No download: the GPU machine may be offline.
    /// </summary>
    private static TokenDocuments Markov(int documents = 400, int length = 1200)
    {
        var rng = new Random(3);
        var docs = new List<int[]>();
        for (int d = 0; d < documents; d++)
        {
            var ids = new int[length];
            ids[0] = rng.Next(Vocab);
            for (int i = 1; i < length; i++)
                ids[i] = rng.NextDouble() < 0.7 ? (31 * ids[i - 1] + 7) % Vocab : (17 * ids[i - 1] + 3) % Vocab;
            docs.Add(ids);
        }
        return new TokenDocuments(docs, Vocab, $"markov:{Vocab}");
    }

    private static Qwen2ForCausalLM Paper() => new(Qwen2Config.PaperScale(Vocab) with { Device = "cuda", DType = ScalarType.BFloat16 });

    private static readonly LmTrainingConfig Config = new()
    {
        Steps = 400, BatchSize = 32, SequenceLength = 256, LearningRate = 1e-3, WarmupSteps = 40, LogEvery = 20, EvalEvery = 100,
        Device = "cuda", DType = ScalarType.BFloat16,
    };

    [Test]
    public void Bf16PaperPreset_LossFallsTowardsTheChainEntropy()
    {
        using var model = Paper();
        var result = LmTrainer.Train(model, Markov(), Config);
        TestContext.Out.WriteLine($"paper bf16: loss {result.Curve[0].Loss:F3} -> {result.FinalLoss:F3}, held-out {result.FinalEvalLoss:F3}, " +
                                  $"{result.Curve[^1].TokensPerSecond:N0} tokens/s, {result.Elapsed.TotalSeconds:F0} s");
        // Not yet measured on a GPU (none was available when this was written): the bound
        // only asks that the model learned most of the chain (uniform: 8.32, optimum: 0.61).
        Assert.That(result.FinalEvalLoss, Is.Not.Null.And.LessThan(2.0));
        Assert.That(result.Curve.All(p => double.IsFinite(p.Loss)), Is.True);
    }

    [Test]
    public void Bf16Checkpoint_RoundTripsExactly_AndResumeCarriesOn()
    {
        var dir = Path.Combine(root, "ckpt");
        var config = Config with { Steps = 60, CheckpointEvery = 30, EvalEvery = 0 };
        var data = Markov(documents: 100);
        using (var first = Paper())
        {
            using var stop = new CancellationTokenSource();
            Assert.Throws<OperationCanceledException>(() => LmTrainer.Train(first, data, config, dir,
                progress: new StopAt(30, stop), cancel: stop.Token));
            using var loaded = Qwen2Checkpoint.Load(dir, "cuda", ScalarType.BFloat16);
            var a = first.state_dict();
            var b = loaded.state_dict();
            foreach (var key in a.Keys)
                Assert.That(a[key].eq(b[key]).all().item<bool>(), Is.True, $"{key} differs after the bf16 round trip");
        }
        using var resumed = Paper();
        var result = LmTrainer.Train(resumed, data, config, dir, resume: true);
        Assert.That(result.StartStep, Is.EqualTo(30));
        Assert.That(result.Curve[^1].Step, Is.EqualTo(60));
        // CUDA kernels are not bit-reproducible, so the check is that training continued from
        // the checkpoint (loss well below a fresh model's ln V = 8.32), not bit identity.
        Assert.That(result.Curve.First(p => p.Step > 30).Loss, Is.LessThan(result.Curve[0].Loss));
    }

    private sealed class StopAt(int step, CancellationTokenSource source) : IProgress<LmProgress>
    {
        public void Report(LmProgress value)
        {
            if (value.Step == step) source.Cancel();
        }
    }
}
