using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Metrics;

/// <summary>
/// One way to score how well a predicted similarity structure matches an observed one
/// (THEORY 4). Higher always means closer agreement, so every metric can share the
/// one-sided permutation null in <see cref="PermutationNull"/>. Implementations are
/// expected to be stateless: the null calls <see cref="Measure"/> from several threads.
/// </summary>
public interface ISimilarityMetric
{
    /// <summary>A short stable identifier used in reports, e.g. "spearman" or
    /// "knn_overlap@10".</summary>
    string Name { get; }

    /// <summary>
    /// Scores <paramref name="predicted"/> against <paramref name="observed"/>: two square,
    /// symmetric similarity matrices of one size over the same tokens. NaN entries mark
    /// undefined pairs and are left out (see <see cref="SimilarityMatrices"/>). Returns NaN
    /// when too little is defined to score (e.g. a constant set of pair similarities).
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ, are not square, or cover
    /// fewer than <see cref="SimilarityMatrices.MinimumTokens"/> tokens.</exception>
    double Measure(Matrix<double> observed, Matrix<double> predicted);
}
