using TorchSharp;

namespace ProbSig.Verification.Claims.Network;

/// <summary>
/// C19: THEORY 3.3's early-time law of the hidden-layer MLP. To leading order it is a
/// three-layer linear network scaled by c1, whose expected embedding Gram grows as
/// d s^2 (I + 3 c1^2 m s^2 t^2 A^T A) (<see cref="LinearFlow.HiddenLayerEarlyTimeKernel"/>),
/// where the linear model's grows as d s^2 (I + 2 t^2 A^T A). Measured: the change of the
/// token Gram over the tokens that occur, off the diagonal, regressed (through 0) on
/// (A^T A)_ij; the fitted slope against the law's. The linear model at its own early time
/// is the control of the method.
/// </summary>
internal static class EarlyTimeLawClaim
{
    /// <summary>Embedding width d: the law is about the expectation over initial draws, and a
    /// single draw's cross terms (zero mean) shrink against it as 1/sqrt(d). At d = 64 they
    /// swamped it (Pearson with the law 0.11, and the linear control, whose law is exact, off
    /// by 0.59), so the method could not speak; at 1024, the one other width tried, the control holds (0.97).</summary>
    public const int Width = 1024;

    /// <summary>Hidden width m.</summary>
    public const int HiddenWidth = 64;

    /// <summary>Initial std of every weight: small, yet large enough that m s^2 t^2 is measurable in float64.</summary>
    public const double InitStd = 1e-2;

    /// <summary>Gradient-descent step: small, so k steps follow the flow at t = k eta.</summary>
    public const double LearningRate = 0.05;

    /// <summary>Flow time of the hidden-layer MLP: 3 c1^2 m s^2 t^2 sigma_1^2 = 0.02, early.</summary>
    public const double HiddenTime = 10;

    /// <summary>Flow time of the linear control: 2 t^2 sigma_1^2 = 0.08, early for it.</summary>
    public const double LinearTime = 2;

    /// <summary>The run of <paramref name="kind"/> (tanh for the MLP) from std 1e-2, float64, GD to <paramref name="time"/>.</summary>
    internal static TaskTraining Experiment(ModelKind kind, double time, int seed) =>
        new(new CompositeAdditionConfig(), NetworkKit.Spec(kind, Activation.Tanh) with { Width = Width, HiddenWidth = HiddenWidth, InitStd = InitStd, DType = torch.ScalarType.Float64 },
            new TrainingConfig { Optimiser = Optimiser.GradientDescent, LearningRate = LearningRate, Steps = (int)Math.Round(time / LearningRate), LogEvery = (int)Math.Round(time / LearningRate) },
            seed);

    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var prediction = TaskPrediction.Default;
        var flow = prediction.Flow;
        var tokens = prediction.Tokens;
        var init = InitScale.FromStd(InitStd, Width);
        // The laws' predicted change of the Gram, d s^2 (K(t) - I), over the tokens that occur.
        var identity = Matrix<double>.Build.DenseIdentity(flow.VocabularySize);
        var hiddenLaw = init.WidthTimesVariance * SimilarityMatrices.Restrict(flow.HiddenLayerEarlyTimeKernel(HiddenTime, Activation.Tanh.C1, HiddenWidth, init) - identity, tokens);
        var linearLaw = init.WidthTimesVariance * SimilarityMatrices.Restrict(flow.EarlyTimeKernel(LinearTime) - identity, tokens);

        var hidden = claim.Seeds.Select(seed => Ratio(context.Measure(Experiment(ModelKind.HiddenLayerMlp, HiddenTime, seed)), tokens, hiddenLaw)).ToArray();
        var linear = claim.Seeds.Select(seed => Ratio(context.Measure(Experiment(ModelKind.Linear, LinearTime, seed)), tokens, linearLaw)).ToArray();
        var perSeed = hidden.Select(h => Math.Abs(h.Ratio - 1)).ToArray();
        var details = new Dictionary<string, double>
        {
            ["hidden-layer: measured slope / predicted, mean"] = Mean(hidden.Select(h => h.Ratio)),
            ["hidden-layer: Pearson(change, A^T A) off the diagonal, mean"] = Mean(hidden.Select(h => h.Pearson)),
            ["linear control: measured slope / predicted, mean"] = Mean(linear.Select(l => l.Ratio)),
            ["linear control: Pearson(change, A^T A) off the diagonal, mean"] = Mean(linear.Select(l => l.Pearson)),
        };
        return new ClaimMeasurement
        {
            PerSeed = perSeed,
            Details = details,
            Finding = $"hidden-layer MLP at t = {HiddenTime:G3}: slope {F(Mean(hidden.Select(h => h.Ratio)))} of the law's (Pearson with A^T A {F(Mean(hidden.Select(h => h.Pearson)))}); "
                + $"linear control at t = {LinearTime:G3}: {F(Mean(linear.Select(l => l.Ratio)))} of its law's.",
        };
    }

    /// <summary>The off-diagonal change of the token Gram over <paramref name="tokens"/>, fitted through 0 on
    /// the law's predicted change: the slope (1 when the law holds), and the Pearson of the two.</summary>
    private static (double Ratio, double Pearson) Ratio(TrainedModel run, IReadOnlyList<int> tokens, Matrix<double> law)
    {
        var change = SimilarityMatrices.Restrict(EmbeddingGeometry.Gram(run.Embedding) - EmbeddingGeometry.Gram(run.InitialEmbedding), tokens);
        var (c, p) = SimilarityMatrices.OffDiagonalPairs(change, law);
        return (c.Zip(p, (a, b) => a * b).Sum() / p.Sum(v => v * v), new PearsonMetric().Measure(change, law));
    }
}
