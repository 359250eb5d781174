using NUnit.Framework;
using ProbSig.Empirics.Models;
using ProbSig.Empirics.Training;
using ProbSig.Theory.Populations;
using static TorchSharp.torch;

namespace ProbSig.Tests.Properties.Models;

[TestFixture]
public sealed class FeedForwardModelTests
{
    // Central differences at 0 with h = 1e-4 in float64: truncation ~ h^2 |c3 or c4| <= 4e-9,
    // rounding ~ 1e-16 / h^2 = 1e-8 for c2; both well inside the claim's 1e-6.
    private const double TaylorTolerance = 1e-6;
    private const double TaylorStep = 1e-4;

    [OneTimeSetUp]
    public void Setup() => TinyTasks.Init();

    private static double[] Apply(Activation activation, params double[] xs)
    {
        using var scope = NewDisposeScope();
        var y = FeedForwardModel.Activate(activation, tensor(xs, dtype: ScalarType.Float64));
        return y.data<double>().ToArray();
    }

    [Test]
    public void Gelu_IsXTimesPhiOfX_TheExactErfForm()
    {
        // Phi(x) to 16 digits (standard normal CDF; checked with Python's math.erf).
        var points = new (double X, double Phi)[]
        {
            (-3.0, 0.0013498980316300946), (-1.0, 0.15865525393145707), (-0.5, 0.3085375387259869),
            (0.0, 0.5), (0.5, 0.6914624612740131), (1.0, 0.8413447460685429),
            (1.5, 0.9331927987311419), (2.0, 0.9772498680518208),
        };
        var gelu = Apply(Activation.Gelu, points.Select(p => p.X).ToArray());
        for (int i = 0; i < points.Length; i++)
            Assert.That(gelu[i], Is.EqualTo(points[i].X * points[i].Phi).Within(1e-15), $"x = {points[i].X}");

        // The tanh approximation differs by ~1e-4 near |x| = 2: the model does not use it.
        double x = 2.0, approx = 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
        Assert.That(Math.Abs(Apply(Activation.Gelu, x)[0] - approx), Is.GreaterThan(1e-5));
    }

    [TestCase(Activation.Tanh, 1.0, 0.0)]
    [TestCase(Activation.Gelu, 0.5, 0.3989422804014327)] // 1 / sqrt(2 pi)
    [TestCase(Activation.Silu, 0.5, 0.25)]
    public void TaylorCoefficientsAtZero_MatchTheory33(Activation activation, double c1, double c2)
    {
        double h = TaylorStep;
        var f = Apply(activation, -h, 0.0, h);
        Assert.That(f[1], Is.EqualTo(0.0).Within(1e-300), "act(0) = 0");
        double measuredC1 = (f[2] - f[0]) / (2 * h);
        double measuredC2 = (f[2] - 2 * f[1] + f[0]) / (2 * h * h);
        Assert.That(measuredC1, Is.EqualTo(c1).Within(TaylorTolerance));
        Assert.That(measuredC2, Is.EqualTo(c2).Within(TaylorTolerance));
    }

    [Test]
    public void Relu_IsMaxOfZeroAndX()
    {
        Assert.That(Apply(Activation.Relu, -2, -0.5, 0, 0.5, 3), Is.EqualTo(new[] { 0, 0, 0, 0.5, 3 }));
    }

    private static double Act(Activation a, double x) => a switch
    {
        Activation.Tanh => Math.Tanh(x),
        Activation.Silu => x / (1 + Math.Exp(-x)),
        Activation.Relu => Math.Max(0, x),
        _ => throw new NotSupportedException(),
    };

