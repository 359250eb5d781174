using ProbSig.Theory.Flow;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ProbSig.Empirics.Models;

/// <summary>Settings of the <see cref="LinearModel"/> (THEORY 3); the shared fields are
/// <see cref="FeatureModelConfig"/>'s.</summary>
public sealed record LinearModelConfig : FeatureModelConfig
{
    /// <summary>The std of every initial weight when neither InitStd nor Gamma is set: small
    /// (d s^2 = 6.4e-5 at width 64), so training starts deep in the linear regime of THEORY 3.1.</summary>
    public const double DefaultInitStd = 1e-3;

    /// <inheritdoc/>
    protected override double DefaultStd => DefaultInitStd;
}

/// <summary>
/// The linear model of THEORY 3: z = W_U W_E phi(X), no biases, W_E in R^{d x D},
/// W_U in R^{C x d}. Input is a dense feature matrix [B, D], so one model serves the
/// bag-of-tokens and the position-resolved feature maps. State-dict keys: "W_E", "W_U"
/// (only "W_E" when tied).
/// </summary>
public sealed class LinearModel : FeatureModel<LinearModelConfig>
{
    // Field names are the state-dict keys and the theory's names.
#pragma warning disable IDE1006
    private readonly Parameter W_E;   // (d, D)
    private readonly Parameter? W_U;  // (C, d); null when tied
#pragma warning restore IDE1006

    /// <summary>Builds the model and draws its weights from <see cref="FeatureModelConfig.Seed"/>.</summary>
    /// <exception cref="ArgumentException">A config field out of range; the message names it and its value.</exception>
    public LinearModel(LinearModelConfig config) : base(nameof(LinearModel), config)
    {
        long d = config.Width, v = config.VocabularySize, c = config.ClassCount;
        var drawn = config.Tied ? DrawWeights([d, v]) : DrawWeights([d, v], [c, d]);
        W_E = new Parameter(drawn[0]);
        W_U = config.Tied ? null : new Parameter(drawn[1]);
        RegisterComponents();
    }

    /// <summary>Logits z = W_U W_E phi for a batch of feature vectors.</summary>
    /// <param name="features">phi(X) for each input, [B, D].</param>
    /// <returns>Logits [B, C].</returns>
    public override Tensor forward(Tensor features)
    {
        var h = features.matmul(W_E.t());                    // (B, d)
        return W_U is null ? h.matmul(W_E) : h.matmul(W_U.t()); // (B, C)
    }

    /// <inheritdoc/>
    public override double[,] EmbeddingMatrix() => ModelSetup.ToMatrix(() => W_E.t());

    /// <inheritdoc/>
    /// <remarks>Tied: W^T, so row y is the embedding of token y.</remarks>
    public override double[,] UnembeddingMatrix() => ModelSetup.ToMatrix(() => W_U ?? W_E.t());
}
