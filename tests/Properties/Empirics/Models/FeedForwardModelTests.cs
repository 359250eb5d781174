using NUnit.Framework;
using ProbSig.Empirics.Models;
using ProbSig.Empirics.Training;
using ProbSig.Theory.Populations;
using ProbSig.Theory.Flow;
using static TorchSharp.torch;

namespace ProbSig.Tests.Properties.Empirics.Models;

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

    [TestCase("tanh", 1.0, 0.0)]
    [TestCase("gelu", 0.5, 0.3989422804014327)] // 1 / sqrt(2 pi)
    [TestCase("silu", 0.5, 0.25)]
    [TestCase("identity", 1.0, 0.0)]
    public void TaylorCoefficientsAtZero_MatchTheory33_AndTheDescriptionTheFlowsRead(string name, double c1, double c2)
    {
        var activation = Activation.ForName(name);
        double h = TaylorStep;
        var f = Apply(activation, -h, 0.0, h);
        Assert.That(f[1], Is.EqualTo(0.0).Within(1e-300), "act(0) = 0");
        double measuredC1 = (f[2] - f[0]) / (2 * h);
        double measuredC2 = (f[2] - 2 * f[1] + f[0]) / (2 * h * h);
        Assert.That(measuredC1, Is.EqualTo(c1).Within(TaylorTolerance));
        Assert.That(measuredC2, Is.EqualTo(c2).Within(TaylorTolerance));
        // The torch function behind the description has the description's coefficients.
        Assert.That(measuredC1, Is.EqualTo(activation.C1).Within(TaylorTolerance));
        Assert.That(measuredC2, Is.EqualTo(activation.C2).Within(TaylorTolerance));
    }

    [Test]
    public void ThirdTaylorCoefficient_OfEveryExpandableActivation_MatchesItsTorchFunction()
    {
        // The odd part (f(x) - f(-x)) / 2 = c1 x + c3 x^3 + c5 x^5 + ..., read at h and 2h:
        // c3 = (odd(2h) / 2h - odd(h) / h) / (3 h^2) + 5 c5 h^2. At h = 1e-3 the truncation is
        // at most 7e-7 (tanh's c5 = 2/15; the odd parts of GELU and SiLU are exactly x/2) and
        // rounding about 1e-16 / (3 h^2) = 3e-11: both far inside 1e-5.
        const double h = 1e-3;
        foreach (var activation in Activation.Known.Where(a => a.HasTaylorExpansion))
        {
            var f = Apply(activation, -2 * h, -h, h, 2 * h);
            double odd1 = (f[2] - f[1]) / 2 / h, odd2 = (f[3] - f[0]) / 2 / (2 * h);
            Assert.That((odd2 - odd1) / (3 * h * h), Is.EqualTo(activation.C3).Within(1e-5), activation.Name);
        }
    }

    [Test]
    public void Relu_IsMaxOfZeroAndX()
    {
        Assert.That(Apply(Activation.Relu, -2, -0.5, 0, 0.5, 3), Is.EqualTo(new[] { 0, 0, 0, 0.5, 3 }));
        Assert.That(Activation.Relu.HasTaylorExpansion, Is.False);
    }

    private static double Act(Activation a, double x) => a.Name switch
    {
        "tanh" => Math.Tanh(x),
        "silu" => x / (1 + Math.Exp(-x)),
        "relu" => Math.Max(0, x),
        _ => throw new NotSupportedException(),
    };

    [TestCase(FeedForwardShape.EmbeddingMlp, false, "tanh")]
    [TestCase(FeedForwardShape.EmbeddingMlp, true, "silu")]
    [TestCase(FeedForwardShape.HiddenLayerMlp, false, "relu")]
    public void Forward_MatchesAHandComputation(FeedForwardShape shape, bool tied, string activationName)
    {
        var activation = Activation.ForName(activationName);
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
    [TestCase("activation", "Activation is poly")]
    public void InvalidConfig_ThrowsNamingTheFieldAndValue(string what, string expectedText)
    {
        var config = what switch
        {
            "tiedHidden" => new FeedForwardModelConfig { Shape = FeedForwardShape.HiddenLayerMlp, VocabularySize = 3, ClassCount = 3, Tied = true },
            "tiedSizes" => new FeedForwardModelConfig { VocabularySize = 4, ClassCount = 3, Tied = true },
            "hidden" => new FeedForwardModelConfig { Shape = FeedForwardShape.HiddenLayerMlp, HiddenWidth = 0 },
            _ => new FeedForwardModelConfig { Activation = new Activation("poly", 1, 0.5, 0) },
        };
        var e = Assert.Throws<ArgumentException>(() => new FeedForwardModel(config).Dispose());
        Assert.That(e!.Message, Does.Contain(expectedText));
    }
}
