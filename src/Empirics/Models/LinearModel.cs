using ProbSig.Theory.Flow;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ProbSig.Empirics.Models;

/// <summary>Settings of the <see cref="LinearModel"/> (THEORY 3).</summary>
public sealed record LinearModelConfig
{
    /// <summary>Feature dimension D: V for counts or presence, L * V position-resolved.</summary>
    public int VocabularySize { get; init; } = 16;

    /// <summary>Number of classes C.</summary>
    public int ClassCount { get; init; } = 4;

    /// <summary>Embedding width d.</summary>
    public int Width { get; init; } = 64;

    /// <summary>One matrix W (d x V) used both ways, z = W^T W phi; needs V == C.</summary>
    public bool Tied { get; init; }

    /// <summary>The std of every initial weight when neither <see cref="InitStd"/> nor
    /// <see cref="Gamma"/> is set: small (d s^2 = 6.4e-5 at width 64), so training starts
    /// deep in the linear regime of THEORY 3.1.</summary>
    public const double DefaultInitStd = 1e-3;

    /// <summary>Initial std s of every weight; set this or <see cref="Gamma"/>, not both; neither means <see cref="DefaultInitStd"/>.</summary>
    public double? InitStd { get; init; }

    /// <summary>Initialisation rate: s = Width^(-Gamma). Gamma > 1/2 is the small-init regime.</summary>
    public double? Gamma { get; init; }

    /// <summary>The initial scale these settings ask for, checked by <see cref="InitScale"/> (a method, not a
    /// property, so that printing an invalid config does not throw).</summary>
    /// <exception cref="ArgumentException">Both InitStd and Gamma are set, or one is out of range.</exception>
    public InitScale ResolveInit() => InitScale.Resolve(InitStd, Gamma, Width, DefaultInitStd);

    /// <summary>Seed of the generator that draws the initial weights.</summary>
    public long Seed { get; init; }

    /// <summary>Parameter type: Float64 for theory comparisons, Float32 allowed.</summary>
    public ScalarType DType { get; init; } = ScalarType.Float64;

    /// <summary>"cpu", "cuda" or "cuda:N".</summary>
    public string Device { get; init; } = "cpu";
}

/// <summary>
/// The linear model of THEORY 3: z = W_U W_E phi(X), no biases, W_E in R^{d x D},
/// W_U in R^{C x d}. Input is a dense feature matrix [B, D], so one model serves the
/// bag-of-tokens and the position-resolved feature maps. State-dict keys: "W_E", "W_U"
/// (only "W_E" when tied).
/// </summary>
public sealed class LinearModel : nn.Module<Tensor, Tensor>, IFeatureModel
{
    // Field names are the state-dict keys and the theory's names.
#pragma warning disable IDE1006
    private readonly Parameter W_E;   // (d, D)
    private readonly Parameter? W_U;  // (C, d); null when tied
#pragma warning restore IDE1006

    /// <summary>The validated settings this model was built from.</summary>
    public LinearModelConfig Config { get; }

    /// <inheritdoc/>
    public int FeatureDimension => Config.VocabularySize;

    /// <inheritdoc/>
    public int ClassCount => Config.ClassCount;

    /// <inheritdoc/>
    public int Width => Config.Width;

    /// <inheritdoc/>
    public ScalarType DType => Config.DType;

    /// <inheritdoc/>
    public Device Device { get; }

    /// <summary>The initial scale every weight was drawn with.</summary>
    public InitScale Init { get; }

    /// <inheritdoc/>
    public double InitStd => Init.Std;

    /// <summary>Builds the model and draws its weights from <see cref="LinearModelConfig.Seed"/>.</summary>
    /// <exception cref="ArgumentException">A config field out of range; the message names it and its value.</exception>
    public LinearModel(LinearModelConfig config) : base(nameof(LinearModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        ModelSetup.RequirePositive(config.VocabularySize, nameof(config.VocabularySize));
        ModelSetup.RequirePositive(config.ClassCount, nameof(config.ClassCount));
        ModelSetup.RequirePositive(config.Width, nameof(config.Width));
        if (config.Tied && config.VocabularySize != config.ClassCount)
            throw new ArgumentException(
                $"Tied needs VocabularySize == ClassCount; got VocabularySize {config.VocabularySize} and ClassCount {config.ClassCount}",
                nameof(config.Tied));
        ModelSetup.RequireFloatingDType(config.DType);
        Config = config;
        Init = config.ResolveInit();
        Device = ModelSetup.ToDevice(config.Device);

        long d = config.Width, v = config.VocabularySize, c = config.ClassCount;
        var shapes = config.Tied ? new[] { new[] { d, v } } : new[] { new[] { d, v }, new[] { c, d } };
        var drawn = ModelSetup.DrawNormal(config.Seed, InitStd, config.DType, Device, shapes);
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
    public double[,] EmbeddingMatrix() => ModelSetup.ToMatrix(() => W_E.t());

    /// <inheritdoc/>
    /// <remarks>Tied: W^T, so row y is the embedding of token y.</remarks>
    public double[,] UnembeddingMatrix() => ModelSetup.ToMatrix(() => W_U ?? W_E.t());
}
