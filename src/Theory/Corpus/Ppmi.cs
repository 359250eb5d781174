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
/// <para>Contexts (<see cref="PpmiContext"/>): the above is the next side at offset 1, the default. The
/// previous side is the same formula over the transposed block, rows the tokens as x_{t+1} and
/// columns the previous token x_t: the next side of the reversed corpus. A window counts
/// c(s, y) = sum_k alpha_k n_k(s, y) over offsets 1..w; both sides add each pair to both rows (a
/// symmetric window). The formula is unchanged: PMI is invariant to scaling every count.</para>
/// </summary>
public sealed class Ppmi
{
    public const double DefaultSmoothing = 0.75;

    public IReadOnlyList<int> Tokens { get; }
    public double Smoothing { get; }

    /// <summary>The contexts counted: sides, offsets and their weights.</summary>
    public PpmiContext Context { get; }

    /// <summary>N x N PPMI, rows words, columns contexts, both in <see cref="Tokens"/> order: next side
    /// rows s = x_t and columns y = x_{t+1}; previous side rows y = x_{t+1} and columns s = x_t.</summary>
    public Matrix<double> Matrix { get; }

    /// <summary>Whether row i is non-zero (the token has at least one positive association).</summary>
    public IReadOnlyList<bool> IsDefined { get; }

    /// <summary>Pairs (offsets 1..w, unweighted) whose token on the counted side is Tokens[i], over every
    /// partner token (not only the block's): the weight a row carries in the centre, the same as the
    /// signatures' <see cref="CorpusSignatures.RowPairs"/> of that side and window (both sides: their sum).</summary>
    public IReadOnlyList<long> RowPairs { get; }

    private Ppmi(int[] tokens, double smoothing, PpmiContext context, Matrix<double> matrix, long[] rowPairs)
    {
        Tokens = tokens;
        Smoothing = smoothing;
        Context = context;
        Matrix = matrix;
        RowPairs = rowPairs;
        IsDefined = Enumerable.Range(0, tokens.Length).Select(i => matrix.Row(i).AbsoluteMaximum() > 0).ToArray();
    }

    /// <summary>PPMI of the top <paramref name="topN"/> tokens.</summary>
    public static Ppmi Compute(CorpusCounts counts, int topN = TopTokens.DefaultCount, double smoothing = DefaultSmoothing, SignatureSide side = SignatureSide.Next)
        => Compute(counts, TopTokens.Select(counts, topN), smoothing, side);

    /// <summary>PPMI of <paramref name="tokens"/> (distinct ids) on <paramref name="side"/>.</summary>
    public static Ppmi Compute(CorpusCounts counts, IReadOnlyList<int> tokens, double smoothing = DefaultSmoothing, SignatureSide side = SignatureSide.Next)
        => Compute(counts, tokens, PpmiContext.Offset1(side), smoothing);

    /// <summary>PPMI of <paramref name="tokens"/> (distinct ids) over <paramref name="context"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The window exceeds the counted one, or the smoothing is outside (0, 1].</exception>
    public static Ppmi Compute(CorpusCounts counts, IReadOnlyList<int> tokens, PpmiContext context, double smoothing = DefaultSmoothing)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Weights.Window > counts.Window)
            throw new ArgumentOutOfRangeException(nameof(context), context.Weights.Window, $"window {context.Weights.Window} exceeds the counted window {counts.Window}");
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
        var rowPairs = new long[n];
        bool next = context.Sides != ContextSides.Previous, previous = context.Sides != ContextSides.Next;
        for (int k = 1; k <= context.Weights.Window; k++)
        {
            double alpha = context.Weights.Alpha[k - 1];
            foreach (var (s, y, count) in counts.Pairs(k))
            {
                // The row is the token on the counted side, the column its partner.
                int si = index[s], yi = index[y];
                if (next && si >= 0)
                {
                    rowPairs[si] += count;
                    if (yi >= 0) c[si, yi] += alpha * count;
                }
                if (previous && yi >= 0)
                {
                    rowPairs[yi] += count;
                    if (si >= 0) c[yi, si] += alpha * count;
                }
            }
        }
        return new Ppmi(tokens.ToArray(), smoothing, context, FromCooccurrence(c, smoothing), rowPairs);
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
