using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Corpus;

/// <summary>
/// The count-based rival (Levy, Goldberg &amp; Dagan 2015, THEORY 3.4): positive pointwise
/// mutual information of the same (token, next-token) pairs as the signatures, with
/// context-distribution smoothing.
/// <para>Over the top-N tokens as both words (rows, x_t = s) and contexts (columns,
/// x_{t+1} = y), from offset-1 counts c(s, y) restricted to that N x N block (the usual
/// pruned-vocabulary PPMI: marginals are those of the block):</para>
/// <code>
/// PMI(s, y) = log( c(s, y) * D / ( c(s, *) * c_a(y) ) ),  D = sum c,  c_a(y) = c(*, y)^a * D / sum_y' c(*, y')^a
/// PPMI = max(PMI, 0), and 0 where c(s, y) = 0
/// </code>
/// i.e. PMI = log P(s, y) / (P(s) P_a(y)) with P_a(y) = c(*, y)^a / sum c(*, y')^a, a = 0.75.
/// A token whose row (or column) is empty in the block gets an all-zero row and is
/// reported undefined by <see cref="IsDefined"/>.
/// </summary>
public sealed class Ppmi
{
    public const double DefaultSmoothing = 0.75;

    public IReadOnlyList<int> Tokens { get; }
    public double Smoothing { get; }

    /// <summary>N x N PPMI, rows words s, columns contexts y, both in <see cref="Tokens"/> order.</summary>
    public Matrix<double> Matrix { get; }

    /// <summary>Whether row i is non-zero (the token has at least one positive association).</summary>
    public IReadOnlyList<bool> IsDefined { get; }

    private Ppmi(int[] tokens, double smoothing, Matrix<double> matrix)
    {
        Tokens = tokens;
        Smoothing = smoothing;
        Matrix = matrix;
        IsDefined = Enumerable.Range(0, tokens.Length).Select(i => matrix.Row(i).AbsoluteMaximum() > 0).ToArray();
    }

    /// <summary>PPMI of the top <paramref name="topN"/> tokens.</summary>
    public static Ppmi Compute(CorpusCounts counts, int topN = TopTokens.DefaultCount, double smoothing = DefaultSmoothing)
        => Compute(counts, TopTokens.Select(counts, topN), smoothing);

    public static Ppmi Compute(CorpusCounts counts, IReadOnlyList<int> tokens, double smoothing = DefaultSmoothing)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(tokens);
        if (!(smoothing > 0) || smoothing > 1) throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing, "smoothing exponent must be in (0, 1]");
        int n = tokens.Count;
        var index = new int[counts.VocabularySize];
        Array.Fill(index, -1);
        for (int i = 0; i < n; i++)
        {
            if (!counts.HasPairsOf(tokens[i]))
                throw new ArgumentException($"token {tokens[i]}'s pairs were not stored (the counts keep pairs of {counts.PairTokens!.Count} tokens only)", nameof(tokens));
            if (index[tokens[i]] >= 0) throw new ArgumentException($"token {tokens[i]} listed twice", nameof(tokens));
            index[tokens[i]] = i;
        }
        var c = Matrix<double>.Build.Dense(n, n);
        foreach (var (s, y, count) in counts.Pairs(1))
        {
            int i = index[s], j = index[y];
            if (i >= 0 && j >= 0) c[i, j] += count;
        }
        return new Ppmi(tokens.ToArray(), smoothing, FromCooccurrence(c, smoothing));
    }

    /// <summary>PPMI of a dense word x context count matrix (the formula above).</summary>
    public static Matrix<double> FromCooccurrence(Matrix<double> c, double smoothing = DefaultSmoothing)
    {
        ArgumentNullException.ThrowIfNull(c);
        var rowSums = c.RowSums();
        var colSums = c.ColumnSums();
        double total = rowSums.Sum();
        var smoothed = colSums.Map(x => Math.Pow(x, smoothing));
        double smoothedTotal = smoothed.Sum();
        var result = Matrix<double>.Build.Dense(c.RowCount, c.ColumnCount);
        if (total <= 0) return result;
        for (int i = 0; i < c.RowCount; i++)
            for (int j = 0; j < c.ColumnCount; j++)
            {
                double cij = c[i, j];
                if (cij <= 0) continue;
                double pmi = Math.Log(cij / total) - Math.Log(rowSums[i] / total) - Math.Log(smoothed[j] / smoothedTotal);
                if (pmi > 0) result[i, j] = pmi;
            }
        return result;
    }
}
