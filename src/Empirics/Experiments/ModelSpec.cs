using ProbSig.Empirics.Models;
using TorchSharp;

namespace ProbSig.Empirics.Experiments;

/// <summary>Which architecture of THEORY 3 to train.</summary>
public enum ModelKind
{
    /// <summary>z = W_U W_E phi (THEORY 3).</summary>
    Linear,
    /// <summary>z = W_U act(W_E phi) (THEORY 3.3).</summary>
    EmbeddingMlp,
    /// <summary>z = W_U act(W_H W_E phi) (THEORY 3.3).</summary>
    HiddenLayerMlp,
}

/// <summary>
/// A model to train, independent of the task: architecture, widths, initial scale
/// (std, or gamma with std = d^-gamma) and precision. The task supplies V and C.
/// </summary>
public sealed record ModelSpec
{
    /// <summary>Architecture.</summary>
    public ModelKind Kind { get; init; } = ModelKind.Linear;

    /// <summary>Activation of the feed-forward shapes (ignored by Linear).</summary>
    public Activation Activation { get; init; } = Activation.Gelu;

    /// <summary>Embedding width d.</summary>
    public int Width { get; init; } = 64;

    /// <summary>Hidden width m of the hidden-layer MLP.</summary>
    public int HiddenWidth { get; init; } = 64;

    /// <summary>Initial std of every weight; null means use <see cref="Gamma"/>.</summary>
    public double? InitStd { get; init; } = 1e-3;

    /// <summary>Initialisation rate (std = d^-gamma), used when InitStd is null.</summary>
    public double? Gamma { get; init; }

    /// <summary>One matrix for embedding and unembedding (needs V == C).</summary>
    public bool Tied { get; init; }

    /// <summary>float64 for comparisons with theory, float32 for speed.</summary>
    public torch.ScalarType DType { get; init; } = torch.ScalarType.Float64;

    /// <summary>The model this spec describes, for a task with V features and C classes.</summary>
    public IFeatureModel Build(int features, int classes, long seed, string device)
    {
        double? std = InitStd;
        double? gamma = InitStd is null ? Gamma : null;
        return Kind switch
        {
            ModelKind.Linear => new LinearModel(new LinearModelConfig
            {
                VocabularySize = features, ClassCount = classes, Width = Width, Tied = Tied,
                InitStd = std, Gamma = gamma, Seed = seed, DType = DType, Device = device,
            }),
            _ => new FeedForwardModel(new FeedForwardModelConfig
            {
                Shape = Kind == ModelKind.EmbeddingMlp ? FeedForwardShape.EmbeddingMlp : FeedForwardShape.HiddenLayerMlp,
                Activation = Activation, VocabularySize = features, ClassCount = classes, Width = Width,
                HiddenWidth = HiddenWidth, Tied = Tied, InitStd = std, Gamma = gamma, Seed = seed, DType = DType, Device = device,
            }),
        };
    }

    /// <summary>A short stable description, used in cache keys and reports.</summary>
    public override string ToString() =>
        $"{Kind}{(Kind == ModelKind.Linear ? "" : "/" + Activation)} d={Width}{(Kind == ModelKind.HiddenLayerMlp ? $" m={HiddenWidth}" : "")} " +
        $"{(InitStd is { } s ? $"std={s:G4}" : $"gamma={Gamma:G4}")}{(Tied ? " tied" : "")} {DType}";
}
