using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Corpus;

/// <summary>
/// The A of THEORY 3.1 for a next-token language model (THEORY 3.4), from offset-1 counts:
/// the input is x_t, the label x_{t+1}, and A = E[(e_Y - u) phi^T] over positions becomes
/// <code>
/// A[y, s] = pi_s (P(x_{t+1} = y | x_t = s) - 1/V)
/// </code>
/// over the compared tokens only: rows y and columns s both range over <see cref="Tokens"/>, in
/// its order, so A is N x N and serves as the square A of the tied flow as well as the C x V
/// one of the untied flow (with C = V = N). The choices, exactly:
/// <list type="bullet">
/// <item>pi_s = (offset-1 pairs with x_t = s) / (all offset-1 pairs of the corpus, every token);</item>
/// <item>P(y | s) = c(s, y) / c(s, *), with c(s, *) the offset-1 pairs of s over ALL its next tokens,
/// not only the compared ones, so a column of A does not see the mass s sends outside the list;</item>
/// <item>V = the counts' vocabulary size <see cref="CorpusCounts.VocabularySize"/>: at
/// initialisation the softmax is uniform over every token of the model, not over the N compared.</item>
/// </list>
/// Hence sum_y A[y, s] = pi_s (sum over compared y of P(y | s)) - N pi_s / V exactly. A token
/// with no successor in any document has pi_s = 0 and a zero column (<see cref="HasSuccessor"/>
/// false): in the untied flow it lies in the null space and keeps its random initialisation.
/// </summary>
public sealed class CorpusFlowMatrix
{
    /// <summary>The compared token ids; row i and column i of <see cref="A"/> refer to Tokens[i].</summary>
    public IReadOnlyList<int> Tokens { get; }

    /// <summary>V of the uniform 1/V: the counts' vocabulary size.</summary>
    public int VocabularySize { get; }

    /// <summary>All offset-1 pairs of the corpus, the denominator of pi_s.</summary>
    public long TotalPairs { get; }

    /// <summary>pi_s of each compared token (Tokens order).</summary>
    public IReadOnlyList<double> Mass { get; }

    /// <summary>Whether Tokens[i] has at least one offset-1 successor (else its column is zero).</summary>
    public IReadOnlyList<bool> HasSuccessor { get; }

    /// <summary>A, N x N: A[i, j] = pi_{Tokens[j]} (P(Tokens[i] | Tokens[j]) - 1/V).</summary>
    public Matrix<double> A { get; }

    private CorpusFlowMatrix(int[] tokens, int vocabularySize, long totalPairs, double[] mass, bool[] hasSuccessor, Matrix<double> a)
    {
        Tokens = tokens;
        VocabularySize = vocabularySize;
        TotalPairs = totalPairs;
        Mass = mass;
        HasSuccessor = hasSuccessor;
        A = a;
    }

    /// <summary>A over <paramref name="tokens"/> (distinct ids) from the offset-1 counts of <paramref name="counts"/>.</summary>
    /// <exception cref="ArgumentException">The counts store the pairs of some tokens only (<see cref="CorpusCounts.PairTokens"/>):
    /// the total of all pairs, and so pi_s, is then unknown. Or a token is listed twice.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A token lies outside the vocabulary.</exception>
    public static CorpusFlowMatrix Compute(CorpusCounts counts, IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(tokens);
        if (counts.PairTokens is not null)
            throw new ArgumentException($"pi_s needs all offset-1 pairs of the corpus, but these counts keep the pairs of {counts.PairTokens.Count} tokens only", nameof(counts));
        int n = tokens.Count, v = counts.VocabularySize;
        var index = new int[v];
        Array.Fill(index, -1);
        for (int i = 0; i < n; i++)
        {
            if ((uint)tokens[i] >= (uint)v) throw new ArgumentOutOfRangeException(nameof(tokens), tokens[i], "token outside vocabulary");
            if (index[tokens[i]] >= 0) throw new ArgumentException($"token {tokens[i]} listed twice", nameof(tokens));
            index[tokens[i]] = i;
        }

        var block = Matrix<double>.Build.Dense(n, n);   // [y, s]: pairs (s, y) of the compared tokens
        var successors = new long[n];                   // c(s, *) over every next token
        long total = 0;
        foreach (var (s, y, c) in counts.Pairs(1))
        {
            total += c;
            int j = index[s];
            if (j < 0) continue;
            successors[j] += c;
            int i = index[y];
            if (i >= 0) block[i, j] += c;
        }

        var mass = new double[n];
        var a = Matrix<double>.Build.Dense(n, n);
        for (int j = 0; j < n; j++)
        {
            if (successors[j] == 0) continue;
            mass[j] = (double)successors[j] / total;
            for (int i = 0; i < n; i++)
                a[i, j] = mass[j] * (block[i, j] / successors[j] - 1.0 / v);
        }
        return new CorpusFlowMatrix(tokens.ToArray(), v, total, mass, successors.Select(c => c > 0).ToArray(), a);
    }
}
