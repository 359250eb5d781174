using NUnit.Framework;
using ProbSig.Empirics.Models;
using ProbSig.Empirics.Training;
using ProbSig.Tests.Properties.Empirics.Models;
using ProbSig.Theory.Populations;
using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Tests.Properties.Empirics.Training;

[TestFixture]
public sealed class TrainerTests
{
    [OneTimeSetUp]
    public void Setup() => TinyTasks.Init();

    private static LinearModel SeparableModel(long seed = 1) =>
        new(new LinearModelConfig { VocabularySize = 4, ClassCount = 2, Width = 8, InitStd = 0.1, Gamma = null, Seed = seed });

    /// <summary>Reports on the training thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Recorder<T>(Action<T> onReport) : IProgress<T>
    {
        public void Report(T value) => onReport(value);
    }

    [Test]
    public void GradientDescentAtSmallRate_LowersTheLossEveryStep_AndSeparates()
    {
        using var model = SeparableModel();
        var reported = new List<TrainingProgress>();
        var result = new Trainer(new TrainingConfig { LearningRate = 0.5, Steps = 300, LogEvery = 1 })
            .Train(model, TinyTasks.Separable(), FeatureMap.Counts(4), progress: new Recorder<TrainingProgress>(reported.Add));

        // Update k descends from the full-batch loss after k - 1 updates: the logged loss at step k - 1.
        Assert.That(reported.Select(r => r.Step), Is.EqualTo(Enumerable.Range(1, 300)));
        for (int k = 1; k <= 300; k++)
            Assert.That(reported[k - 1].Loss, Is.EqualTo(result.Loss[k - 1]).Within(1e-12));

        Assert.That(result.Loss, Has.Count.EqualTo(301));
        Assert.That(result.Loss[0], Is.EqualTo(Math.Log(2)).Within(0.01), "small init starts near the uniform prediction");
        for (int k = 1; k < result.Loss.Count; k++)
            Assert.That(result.Loss[k], Is.LessThan(result.Loss[k - 1]), $"step {result.LoggedSteps[k]}");
        Assert.That(result.FinalAccuracy, Is.EqualTo(1.0));
        Assert.That(result.FinalLoss, Is.LessThan(0.1));
    }

    [Test]
    public void LoggedLossAndAccuracy_AreThePopulationWeightedExpectations()
    {
        var population = TinyTasks.Mixed();
        var map = FeatureMap.Counts(4);
        using var model = new LinearModel(new LinearModelConfig { VocabularySize = 4, ClassCount = 3, Width = 5, InitStd = 0.8, Gamma = null, Seed = 21 });
        var product = TinyTasks.Multiply(model.UnembeddingMatrix(), TinyTasks.Transpose(model.EmbeddingMatrix()));
        var phi = TinyTasks.Phi(population, map);
        double loss = 0, accuracy = 0;
        for (int n = 0; n < phi.Length; n++)
        {
            var z = new double[3];
            for (int y = 0; y < 3; y++)
                for (int s = 0; s < 4; s++) z[y] += product[y, s] * phi[n][s];
            var sample = population.Samples[n];
            loss -= sample.Weight * Math.Log(TinyTasks.Softmax(z)[sample.Label]);
            if (Array.IndexOf(z, z.Max()) == sample.Label) accuracy += sample.Weight;
        }
        var result = new Trainer(new TrainingConfig { Steps = 0 }).Train(model, population, map);
        Assert.That(result.LoggedSteps, Is.EqualTo(new[] { 0 }));
        Assert.That(result.Loss[0], Is.EqualTo(loss).Within(1e-12));
        Assert.That(result.Accuracy[0], Is.EqualTo(accuracy).Within(1e-12));
        Assert.That(accuracy, Is.GreaterThan(0).And.LessThan(1), "the check must not pass trivially");
    }

