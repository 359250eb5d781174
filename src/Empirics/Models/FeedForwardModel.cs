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

/// <summary>Settings of the <see cref="FeedForwardModel"/> (THEORY 3.3); the shared fields
/// are <see cref="FeatureModelConfig"/>'s (Tied: embedding MLP only, z = W_E^T act(W_E phi)).</summary>
public sealed record FeedForwardModelConfig : FeatureModelConfig
{
    /// <summary>Which of the two shapes.</summary>
    public FeedForwardShape Shape { get; init; } = FeedForwardShape.EmbeddingMlp;

    /// <summary>The activation: one of <see cref="Activation.Known"/>, the description the theory's flows read.</summary>
    public Activation Activation { get; init; } = Activation.Gelu;

    /// <summary>Hidden width m (hidden-layer MLP only).</summary>
    public int HiddenWidth { get; init; } = 64;

    /// <summary>The std of every initial weight when neither InitStd nor Gamma is set: the
    /// linear model's small default, so the two families start from the same regime (THEORY
    /// 3.3 expands around it).</summary>
    public const double DefaultInitStd = LinearModelConfig.DefaultInitStd;

    /// <inheritdoc/>
    protected override double DefaultStd => DefaultInitStd;

    /// <summary>The shape and the activation first, then the shared fields, then what the
    /// shape adds (the hidden width; only the embedding MLP can tie).</summary>
    internal override void Validate()
    {
        if (!Enum.IsDefined(Shape))
            throw new ArgumentException($"Shape is {Shape}; it is not a known shape", nameof(Shape));
        ArgumentNullException.ThrowIfNull(Activation, nameof(Activation));
        FeedForwardModel.RequireTorchFunction(Activation);
        bool hidden = Shape == FeedForwardShape.HiddenLayerMlp;
        if (hidden) ModelSetup.RequirePositive(HiddenWidth, nameof(HiddenWidth));
        if (Tied && hidden)
            throw new ArgumentException("Tied is true, but only the EmbeddingMlp shape can tie W_U to W_E^T", nameof(Tied));
        base.Validate();
    }
}

/// <summary>
/// The feed-forward networks of THEORY 3.3, without biases. State-dict keys: "W_E" (d x D),
/// "W_H" (m x d, hidden-layer shape only) and "W_U" (C x d or C x m; absent when tied).
/// </summary>
public sealed class FeedForwardModel : FeatureModel<FeedForwardModelConfig>
{
#pragma warning disable IDE1006
    private readonly Parameter W_E;   // (d, D)
    private readonly Parameter? W_H;  // (m, d); hidden-layer MLP only
    private readonly Parameter? W_U;  // (C, d) or (C, m); null when tied
#pragma warning restore IDE1006

    /// <summary>Builds the model and draws its weights (W_E, then W_H, then W_U) from <see cref="FeatureModelConfig.Seed"/>.</summary>
    /// <exception cref="ArgumentException">A config field out of range; the message names it and its value.</exception>
    public FeedForwardModel(FeedForwardModelConfig config) : base(nameof(FeedForwardModel), config)
    {
        bool hidden = config.Shape == FeedForwardShape.HiddenLayerMlp;
        long d = config.Width, v = config.VocabularySize, c = config.ClassCount, m = config.HiddenWidth;
        var shapes = new List<long[]> { new[] { d, v } };
        if (hidden) shapes.Add(new[] { m, d });
        if (!config.Tied) shapes.Add(new[] { c, hidden ? m : d });
        var drawn = DrawWeights(shapes.ToArray());
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

    /// <summary>Throws unless the model has a torch function for <paramref name="activation"/>.</summary>
    /// <exception cref="ArgumentException">An activation outside <see cref="Activation.Known"/>.</exception>
    internal static void RequireTorchFunction(Activation activation)
    {
        if (!TorchFunctions.ContainsKey(activation))
            throw new ArgumentException(
                FormattableString.Invariant($"Activation is {activation.Name} (c1, c2, c3 = {activation.C1}, {activation.C2}, {activation.C3}); the model has torch functions for {string.Join(", ", TorchFunctions.Keys)} only"),
                nameof(Activation));
    }

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
    public override double[,] EmbeddingMatrix() => ModelSetup.ToMatrix(() => W_E.t());

    /// <inheritdoc/>
    /// <remarks>Tied: W_E^T, so row y is the embedding of token y.</remarks>
    public override double[,] UnembeddingMatrix() => ModelSetup.ToMatrix(() => W_U ?? W_E.t());
}
