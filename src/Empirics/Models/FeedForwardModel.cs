using ProbSig.Theory.Flow;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ProbSig.Empirics.Models;

/// <summary>The two feed-forward shapes of THEORY 3.3.</summary>
public enum FeedForwardShape
{
    /// <summary>z = W_U act(W_E phi), W_U in R^{C x d}.</summary>
    EmbeddingMlp,
    /// <summary>z = W_U act(W_H W_E phi), W_H in R^{m x d}, W_U in R^{C x m}.</summary>
    HiddenLayerMlp,
}

/// <summary>Settings of the <see cref="FeedForwardModel"/> (THEORY 3.3).</summary>
public sealed record FeedForwardModelConfig
{
    /// <summary>Which of the two shapes.</summary>
    public FeedForwardShape Shape { get; init; } = FeedForwardShape.EmbeddingMlp;

    /// <summary>The activation: one of <see cref="Activation.Known"/>, the description the theory's flows read.</summary>
    public Activation Activation { get; init; } = Activation.Gelu;

    /// <summary>Feature dimension D: V for counts or presence, L * V position-resolved.</summary>
    public int VocabularySize { get; init; } = 16;

    /// <summary>Number of classes C.</summary>
    public int ClassCount { get; init; } = 4;

    /// <summary>Embedding width d.</summary>
    public int Width { get; init; } = 64;

    /// <summary>Hidden width m (hidden-layer MLP only).</summary>
    public int HiddenWidth { get; init; } = 64;

    /// <summary>Embedding MLP only, V == C: z = W_E^T act(W_E phi).</summary>
    public bool Tied { get; init; }

    /// <summary>The std of every initial weight when neither <see cref="InitStd"/> nor
    /// <see cref="Gamma"/> is set: the linear model's small default, so the two families
    /// start from the same regime (THEORY 3.3 expands around it).</summary>
    public const double DefaultInitStd = LinearModelConfig.DefaultInitStd;

    /// <summary>Initial std s of every weight; set this or <see cref="Gamma"/>, not both; neither means <see cref="DefaultInitStd"/>.</summary>
    public double? InitStd { get; init; }

    /// <summary>Initialisation rate: s = Width^(-Gamma), for every matrix.</summary>
    public double? Gamma { get; init; }

    /// <summary>The initial scale these settings ask for, checked by <see cref="InitScale"/> (a method, not a
    /// property, so that printing an invalid config does not throw).</summary>
    /// <exception cref="ArgumentException">Both InitStd and Gamma are set, or one is out of range.</exception>
    public InitScale ResolveInit() => InitScale.Resolve(InitStd, Gamma, Width, DefaultInitStd);

    /// <summary>Seed of the generator that draws the initial weights (W_E, then W_H, then W_U).</summary>
    public long Seed { get; init; }

    /// <summary>Parameter type: Float64 for theory comparisons, Float32 allowed.</summary>
    public ScalarType DType { get; init; } = ScalarType.Float64;

    /// <summary>"cpu", "cuda" or "cuda:N".</summary>
    public string Device { get; init; } = "cpu";
}

/// <summary>
/// The feed-forward networks of THEORY 3.3, without biases. State-dict keys: "W_E" (d x D),
/// "W_H" (m x d, hidden-layer shape only) and "W_U" (C x d or C x m; absent when tied).
/// </summary>
public sealed class FeedForwardModel : nn.Module<Tensor, Tensor>, IFeatureModel
{
#pragma warning disable IDE1006
    private readonly Parameter W_E;   // (d, D)
    private readonly Parameter? W_H;  // (m, d); hidden-layer MLP only
    private readonly Parameter? W_U;  // (C, d) or (C, m); null when tied
#pragma warning restore IDE1006

    /// <summary>The validated settings this model was built from.</summary>
    public FeedForwardModelConfig Config { get; }

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

