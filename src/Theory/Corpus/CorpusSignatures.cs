using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Corpus;

/// <summary>Which side of the pair conditions: the next-token (embedding side) signature
/// l_s(y) = P(x_{t+k} = y | x_t = s), or the previous-token (unembedding side) signature
/// m_y(s) = P(x_t = s | x_{t+k} = y).</summary>
public enum SignatureSide { Next, Previous }

/// <summary>
/// Corpus probability signatures of the top-N tokens (THEORY 3.4), from streaming counts.
/// <para>Representation: row i belongs to token <c>Tokens[i]</c> and is a probability
/// vector over N + 1 outcomes: the N top tokens (in <see cref="Tokens"/> order) and a final
/// "other" bucket holding the mass of every token outside the top N. The denominators run
/// over ALL tokens, so each row is the exact conditional distribution with its tail
/// lumped, and sums to one. Cosines (<see cref="CorpusSignatureSimilarity"/>) use all N + 1
/// entries, the "other" bucket included.</para>
/// <para>Windowed rows: l^(w)_s = sum_k alpha_k P_k(. | s), each offset normalised by its own
/// total. A token with no k-th successor in any document (it only ever sits within k of a
/// document end) has no P_k; its weights are renormalised over the offsets it has, so the
/// row is still a distribution. A token with no successor at all (previous side: no
/// predecessor) is undefined: its row is zero and <see cref="IsDefined"/> is false.</para>
/// </summary>
public sealed class CorpusSignatures
{
    /// <summary>Top-N token ids, most frequent first; row i and column i refer to Tokens[i].</summary>
    public IReadOnlyList<int> Tokens { get; }

    public SignatureSide Side { get; }
    public WindowWeights Weights { get; }

    /// <summary>N x (N + 1) rows; last column is the "other" bucket.</summary>
    public Matrix<double> Rows { get; }

    /// <summary>Whether row i has a signature (the token has at least one pair on this side).</summary>
    public IReadOnlyList<bool> IsDefined { get; }

    /// <summary>Pairs of offset 1..w whose conditioning token is Tokens[i] (the row mass, per offset summed).</summary>
    public IReadOnlyList<long> RowPairs { get; }

    private CorpusSignatures(int[] tokens, SignatureSide side, WindowWeights weights, Matrix<double> rows, bool[] defined, long[] rowPairs)
    {
        Tokens = tokens;
        Side = side;
        Weights = weights;
        Rows = rows;
        IsDefined = defined;
        RowPairs = rowPairs;
    }

    /// <summary>Plain (w = 1) next-token signatures of the top <paramref name="topN"/> tokens.</summary>
    public static CorpusSignatures Next(CorpusCounts counts, int topN = TopTokens.DefaultCount)
        => Compute(counts, SignatureSide.Next, TopTokens.Select(counts, topN), WindowWeights.Uniform(1));

    /// <summary>Plain (w = 1) previous-token signatures of the top <paramref name="topN"/> tokens.</summary>
    public static CorpusSignatures Previous(CorpusCounts counts, int topN = TopTokens.DefaultCount)
        => Compute(counts, SignatureSide.Previous, TopTokens.Select(counts, topN), WindowWeights.Uniform(1));

    /// <summary>Signatures of <paramref name="tokens"/> (distinct ids) on one side with windowed weights.</summary>
    public static CorpusSignatures Compute(CorpusCounts counts, SignatureSide side, IReadOnlyList<int> tokens, WindowWeights weights)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Window > counts.Window)
            throw new ArgumentOutOfRangeException(nameof(weights), weights.Window, $"window {weights.Window} exceeds the counted window {counts.Window}");
        int n = tokens.Count;
        var index = new int[counts.VocabularySize];
        Array.Fill(index, -1);
        for (int i = 0; i < n; i++)
        {
            if ((uint)tokens[i] >= (uint)counts.VocabularySize) throw new ArgumentOutOfRangeException(nameof(tokens), tokens[i], "token outside vocabulary");
            if (!counts.HasPairsOf(tokens[i]))
                throw new ArgumentException($"token {tokens[i]}'s pairs were not stored (the counts keep pairs of {counts.PairTokens!.Count} tokens only)", nameof(tokens));
            if (index[tokens[i]] >= 0) throw new ArgumentException($"token {tokens[i]} listed twice", nameof(tokens));
            index[tokens[i]] = i;
        }

        var rows = Matrix<double>.Build.Dense(n, n + 1);
        var weightUsed = new double[n];
        var rowPairs = new long[n];
        var perOffset = new double[n, n + 1];
        var total = new long[n];
        for (int k = 1; k <= weights.Window; k++)
        {
            Array.Clear(perOffset);
            Array.Clear(total);
            foreach (var (s, y, c) in counts.Pairs(k))
            {
                // Next side: condition on s, outcome y; previous side: condition on y, outcome s.
                int cond = side == SignatureSide.Next ? index[s] : index[y];
                if (cond < 0) continue;
                int outcome = side == SignatureSide.Next ? index[y] : index[s];
                perOffset[cond, outcome < 0 ? n : outcome] += c;
                total[cond] += c;
            }
            double alpha = weights.Alpha[k - 1];
            for (int i = 0; i < n; i++)
            {
                if (total[i] == 0) continue;
                rowPairs[i] += total[i];
                weightUsed[i] += alpha;
                double scale = alpha / total[i];
                for (int j = 0; j <= n; j++) rows[i, j] += perOffset[i, j] * scale;
            }
        }
        var defined = new bool[n];
        for (int i = 0; i < n; i++)
        {
            if (weightUsed[i] <= 0) continue;
            defined[i] = true;
            if (Math.Abs(weightUsed[i] - 1.0) > 1e-15)
                for (int j = 0; j <= n; j++) rows[i, j] /= weightUsed[i];
        }
        return new CorpusSignatures(tokens.ToArray(), side, weights, rows, defined, rowPairs);
    }
}
