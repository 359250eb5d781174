using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Empirics.Models;

/// <summary>
/// What the trainer and the measurements need from a model that maps a dense feature
/// vector phi(X) (length D = V, or L * V position-resolved) to C logits.
/// </summary>
public interface IFeatureModel
{
    /// <summary>Input feature dimension D (V, or L * V for the position-resolved map).</summary>
    int FeatureDimension { get; }

    /// <summary>Number of classes C (logits per input).</summary>
    int ClassCount { get; }

    /// <summary>Embedding width d.</summary>
    int Width { get; }

    /// <summary>Element type of the parameters (float64 or float32).</summary>
    ScalarType DType { get; }

    /// <summary>Device holding the parameters.</summary>
    Device Device { get; }

    /// <summary>The standard deviation every weight was drawn with.</summary>
    double InitStd { get; }

    /// <summary>A CPU float64 copy of the embedding, D x d: row s is the embedding of feature s (W_E^T).</summary>
    double[,] EmbeddingMatrix();

    /// <summary>A CPU float64 copy of the unembedding, C x d: row y is the output vector of class y.</summary>
    double[,] UnembeddingMatrix();
}
