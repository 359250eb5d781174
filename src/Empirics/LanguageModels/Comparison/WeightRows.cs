using MathNet.Numerics.LinearAlgebra;
using static TorchSharp.torch;

namespace ProbSig.Empirics.LanguageModels.Comparison;

/// <summary>
/// The observed side of a language-model comparison starts here: the rows of an embedding or
/// unembedding matrix (V x d) for chosen token ids, in float64 on the CPU, ready for Theory's
/// <see cref="Theory.Geometry.RowCosine"/>. Comparisons take the mean-centred cosine
/// (<see cref="Theory.Geometry.RowCosine.MeanCentred"/>): trained LM embeddings share a common
/// direction (anisotropy) that lifts every cosine alike; the corpus signatures are centred the
/// same way (by their mean row).
/// </summary>
public static class WeightRows
{
    /// <summary>
    /// Rows <paramref name="ids"/> of <paramref name="weight"/> (V x d, any float type, any device),
    /// in the order given, as an N x d float64 matrix.
    /// </summary>
    /// <exception cref="ArgumentException">The weight is not two-dimensional, or an id is outside 0..V-1.</exception>
    public static Matrix<double> Select(Tensor weight, IReadOnlyList<int> ids)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(ids);
        if (weight.dim() != 2) throw new ArgumentException($"weight has shape [{string.Join(", ", weight.shape)}]; a V x d matrix is needed", nameof(weight));
        long v = weight.shape[0];
        foreach (var id in ids)
            if (id < 0 || id >= v) throw new ArgumentException($"token id {id} is outside the weight's {v} rows", nameof(ids));
        Runtime.TorchRuntime.Initialise();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var index = tensor(ids.Select(i => (long)i).ToArray(), device: weight.device);
        var rows = weight.detach().index_select(0, index).to(ScalarType.Float64).cpu();   // (N, d)
        return Matrix<double>.Build.DenseOfArray((double[,])rows.data<double>().ToNDArray());
    }
}
