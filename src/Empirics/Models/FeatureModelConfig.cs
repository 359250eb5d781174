using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Empirics.Models;

/// <summary>
/// The settings the two feature models of THEORY 3 share (<see cref="LinearModelConfig"/>,
/// <see cref="FeedForwardModelConfig"/>): a dense feature vector of length D in, C logits out,
/// through an embedding of width d.
/// </summary>
public abstract record FeatureModelConfig : InitScaledConfig
{
    /// <summary>Feature dimension D: V for counts or presence, L * V position-resolved.</summary>
    public int VocabularySize { get; init; } = 16;

    /// <summary>Number of classes C.</summary>
    public int ClassCount { get; init; } = 4;

    /// <summary>Embedding width d.</summary>
    public int Width { get; init; } = 64;

    /// <summary>One matrix W_E used both ways (W_U = W_E^T); needs V == C.</summary>
    public bool Tied { get; init; }

    /// <summary>Seed of the generator that draws the initial weights.</summary>
    public long Seed { get; init; }

    /// <summary>Parameter type: Float64 for theory comparisons, Float32 allowed.</summary>
    public ScalarType DType { get; init; } = ScalarType.Float64;

    /// <summary>"cpu", "cuda" or "cuda:N".</summary>
    public string Device { get; init; } = "cpu";

    /// <inheritdoc/>
    protected override int InitWidth => Width;

    /// <summary>Checks every field (a family adds its own); the message names the field and its value.</summary>
    /// <exception cref="ArgumentException">A field out of range.</exception>
    internal virtual void Validate()
    {
        ModelSetup.RequirePositive(VocabularySize, nameof(VocabularySize));
        ModelSetup.RequirePositive(ClassCount, nameof(ClassCount));
        ModelSetup.RequirePositive(Width, nameof(Width));
        if (Tied && VocabularySize != ClassCount)
            throw new ArgumentException(
                $"Tied needs VocabularySize == ClassCount; got VocabularySize {VocabularySize} and ClassCount {ClassCount}",
                nameof(Tied));
        ModelSetup.RequireFloatingDType(DType);
    }
}
