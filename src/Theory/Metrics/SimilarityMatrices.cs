using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Metrics;

/// <summary>
/// Shared handling of the inputs every metric takes (THEORY 4): two square, symmetric
/// similarity matrices over one token set. A NaN entry marks an undefined token pair
/// (for example a token that never occurs has no signature, THEORY 2); metrics built on
/// pairs drop such pairs, metrics built on whole matrices drop the tokens
/// <see cref="CommonDefinedTokens"/> leaves out.
/// </summary>
public static class SimilarityMatrices
{
    /// <summary>The fewest tokens a comparison accepts: with two tokens there is one pair
    /// and no correlation or ranking can be formed.</summary>
    public const int MinimumTokens = 3;

    /// <summary>
    /// Checks that <paramref name="observed"/> and <paramref name="predicted"/> are square,
    /// of one size and over at least <see cref="MinimumTokens"/> tokens.
    /// </summary>
    /// <exception cref="ArgumentNullException">Either matrix is null.</exception>
    /// <exception cref="ArgumentException">A shape is wrong; the message names the
    /// argument and both sizes.</exception>
    public static void Validate(Matrix<double> observed, Matrix<double> predicted)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(predicted);
        ValidateSquare(observed, nameof(observed));
        ValidateSquare(predicted, nameof(predicted));
        if (observed.RowCount != predicted.RowCount)
            throw new ArgumentException(
                $"predicted is {predicted.RowCount} x {predicted.ColumnCount} but observed is {observed.RowCount} x {observed.ColumnCount}; both must cover the same tokens",
                nameof(predicted));
    }

    /// <summary>Checks that one similarity matrix is square and has at least
    /// <see cref="MinimumTokens"/> tokens.</summary>
    public static void ValidateSquare(Matrix<double> m, string paramName)
    {
        ArgumentNullException.ThrowIfNull(m, paramName);
        if (m.RowCount != m.ColumnCount)
            throw new ArgumentException($"{paramName} is {m.RowCount} x {m.ColumnCount}; a similarity matrix must be square", paramName);
        if (m.RowCount < MinimumTokens)
            throw new ArgumentException($"{paramName} is {m.RowCount} x {m.ColumnCount}; at least {MinimumTokens} tokens are needed", paramName);
    }

    /// <summary>
    /// The off-diagonal pairs i &lt; j (row-major order) whose entries are finite in both
    /// matrices, as two aligned arrays, each with its ties snapped (<see cref="TieSnapping"/>),
    /// so every metric on pairs ranks and selects by value, not round-off. Only the upper
    /// triangle is read: the matrices are taken to be symmetric.
    /// </summary>
    public static (double[] Observed, double[] Predicted) OffDiagonalPairs(Matrix<double> observed, Matrix<double> predicted)
    {
        Validate(observed, predicted);
        var columns = OffDiagonalColumns(observed, predicted);
        return (columns[0], columns[1]);
    }

    /// <summary><see cref="OffDiagonalPairs"/> of three matrices (observed, predicted and a
    /// rival baseline): the pairs finite in all three, each array's ties snapped.</summary>
    public static (double[] Observed, double[] Predicted, double[] Baseline) OffDiagonalTriples(Matrix<double> observed, Matrix<double> predicted, Matrix<double> baseline)
    {
        Validate(observed, predicted);
        Validate(observed, baseline);
        var columns = OffDiagonalColumns(observed, predicted, baseline);
        return (columns[0], columns[1], columns[2]);
    }

    private static double[][] OffDiagonalColumns(params Matrix<double>[] matrices)
    {
        int n = matrices[0].RowCount;
        // Plain arrays: the matrix indexer costs several times more per entry.
        var arrays = matrices.Select(m => m.ToArray()).ToArray();
        var columns = matrices.Select(_ => new List<double>(n * (n - 1) / 2)).ToArray();
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                // NaN marks an undefined pair; an infinity is no similarity either.
                bool defined = true;
                foreach (var a in arrays) defined &= double.IsFinite(a[i, j]);
                if (!defined) continue;
                for (int c = 0; c < arrays.Length; c++) columns[c].Add(arrays[c][i, j]);
            }
        return columns.Select(c =>
        {
            var values = c.ToArray();
            TieSnapping.Snap(values);
            return values;
        }).ToArray();
    }

    /// <summary>
    /// Tokens to keep so that the matrix restricted to them has no NaN entry. Greedy:
    /// while any NaN remains, drop the token whose row and column hold the most NaN
    /// entries (the lowest index on a tie). A token that is undefined as a whole (a NaN
    /// row) goes first and alone, so one undefined token does not take its partners with
    /// it. Returns the kept token ids in increasing order.
    /// </summary>
    public static IReadOnlyList<int> DefinedTokens(Matrix<double> m)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.RowCount != m.ColumnCount)
            throw new ArgumentException($"m is {m.RowCount} x {m.ColumnCount}; a similarity matrix must be square", nameof(m));
        int n = m.RowCount;
        var a = m.ToArray();
        var undefined = new bool[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                undefined[i, j] = double.IsNaN(a[i, j]) || double.IsNaN(a[j, i]);
        return GreedyKeep(undefined);
    }

    /// <summary>
    /// <see cref="DefinedTokens"/> of the two matrices together: a pair counts as undefined
    /// when it is NaN in either.
    /// </summary>
    public static IReadOnlyList<int> CommonDefinedTokens(Matrix<double> observed, Matrix<double> predicted)
    {
        Validate(observed, predicted);
        int n = observed.RowCount;
        // Nothing undefined (the usual case): every token stays, without the n x n pass below.
        if (!HasNaN(observed) && !HasNaN(predicted)) return Enumerable.Range(0, n).ToArray();
        var o = observed.ToArray();
        var p = predicted.ToArray();
        var undefined = new bool[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                undefined[i, j] = double.IsNaN(o[i, j]) || double.IsNaN(o[j, i])
                    || double.IsNaN(p[i, j]) || double.IsNaN(p[j, i]);
        return GreedyKeep(undefined);
    }

    private static bool HasNaN(Matrix<double> m) =>
        m.AsColumnMajorArray() is { } storage ? Array.Exists(storage, double.IsNaN) : m.Enumerate().Any(double.IsNaN);

    /// <summary>The square sub-matrix over <paramref name="tokens"/> (rows and columns in
    /// the given order).</summary>
    public static Matrix<double> Restrict(Matrix<double> m, IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(tokens);
        var a = m.ToArray();
        return Matrix<double>.Build.Dense(tokens.Count, tokens.Count, (i, j) => a[tokens[i], tokens[j]]);
    }

    /// <summary>
    /// The matrix with token identities renamed: result[i, j] = m[perm[i], perm[j]], rows
    /// and columns moved together so a similarity matrix stays one.
    /// </summary>
    public static Matrix<double> Permute(Matrix<double> m, IReadOnlyList<int> perm)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(perm);
        if (perm.Count != m.RowCount)
            throw new ArgumentException($"perm has {perm.Count} entries but the matrix has {m.RowCount} tokens", nameof(perm));
        return Restrict(m, perm);
    }

    private static int[] GreedyKeep(bool[,] undefined)
    {
        int n = undefined.GetLength(0);
        var counts = new int[n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (undefined[i, j]) counts[i]++;
        var kept = new bool[n];
        Array.Fill(kept, true);
        while (true)
        {
            int worst = -1;
            for (int i = 0; i < n; i++)
                if (kept[i] && counts[i] > 0 && (worst < 0 || counts[i] > counts[worst])) worst = i;
            if (worst < 0) break;
            kept[worst] = false;
            // Its NaN entries no longer count against the tokens it shared them with.
            for (int j = 0; j < n; j++)
                if (kept[j] && undefined[j, worst]) counts[j]--;
        }
        return Enumerable.Range(0, n).Where(i => kept[i]).ToArray();
    }
}
