using MathNet.Numerics.LinearAlgebra;
using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Empirics.LanguageModels.Comparison;

/// <summary>
/// The observed side of a language-model comparison: cosines between rows of an embedding
/// or unembedding matrix (V x d), restricted to chosen token ids, in float64.
/// </summary>
public static class RowCosine
{
    /// <summary>
    /// N x N cosine of the rows <paramref name="ids"/> of <paramref name="weight"/> (V x d, any
    /// float type, any device), in the order given. With <paramref name="centre"/> the mean of
    /// those rows is subtracted first: trained LM embeddings share a common direction
    /// (anisotropy) that lifts every cosine alike; the corpus signatures are centred the same
    /// way (by their mean row). A zero row gives NaN entries (no direction).
    /// </summary>
    /// <exception cref="ArgumentException">The weight is not two-dimensional, or an id is outside 0..V-1.</exception>
    public static Matrix<double> Of(Tensor weight, IReadOnlyList<int> ids, bool centre)
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
        if (centre) rows = rows - rows.mean([0], keepdim: true);
        var norms = rows.norm(1, keepdim: true);                                          // (N, 1)
        var unit = rows / norms;                                                          // zero rows become NaN
        var cos = unit.matmul(unit.t()).clamp(-1.0, 1.0);
        var result = Matrix<double>.Build.DenseOfArray((double[,])cos.data<double>().ToNDArray());
        for (int i = 0; i < ids.Count; i++)
            if (!double.IsNaN(result[i, i])) result[i, i] = 1.0;
        return result;
    }
}
