using ProbSig.Empirics.Models;
using ProbSig.Theory.Flow;
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
/// (std, or gamma with std = d^-gamma) and precision. The task supplies V and C, and
/// <see cref="Build"/> hands everything to the family's config (<see cref="LinearModelConfig"/>
/// or <see cref="FeedForwardModelConfig"/>), which holds the family's default and checks it.
/// </summary>
public sealed record ModelSpec : InitScaledConfig
{
    /// <summary>Architecture.</summary>
    public ModelKind Kind { get; init; } = ModelKind.Linear;

    /// <summary>Activation of the feed-forward shapes (ignored by Linear).</summary>
    public Activation Activation { get; init; } = Activation.Gelu;

    /// <summary>Embedding width d.</summary>
    public int Width { get; init; } = 64;

    /// <summary>Hidden width m of the hidden-layer MLP.</summary>
    public int HiddenWidth { get; init; } = 64;

    /// <summary>One matrix for embedding and unembedding (needs V == C).</summary>
    public bool Tied { get; init; }

    /// <summary>float64 for comparisons with theory, float32 for speed.</summary>
    public torch.ScalarType DType { get; init; } = torch.ScalarType.Float64;

    /// <summary>The model this spec describes, for a task with V features and C classes.</summary>
    /// <exception cref="ArgumentException">A setting out of range (named by the family's config).</exception>
    public IFeatureModel Build(int features, int classes, long seed, string device) => Kind switch
    {
        ModelKind.Linear => new LinearModel(LinearConfig(features, classes, seed, device)),
        _ => new FeedForwardModel(FeedForwardConfig(features, classes, seed, device)),
    };

    /// <inheritdoc/>
    protected override int InitWidth => Width;

    /// <inheritdoc/>
    /// <remarks>The family's own default (<see cref="LinearModelConfig.DefaultInitStd"/> or
    /// <see cref="FeedForwardModelConfig.DefaultInitStd"/>).</remarks>
    protected override double DefaultStd => FamilyDefaultInitStd;

    private double FamilyDefaultInitStd => Kind == ModelKind.Linear ? LinearModelConfig.DefaultInitStd : FeedForwardModelConfig.DefaultInitStd;

    private LinearModelConfig LinearConfig(int features, int classes, long seed, string device) => new()
    {
        VocabularySize = features, ClassCount = classes, Width = Width, Tied = Tied,
        InitStd = InitStd, Gamma = Gamma, Seed = seed, DType = DType, Device = device,
    };

    private FeedForwardModelConfig FeedForwardConfig(int features, int classes, long seed, string device) => new()
    {
        Shape = Kind == ModelKind.EmbeddingMlp ? FeedForwardShape.EmbeddingMlp : FeedForwardShape.HiddenLayerMlp,
        Activation = Activation, VocabularySize = features, ClassCount = classes, Width = Width,
        HiddenWidth = HiddenWidth, Tied = Tied, InitStd = InitStd, Gamma = Gamma, Seed = seed, DType = DType, Device = device,
    };

    /// <summary>A short stable description, used in cache keys and reports.</summary>
    public override string ToString() =>
        $"{Kind}{(Kind == ModelKind.Linear ? "" : "/" + Activation.Name)} d={Width}{(Kind == ModelKind.HiddenLayerMlp ? $" m={HiddenWidth}" : "")} " +
        $"{(InitStd is { } s ? $"std={s:G4}" : Gamma is { } g ? $"gamma={g:G4}" : $"std={FamilyDefaultInitStd:G4}")}{(Tied ? " tied" : "")} {DType}";
}
