using NUnit.Framework;
using ProbSig.Empirics.Models;
using ProbSig.Empirics.Training;
using ProbSig.Theory.Populations;
using static TorchSharp.torch;

namespace ProbSig.Tests.Properties.Empirics.Models;

[TestFixture]
public sealed class LinearModelTests
{
    // float64 autograd against a hand computation on a 5-sample population: only rounding differs.
    private const double GradientTolerance = 1e-10;

    [OneTimeSetUp]
    public void Setup() => TinyTasks.Init();

    /// <summary>G = E[(p - e_Y) phi^T] (C x D), computed by hand from the model's matrices.</summary>
    private static double[,] ResidualMoment(Population population, FeatureMap map, double[,] embedding, double[,] unembedding)
    {
        var phi = TinyTasks.Phi(population, map);
        var product = TinyTasks.Multiply(unembedding, TinyTasks.Transpose(embedding)); // W_U W_E, C x D
        int c = product.GetLength(0), dim = product.GetLength(1);
        var g = new double[c, dim];
        for (int n = 0; n < phi.Length; n++)
        {
            var z = new double[c];
            for (int y = 0; y < c; y++)
                for (int s = 0; s < dim; s++) z[y] += product[y, s] * phi[n][s];
            var p = TinyTasks.Softmax(z);
            var sample = population.Samples[n];
            for (int y = 0; y < c; y++)
            {
                double r = p[y] - (y == sample.Label ? 1 : 0);
                for (int s = 0; s < dim; s++) g[y, s] += sample.Weight * r * phi[n][s];
            }
        }
        return g;
    }

    private static void Backward(nn.Module<Tensor, Tensor> model, Population population, FeatureMap map)
    {
        using var scope = NewDisposeScope();
        var (x, y, w) = FeatureTensors.FromPopulation(population, map);
        Trainer.WeightedCrossEntropy(model.call(x), y, w).backward();
    }

    [Test]
    public void Gradients_EqualTheAnalyticFormulasOfTheory3()
    {
        var population = TinyTasks.Mixed();
        var map = FeatureMap.Counts(4);
        using var model = new LinearModel(new LinearModelConfig { VocabularySize = 4, ClassCount = 3, Width = 5, InitStd = 0.7, Gamma = null, Seed = 3 });
        var emb = model.EmbeddingMatrix();     // W_E^T, D x d
        var unemb = model.UnembeddingMatrix(); // W_U, C x d
        Backward(model, population, map);

        var g = ResidualMoment(population, map, emb, unemb);
        var expectedWU = TinyTasks.Multiply(g, emb);                      // G W_E^T, C x d
        var expectedWE = TinyTasks.Multiply(TinyTasks.Transpose(unemb), g); // W_U^T G, d x D
        Assert.That(TinyTasks.MaxAbsDiff(TinyTasks.Grad(model, "W_U"), expectedWU), Is.LessThan(GradientTolerance));
        Assert.That(TinyTasks.MaxAbsDiff(TinyTasks.Grad(model, "W_E"), expectedWE), Is.LessThan(GradientTolerance));
        Assert.That(expectedWE.Cast<double>().Max(Math.Abs), Is.GreaterThan(1e-3), "the check must not pass trivially");
    }