    [TestCase(FeedForwardShape.EmbeddingMlp, false, Activation.Tanh)]
    [TestCase(FeedForwardShape.EmbeddingMlp, true, Activation.Silu)]
    [TestCase(FeedForwardShape.HiddenLayerMlp, false, Activation.Relu)]
    public void Forward_MatchesAHandComputation(FeedForwardShape shape, bool tied, Activation activation)
    {
        var population = TinyTasks.Square();
        var map = FeatureMap.Counts(3);
        using var model = new FeedForwardModel(new FeedForwardModelConfig
        {
            Shape = shape, Activation = activation, Tied = tied, VocabularySize = 3, ClassCount = 3,
            Width = 4, HiddenWidth = 5, InitStd = 0.9, Gamma = null, Seed = 17,
        });
        var stateDict = model.state_dict();
        var weights = stateDict.ToDictionary(kv => kv.Key, kv => TinyTasks.ToArray(kv.Value));
        var expectedKeys = new List<string> { "W_E" };
        if (shape == FeedForwardShape.HiddenLayerMlp) expectedKeys.Add("W_H");
        if (!tied) expectedKeys.Add("W_U");
        Assert.That(weights.Keys, Is.EquivalentTo(expectedKeys));

        using var scope = NewDisposeScope();
        var (x, _, _) = FeatureTensors.FromPopulation(population, map);
        var logits = TinyTasks.ToArray(model.call(x));
        var phi = TinyTasks.Phi(population, map);
        for (int n = 0; n < phi.Length; n++)
        {
            var column = new double[3, 1];
            for (int s = 0; s < 3; s++) column[s, 0] = phi[n][s];
            var h = TinyTasks.Multiply(weights["W_E"], column);
            if (shape == FeedForwardShape.HiddenLayerMlp) h = TinyTasks.Multiply(weights["W_H"], h);
            for (int r = 0; r < h.GetLength(0); r++) h[r, 0] = Act(activation, h[r, 0]);
            var z = TinyTasks.Multiply(tied ? TinyTasks.Transpose(weights["W_E"]) : weights["W_U"], h);
            for (int y = 0; y < 3; y++)
                Assert.That(logits[n, y], Is.EqualTo(z[y, 0]).Within(1e-13));
        }
        Assert.That(model.EmbeddingMatrix(), Is.EqualTo(TinyTasks.Transpose(weights["W_E"])));
    }

    [Test]
    public void Initialisation_DrawsEveryMatrixFromTheConfigSeed()
    {
        FeedForwardModel Make(long seed) => new(new FeedForwardModelConfig
        {
            Shape = FeedForwardShape.HiddenLayerMlp, VocabularySize = 6, ClassCount = 2, Width = 8, HiddenWidth = 5, Gamma = 0.5, Seed = seed,
        });
        using var a = Make(4);
        using var b = Make(4);
        using var c = Make(5);
        Assert.That(a.InitStd, Is.EqualTo(Math.Pow(8, -0.5)).Within(1e-15));
        foreach (var key in new[] { "W_E", "W_H", "W_U" })
        {
            var wa = TinyTasks.ToArray(a.state_dict()[key]);
            Assert.That(wa, Is.EqualTo(TinyTasks.ToArray(b.state_dict()[key])), key);
            Assert.That(TinyTasks.MaxAbsDiff(wa, TinyTasks.ToArray(c.state_dict()[key])), Is.GreaterThan(0), key);
        }
        Assert.That(a.UnembeddingMatrix().GetLength(1), Is.EqualTo(5), "hidden-layer W_U is C x m");
    }

    [TestCase("tiedHidden", "only the EmbeddingMlp shape")]
    [TestCase("tiedSizes", "Tied needs VocabularySize == ClassCount")]
    [TestCase("hidden", "HiddenWidth is 0")]
    [TestCase("activation", "Activation is 9")]
    public void InvalidConfig_ThrowsNamingTheFieldAndValue(string what, string expectedText)
    {
        var config = what switch
        {
            "tiedHidden" => new FeedForwardModelConfig { Shape = FeedForwardShape.HiddenLayerMlp, VocabularySize = 3, ClassCount = 3, Tied = true },
            "tiedSizes" => new FeedForwardModelConfig { VocabularySize = 4, ClassCount = 3, Tied = true },
            "hidden" => new FeedForwardModelConfig { Shape = FeedForwardShape.HiddenLayerMlp, HiddenWidth = 0 },
            _ => new FeedForwardModelConfig { Activation = (Activation)9 },
        };
        var e = Assert.Throws<ArgumentException>(() => new FeedForwardModel(config).Dispose());
        Assert.That(e!.Message, Does.Contain(expectedText));
    }
}