    [Test]
    public void HugeLearningRate_ThrowsTrainingDivergedNamingTheStep()
    {
        using var model = new LinearModel(new LinearModelConfig { VocabularySize = 4, ClassCount = 3, Width = 8, InitStd = 1, Gamma = null });
        var trainer = new Trainer(new TrainingConfig { LearningRate = 1e6, Steps = 2000, LogEvery = 1000 });
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Train(model, TinyTasks.Mixed(), FeatureMap.Counts(4)));
        Assert.That(e!.Step, Is.GreaterThan(0));
        Assert.That(double.IsFinite(e.Loss), Is.False);
        Assert.That(e.Message, Does.Contain($"at step {e.Step}"));
        Assert.That(e.LastFiniteLoss, Is.Not.Null);
        Assert.That(e.Message, Does.Contain("last finite loss was"));
    }

    [Test]
    public void Curves_HaveOneEntryPerLoggedStep_AndSnapshotsComeAtTheRequestedSteps()
    {
        using var model = SeparableModel(seed: 2);
        var initial = model.EmbeddingMatrix();
        var seen = new List<(int Step, double[,] Embedding)>();
        var config = new TrainingConfig { LearningRate = 0.2, Steps = 25, LogEvery = 10, SnapshotSteps = new[] { 25, 0, 7 } };
        var result = new Trainer(config).Train(model, TinyTasks.Separable(), FeatureMap.Counts(4),
            observer: (step, embedding) => { seen.Add((step, embedding)); return embedding[0, 0] + 1000 * step; },
            observerName: "probe");

        Assert.That(result.LoggedSteps, Is.EqualTo(new[] { 0, 10, 20, 25 }));
        Assert.That(result.Loss, Has.Count.EqualTo(4));
        Assert.That(result.Accuracy, Has.Count.EqualTo(4));
        Assert.That(result.Curves.Keys, Is.EqualTo(new[] { "probe" }));
        Assert.That(result.Curves["probe"], Has.Count.EqualTo(4));
        Assert.That(seen.Select(s => s.Step), Is.EqualTo(new[] { 0, 10, 20, 25 }));
        for (int k = 0; k < 4; k++)
            Assert.That(result.Curves["probe"][k], Is.EqualTo(seen[k].Embedding[0, 0] + 1000 * seen[k].Step));

        Assert.That(result.Snapshots.Select(s => s.Step), Is.EqualTo(new[] { 0, 7, 25 }));
        Assert.That(result.Snapshots[0].Embedding, Is.EqualTo(initial));
        Assert.That(result.Snapshots[2].Embedding, Is.EqualTo(model.EmbeddingMatrix()));
        Assert.That(result.Snapshots[2].Embedding, Is.EqualTo(seen[3].Embedding));
        Assert.That(result.Snapshots[1].Embedding.GetLength(0), Is.EqualTo(4));
        Assert.That(result.Snapshots[1].Embedding.GetLength(1), Is.EqualTo(8));
        Assert.That(result.Snapshots[1].Unembedding.GetLength(0), Is.EqualTo(2));
        Assert.That(TinyTasks.MaxAbsDiff(result.Snapshots[1].Embedding, initial), Is.GreaterThan(0));
    }

    [Test]
    public void ProgressReportsEveryStep_AndLiveTensorCountStaysFlatOver200Steps(
        [Values(Optimiser.GradientDescent, Optimiser.Sgd, Optimiser.AdamW)] Optimiser optimiser)
    {
        using var model = new FeedForwardModel(new FeedForwardModelConfig
        {
            Shape = FeedForwardShape.HiddenLayerMlp, VocabularySize = 4, ClassCount = 3, Width = 8, HiddenWidth = 6, InitStd = 0.3, Gamma = null,
        });
        var live = new List<long>();
        var steps = new List<int>();
        var progress = new Recorder<TrainingProgress>(p =>
        {
            steps.Add(p.Step);
            live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        });
        var config = new TrainingConfig
        {
            Optimiser = optimiser, LearningRate = optimiser == Optimiser.AdamW ? 0.01 : 0.2, Steps = 200, LogEvery = 20,
            BatchSize = optimiser == Optimiser.Sgd ? 4 : null, SnapshotSteps = new[] { 100 },
        };
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var result = new Trainer(config).Train(model, TinyTasks.Mixed(), FeatureMap.Counts(4),
            observer: (_, e) => e[0, 0], progress: progress);
        long after = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        Assert.That(steps, Is.EqualTo(Enumerable.Range(1, 200)));
        Assert.That(live.Skip(1).Distinct().Count(), Is.EqualTo(1),
            $"live tensors per step: first {live[0]}, min {live.Min()}, max {live.Max()}");
        Assert.That(after, Is.EqualTo(before), "nothing the run created outlives it");
        Assert.That(result.FinalLoss, Is.LessThan(result.Loss[0]));
    }

    [Test]
    public void Sgd_IsReproducibleFromItsSeed_AndDependsOnIt()
    {
        double[,] Run(long samplerSeed)
        {
            using var model = SeparableModel();
            new Trainer(new TrainingConfig { Optimiser = Optimiser.Sgd, BatchSize = 2, LearningRate = 0.5, Steps = 30, Seed = samplerSeed })
                .Train(model, TinyTasks.Separable(), FeatureMap.Counts(4));
            return model.EmbeddingMatrix();
        }
        var a = Run(3);
        Assert.That(Run(3), Is.EqualTo(a));
        Assert.That(TinyTasks.MaxAbsDiff(Run(4), a), Is.GreaterThan(0));
    }

    [Test]
    public void AdamW_WeightDecayShrinksTheUnusedTokens()
    {
        // Token 2 never occurs: its embedding gets no loss gradient, only the decoupled decay
        // W <- W (1 - lr * wd) per step.
        var population = Population.Exact(3, 2, new (IReadOnlyList<int>, int, double)[] { (new[] { 0 }, 0, 0.5), (new[] { 1 }, 1, 0.5) });
        using var model = new LinearModel(new LinearModelConfig { VocabularySize = 3, ClassCount = 2, Width = 4, InitStd = 0.5, Gamma = null });
        var before = model.EmbeddingMatrix();
        const double lr = 0.01, wd = 0.5;
        const int steps = 20;
        var result = new Trainer(new TrainingConfig { Optimiser = Optimiser.AdamW, LearningRate = lr, WeightDecay = wd, Steps = steps })
            .Train(model, population, FeatureMap.Counts(3));
        var after = model.EmbeddingMatrix();
        double factor = Math.Pow(1 - lr * wd, steps);
        for (int k = 0; k < 4; k++)
            Assert.That(after[2, k], Is.EqualTo(before[2, k] * factor).Within(1e-12));
        Assert.That(result.FinalLoss, Is.LessThan(result.Loss[0]));
    }

    [Test]
    public void FeatureTensors_AreDensePhiLabelsAndWeights()
    {
        var population = Population.Exact(3, 2, new (IReadOnlyList<int>, int, double)[]
        {
            (new[] { 2, 0, 2 }, 1, 3), (new[] { 1, 1, 0 }, 0, 1),
        });
        using var scope = NewDisposeScope();
        var (x, y, w) = FeatureTensors.FromPopulation(population, FeatureMap.Counts(3));
        Assert.That(TinyTasks.ToArray(x), Is.EqualTo(new double[,] { { 1, 0, 2 }, { 1, 2, 0 } }));
        Assert.That(y.dtype, Is.EqualTo(ScalarType.Int64));
        Assert.That(y.data<long>().ToArray(), Is.EqualTo(new long[] { 1, 0 }));
        Assert.That(w.data<double>().ToArray(), Is.EqualTo(new[] { 0.75, 0.25 }));

        var (p, _, _) = FeatureTensors.FromPopulation(population, FeatureMap.PositionResolved(3, 3), ScalarType.Float32);
        Assert.That(p.dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(TinyTasks.ToArray(p), Is.EqualTo(new double[,]
        {
            { 0, 0, 1, 1, 0, 0, 0, 0, 1 },
            { 0, 1, 0, 0, 1, 0, 1, 0, 0 },
        }));
        Assert.Throws<ArgumentException>(() => FeatureTensors.FromPopulation(population, FeatureMap.Counts(4)));
    }

    [Test]
    public void ModelAndPopulationSizes_MustAgree()
    {
        using var model = SeparableModel();
        var trainer = new Trainer(new TrainingConfig { Steps = 1 });
        var e = Assert.Throws<ArgumentException>(() => trainer.Train(model, TinyTasks.Mixed(), FeatureMap.Counts(4)));
        Assert.That(e!.Message, Does.Contain("3 classes"));
        var pr = Population.Exact(4, 2, new (IReadOnlyList<int>, int, double)[] { (new[] { 0, 1 }, 0, 1) });
        e = Assert.Throws<ArgumentException>(() => trainer.Train(model, pr, FeatureMap.PositionResolved(4, 2)));
        Assert.That(e!.Message, Does.Contain("[N, 4]"));

        using var scope = NewDisposeScope();
        var (x, y, w) = FeatureTensors.FromPopulation(TinyTasks.Separable(), FeatureMap.Counts(4), ScalarType.Float32);
        e = Assert.Throws<ArgumentException>(() => trainer.Train(model, x, y, w));
        Assert.That(e!.Message, Does.Contain("Float32"));
    }

    [TestCase("rate", "LearningRate is -1")]
    [TestCase("steps", "Steps is -5")]
    [TestCase("log", "LogEvery is 0")]
    [TestCase("sgdBatch", "BatchSize is null")]
    [TestCase("gdBatch", "BatchSize is 8")]
    [TestCase("decay", "WeightDecay is 0.1")]
    [TestCase("snapshot", "SnapshotSteps contains 11")]
    public void InvalidTrainingConfig_ThrowsNamingTheFieldAndValue(string what, string expectedText)
    {
        var config = what switch
        {
            "rate" => new TrainingConfig { LearningRate = -1 },
            "steps" => new TrainingConfig { Steps = -5 },
            "log" => new TrainingConfig { LogEvery = 0 },
            "sgdBatch" => new TrainingConfig { Optimiser = Optimiser.Sgd },
            "gdBatch" => new TrainingConfig { BatchSize = 8 },
            "decay" => new TrainingConfig { WeightDecay = 0.1 },
            _ => new TrainingConfig { Steps = 10, SnapshotSteps = new[] { 0, 11 } },
        };
        var e = Assert.Throws<ArgumentException>(() => _ = new Trainer(config));
        Assert.That(e!.Message, Does.Contain(expectedText));
    }
}