    [Test]
    public void TiedGradient_IsWTimesGPlusGTranspose()
    {
        var population = TinyTasks.Square();
        var map = FeatureMap.Counts(3);
        using var model = new LinearModel(new LinearModelConfig { VocabularySize = 3, ClassCount = 3, Width = 4, Tied = true, InitStd = 0.8, Gamma = null, Seed = 5 });
        var emb = model.EmbeddingMatrix(); // W^T, V x d
        Assert.That(TinyTasks.MaxAbsDiff(model.UnembeddingMatrix(), emb), Is.EqualTo(0.0), "tied: W_U = W^T");
        Backward(model, population, map);

        var g = ResidualMoment(population, map, emb, emb);
        var sym = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) sym[i, j] = g[i, j] + g[j, i];
        var expected = TinyTasks.Multiply(TinyTasks.Transpose(emb), sym); // W (G + G^T), d x V
        Assert.That(TinyTasks.MaxAbsDiff(TinyTasks.Grad(model, "W_E"), expected), Is.LessThan(GradientTolerance));
    }

    [Test]
    public void OneGradientDescentStep_IsWMinusEtaTimesTheAnalyticGradient()
    {
        const double eta = 0.3;
        var population = TinyTasks.Mixed();
        var map = FeatureMap.Counts(4);
        using var model = new LinearModel(new LinearModelConfig { VocabularySize = 4, ClassCount = 3, Width = 5, InitStd = 0.7, Gamma = null, Seed = 11 });
        var result = new Trainer(new TrainingConfig { LearningRate = eta, Steps = 1, LogEvery = 1, SnapshotSteps = new[] { 0, 1 } })
            .Train(model, population, map);

        var before = result.Snapshots[0];
        var after = result.Snapshots[1];
        var g = ResidualMoment(population, map, before.Embedding, before.Unembedding);
        var gradWU = TinyTasks.Multiply(g, before.Embedding);                                        // C x d
        var gradWEt = TinyTasks.Transpose(TinyTasks.Multiply(TinyTasks.Transpose(before.Unembedding), g)); // D x d
        var expectedEmb = new double[4, 5];
        var expectedUnemb = new double[3, 5];
        for (int i = 0; i < 4; i++) for (int k = 0; k < 5; k++) expectedEmb[i, k] = before.Embedding[i, k] - eta * gradWEt[i, k];
        for (int y = 0; y < 3; y++) for (int k = 0; k < 5; k++) expectedUnemb[y, k] = before.Unembedding[y, k] - eta * gradWU[y, k];
        Assert.That(TinyTasks.MaxAbsDiff(after.Embedding, expectedEmb), Is.LessThan(GradientTolerance));
        Assert.That(TinyTasks.MaxAbsDiff(after.Unembedding, expectedUnemb), Is.LessThan(GradientTolerance));
    }

    [Test]
    public void Forward_IsWUWEPhi_ForPositionResolvedFeatures()
    {
        var population = Population.Exact(3, 2, new (IReadOnlyList<int>, int, double)[]
        {
            (new[] { 0, 2 }, 0, 0.5), (new[] { 2, 1 }, 1, 0.5),
        });
        var map = FeatureMap.PositionResolved(3, 2);
        using var model = new LinearModel(new LinearModelConfig { VocabularySize = map.Dimension, ClassCount = 2, Width = 3, InitStd = 0.5, Gamma = null });
        using var scope = NewDisposeScope();
        var (x, _, _) = FeatureTensors.FromPopulation(population, map);
        var logits = TinyTasks.ToArray(model.call(x));
        var phi = TinyTasks.Phi(population, map);
        var product = TinyTasks.Multiply(model.UnembeddingMatrix(), TinyTasks.Transpose(model.EmbeddingMatrix()));
        for (int n = 0; n < 2; n++)
            for (int y = 0; y < 2; y++)
            {
                double z = 0;
                for (int s = 0; s < 6; s++) z += product[y, s] * phi[n][s];
                Assert.That(logits[n, y], Is.EqualTo(z).Within(1e-14));
            }
    }

    [Test]
    public void StateDictKeys_AreTheTheoryNames()
    {
        using var plain = new LinearModel(new LinearModelConfig { VocabularySize = 5, ClassCount = 3, Width = 7 });
        var shapes = plain.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);
        Assert.That(shapes.Keys, Is.EquivalentTo(new[] { "W_E", "W_U" }));
        Assert.That(shapes["W_E"], Is.EqualTo(new long[] { 7, 5 }));
        Assert.That(shapes["W_U"], Is.EqualTo(new long[] { 3, 7 }));
        Assert.That(plain.EmbeddingMatrix().GetLength(0), Is.EqualTo(5));
        Assert.That(plain.UnembeddingMatrix().GetLength(0), Is.EqualTo(3));

        using var tied = new LinearModel(new LinearModelConfig { VocabularySize = 3, ClassCount = 3, Width = 7, Tied = true });
        Assert.That(tied.state_dict().Keys, Is.EquivalentTo(new[] { "W_E" }));
    }

    [Test]
    public void NeitherStdNorGamma_DrawsAtTheFamilyDefault()
    {
        using var model = new LinearModel(new LinearModelConfig { VocabularySize = 4, ClassCount = 2, Width = 8 });
        Assert.That(model.InitStd, Is.EqualTo(LinearModelConfig.DefaultInitStd));
        Assert.That(model.Init.Gamma, Is.Null);
    }

    [Test]
    public void GammaAndStd_GiveTheSameScale_AndAWideDrawHasIt()
    {
        const int width = 400;
        var byGamma = new LinearModel(new LinearModelConfig { VocabularySize = 200, ClassCount = 10, Width = width, Gamma = 0.5, Seed = 42 });
        var byStd = new LinearModel(new LinearModelConfig { VocabularySize = 200, ClassCount = 10, Width = width, InitStd = 0.05, Gamma = null, Seed = 42 });
        using (byGamma)
        using (byStd)
        {
            Assert.That(byGamma.InitStd, Is.EqualTo(Math.Pow(width, -0.5)).Within(1e-15));
            Assert.That(byGamma.InitStd, Is.EqualTo(byStd.InitStd).Within(1e-15));
            Assert.That(TinyTasks.MaxAbsDiff(byGamma.EmbeddingMatrix(), byStd.EmbeddingMatrix()), Is.LessThan(1e-14));

            // 80,000 draws: the sample std's relative error is about 1 / sqrt(2 * 80000) = 0.25%.
            var values = byGamma.EmbeddingMatrix().Cast<double>().ToArray();
            double mean = values.Average();
            double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
            Assert.That(Math.Abs(std / byGamma.InitStd - 1), Is.LessThan(0.05));
        }
    }

    [Test]
    public void SameSeed_GivesIdenticalWeights_AndAnotherSeedDifferentOnes()
    {
        LinearModel Make(long seed) => new(new LinearModelConfig { VocabularySize = 6, ClassCount = 3, Width = 8, Seed = seed });
        using var a = Make(1);
        using var b = Make(1);
        using var c = Make(2);
        Assert.That(a.EmbeddingMatrix(), Is.EqualTo(b.EmbeddingMatrix()));
        Assert.That(a.UnembeddingMatrix(), Is.EqualTo(b.UnembeddingMatrix()));
        Assert.That(TinyTasks.MaxAbsDiff(a.EmbeddingMatrix(), c.EmbeddingMatrix()), Is.GreaterThan(0));
        Assert.That(TinyTasks.MaxAbsDiff(a.UnembeddingMatrix(), c.UnembeddingMatrix()), Is.GreaterThan(0));
    }

    [Test]
    public void Float32_IsTheRoundedFloat64Draw()
    {
        using var f64 = new LinearModel(new LinearModelConfig { VocabularySize = 6, ClassCount = 3, Width = 8, Seed = 9 });
        using var f32 = new LinearModel(new LinearModelConfig { VocabularySize = 6, ClassCount = 3, Width = 8, Seed = 9, DType = ScalarType.Float32 });
        Assert.That(f32.DType, Is.EqualTo(ScalarType.Float32));
        var a = f64.EmbeddingMatrix();
        var b = f32.EmbeddingMatrix();
        // Rounding to float32 moves each value by at most half an ulp: 2^-24 relative.
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++)
                Assert.That(Math.Abs(a[i, j] - b[i, j]), Is.LessThanOrEqualTo(Math.Abs(a[i, j]) * Math.Pow(2, -24)));
    }

    [Test]
    public void BuildingAndDisposingModels_LeavesNoLiveTensors()
    {
        long before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 3; i++)
        {
            using var linear = new LinearModel(new LinearModelConfig { VocabularySize = 6, ClassCount = 3, Width = 8, Seed = i });
            using var ffn = new FeedForwardModel(new FeedForwardModelConfig { Shape = FeedForwardShape.HiddenLayerMlp, VocabularySize = 6, ClassCount = 3, Width = 8, Seed = i });
            _ = linear.EmbeddingMatrix();
            _ = ffn.UnembeddingMatrix();
        }
        Assert.That(TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(before));
    }

    // The init scale and the device are checked where every family checks them (InitScale,
    // TorchRuntime.CheckDevice), so those messages name the value in those words.
    [TestCase("both", "both an init std (0.1) and a rate gamma (1)")]
    [TestCase("width", "Width is 0")]
    [TestCase("classes", "ClassCount is -1")]
    [TestCase("tied", "Tied needs VocabularySize == ClassCount")]
    [TestCase("dtype", "DType is Int32")]
    [TestCase("device", "'gpu' is not a device")]
    [TestCase("std", "the init std is -1")]
    public void InvalidConfig_ThrowsNamingTheFieldAndValue(string what, string expectedText)
    {
        var config = what switch
        {
            "both" => new LinearModelConfig { InitStd = 0.1, Gamma = 1 },
            "width" => new LinearModelConfig { Width = 0 },
            "classes" => new LinearModelConfig { ClassCount = -1 },
            "tied" => new LinearModelConfig { VocabularySize = 5, ClassCount = 3, Tied = true },
            "dtype" => new LinearModelConfig { DType = ScalarType.Int32 },
            "device" => new LinearModelConfig { Device = "gpu" },
            _ => new LinearModelConfig { InitStd = -1, Gamma = null },
        };
        var e = Assert.Throws<ArgumentException>(() => new LinearModel(config).Dispose());
        Assert.That(e!.Message, Does.Contain(expectedText));
    }
}
