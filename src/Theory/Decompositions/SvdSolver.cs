using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Decompositions;

/// <summary>The leading k singular modes of an m x n matrix M: M ~ U_k diag(Values) V_k^T.</summary>
/// <param name="Values">The k largest singular values, descending.</param>
/// <param name="Left">U_k, m x k: the matching left singular vectors as columns.</param>
public sealed record LeadingSingularModes(IReadOnlyList<double> Values, Matrix<double> Left);

/// <summary>
/// Gives the leading k singular values and left singular vectors of a dense matrix. One
/// definition of what is computed, several ways to compute it: <see cref="ExactSvdSolver"/>
/// (MathNet's managed dense SVD, exact and slow: about 80 s at 2048 x 2048 on two cores),
/// <see cref="RandomisedSvdSolver"/> (a sketch, fast and approximate) and, in Empirics,
/// libtorch's LAPACK (exact: the Gram's eigenvectors, then the projected SVD; about 1.3 s at 2048). Callers that define a quantity
/// through an SVD (the PPMI-SVD rival) take a solver, so the definition is written once.
/// </summary>
public abstract class SvdSolver
{
    /// <summary>Short name for reports: "exact", "randomised", "libtorch".</summary>
    public abstract string Name { get; }

    /// <summary>The leading <paramref name="rank"/> modes of <paramref name="matrix"/>.</summary>
    /// <exception cref="ArgumentException">The matrix is empty or has a non-finite entry.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rank is not 1..min(m, n).</exception>
    public LeadingSingularModes Leading(Matrix<double> matrix, int rank)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.RowCount == 0 || matrix.ColumnCount == 0)
            throw new ArgumentException($"matrix is {matrix.RowCount} x {matrix.ColumnCount}; an SVD needs a non-empty matrix", nameof(matrix));
        int most = Math.Min(matrix.RowCount, matrix.ColumnCount);
        if (rank < 1 || rank > most) throw new ArgumentOutOfRangeException(nameof(rank), rank, $"rank must be 1..{most} for a {matrix.RowCount} x {matrix.ColumnCount} matrix");
        foreach (var x in matrix.Enumerate())
            if (!double.IsFinite(x)) throw new ArgumentException($"matrix has a non-finite entry {x}", nameof(matrix));
        var modes = Solve(matrix, rank);
        if (modes.Values.Count != rank || modes.Left.RowCount != matrix.RowCount || modes.Left.ColumnCount != rank)
            throw new InvalidOperationException($"the {Name} solver returned {modes.Values.Count} values and a {modes.Left.RowCount} x {modes.Left.ColumnCount} U for rank {rank}");
        return modes;
    }

    /// <summary>The leading modes of a checked, non-empty, finite matrix, 1 &lt;= rank &lt;= min(m, n).</summary>
    protected abstract LeadingSingularModes Solve(Matrix<double> matrix, int rank);
}
