using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Flow;

/// <summary>
/// The weights of the embedding MLP z = W_U act(W_E phi) at one time of a flow.
/// </summary>
/// <param name="Time">Flow time t (gradient descent step k with step eta is t = k * eta).</param>
/// <param name="Embedding">W_E, d x V: column s is token s's embedding (so the rows of its transpose are the embedding vectors).</param>
/// <param name="Unembedding">W_U, C x d: row y is class y's output vector.</param>
public sealed record MlpFlowState(double Time, Matrix<double> Embedding, Matrix<double> Unembedding)
{
    /// <summary>Cosine between the embeddings of every pair of the given tokens (all tokens when null);
    /// a token with a zero embedding gets NaN entries (no direction).</summary>
    public Matrix<double> EmbeddingCosine(IReadOnlyList<int>? tokens = null)
    {
        var cols = tokens ?? Enumerable.Range(0, Embedding.ColumnCount).ToArray();
        var x = Matrix<double>.Build.Dense(Embedding.RowCount, cols.Count, (r, j) => Embedding[r, cols[j]]);
        var gram = x.TransposeThisAndMultiply(x);
        var norms = gram.Diagonal().Map(Math.Sqrt);
        return Matrix<double>.Build.Dense(cols.Count, cols.Count, (i, j) =>
            i == j && norms[i] > 0 ? 1.0 : Math.Clamp(gram[i, j] / (norms[i] * norms[j]), -1.0, 1.0));
    }
}
