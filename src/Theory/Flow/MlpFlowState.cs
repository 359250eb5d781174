using MathNet.Numerics.LinearAlgebra;
using ProbSig.Theory.Geometry;

namespace ProbSig.Theory.Flow;

/// <summary>
/// The weights of the embedding MLP z = W_U act(W_E phi) at one time of a flow.
/// </summary>
/// <param name="Time">Flow time t (gradient descent step k with step eta is t = k * eta).</param>
/// <param name="Embedding">W_E, d x V: column s is token s's embedding (so the rows of its transpose are the embedding vectors).</param>
/// <param name="Unembedding">W_U, C x d: row y is class y's output vector.</param>
public sealed record MlpFlowState(double Time, Matrix<double> Embedding, Matrix<double> Unembedding)
{
    /// <summary>Cosine between the embeddings of every pair of the given tokens (all tokens when null),
    /// by <see cref="RowCosine"/>: a token with an exactly zero embedding points nowhere (0 with others, 1 with itself).</summary>
    public Matrix<double> EmbeddingCosine(IReadOnlyList<int>? tokens = null)
    {
        var cols = tokens ?? Enumerable.Range(0, Embedding.ColumnCount).ToArray();
        // Rows of W_E^T: token j's embedding is column cols[j] of W_E.
        var rows = Matrix<double>.Build.Dense(cols.Count, Embedding.RowCount, (j, r) => Embedding[r, cols[j]]);
        return RowCosine.Of(rows);
    }
}