    /// <summary>Builds the model and draws its weights from <see cref="FeedForwardModelConfig.Seed"/>.</summary>
    /// <exception cref="ArgumentException">A config field out of range; the message names it and its value.</exception>
    public FeedForwardModel(FeedForwardModelConfig config) : base(nameof(FeedForwardModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!Enum.IsDefined(config.Shape))
            throw new ArgumentException($"Shape is {config.Shape}; it is not a known shape", nameof(config.Shape));
        ArgumentNullException.ThrowIfNull(config.Activation, nameof(config.Activation));
        if (!TorchFunctions.ContainsKey(config.Activation))
            throw new ArgumentException(
                FormattableString.Invariant($"Activation is {config.Activation.Name} (c1, c2, c3 = {config.Activation.C1}, {config.Activation.C2}, {config.Activation.C3}); the model has torch functions for {string.Join(", ", TorchFunctions.Keys)} only"),
                nameof(config.Activation));
        ModelSetup.RequirePositive(config.VocabularySize, nameof(config.VocabularySize));
        ModelSetup.RequirePositive(config.ClassCount, nameof(config.ClassCount));
        ModelSetup.RequirePositive(config.Width, nameof(config.Width));
        bool hidden = config.Shape == FeedForwardShape.HiddenLayerMlp;
        if (hidden) ModelSetup.RequirePositive(config.HiddenWidth, nameof(config.HiddenWidth));
        if (config.Tied && hidden)
            throw new ArgumentException("Tied is true, but only the EmbeddingMlp shape can tie W_U to W_E^T", nameof(config.Tied));
        if (config.Tied && config.VocabularySize != config.ClassCount)
            throw new ArgumentException(
                $"Tied needs VocabularySize == ClassCount; got VocabularySize {config.VocabularySize} and ClassCount {config.ClassCount}",
                nameof(config.Tied));
        ModelSetup.RequireFloatingDType(config.DType);
        Config = config;
        Init = config.ResolveInit();
        Device = ModelSetup.ToDevice(config.Device);

        long d = config.Width, v = config.VocabularySize, c = config.ClassCount, m = config.HiddenWidth;
        var shapes = new List<long[]> { new[] { d, v } };
        if (hidden) shapes.Add(new[] { m, d });
        if (!config.Tied) shapes.Add(new[] { c, hidden ? m : d });
        var drawn = ModelSetup.DrawNormal(config.Seed, InitStd, config.DType, Device, shapes.ToArray());
        W_E = new Parameter(drawn[0]);
        W_H = hidden ? new Parameter(drawn[1]) : null;
        W_U = config.Tied ? null : new Parameter(drawn[^1]);
        RegisterComponents();
    }

    /// <summary>Logits for a batch of feature vectors.</summary>
    /// <param name="features">phi(X) for each input, [B, D].</param>
    /// <returns>Logits [B, C].</returns>
    public override Tensor forward(Tensor features)
    {
        var h = features.matmul(W_E.t());              // (B, d)
        if (W_H is not null) h = h.matmul(W_H.t());    // (B, m)
        var a = Activate(Config.Activation, h);        // (B, d) or (B, m)
        return W_U is null ? a.matmul(W_E) : a.matmul(W_U.t()); // (B, C)
    }

    // The torch function of each activation the theory describes, keyed by the description
    // itself (record equality: name and coefficients), so the two cannot drift apart by a name.
    private static readonly IReadOnlyDictionary<Activation, Func<Tensor, Tensor>> TorchFunctions =
        new Dictionary<Activation, Func<Tensor, Tensor>>
        {
            [Activation.Tanh] = x => x.tanh(),
            [Activation.Gelu] = x => nn.functional.gelu(x, GELU.Approximate.none),   // exact erf form, as THEORY 3.3
            [Activation.Silu] = x => nn.functional.silu(x),
            [Activation.Relu] = x => nn.functional.relu(x),
            [Activation.Identity] = x => x,
        };

    /// <summary>Applies <paramref name="activation"/> elementwise (GELU in its exact erf form).</summary>
    /// <exception cref="ArgumentException">An activation outside <see cref="Activation.Known"/>.</exception>
    public static Tensor Activate(Activation activation, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(activation);
        return TorchFunctions.TryGetValue(activation, out var f)
            ? f(x)
            : throw new ArgumentException($"no torch function for the activation {activation.Name}", nameof(activation));
    }

    /// <inheritdoc/>
    public double[,] EmbeddingMatrix() => ModelSetup.ToMatrix(() => W_E.t());

    /// <inheritdoc/>
    /// <remarks>Tied: W_E^T, so row y is the embedding of token y.</remarks>
    public double[,] UnembeddingMatrix() => ModelSetup.ToMatrix(() => W_U ?? W_E.t());
}
