namespace ProbSig.Theory.Metrics;

/// <summary>
/// Frequency bins for a null that respects a first-order baseline (THEORY 4, "Nulls that
/// respect a baseline"): tokens are cut into consecutive bins of equal count (±1) by
/// frequency rank, so that <see cref="PermutationNull.StratifiedDraws"/> renames a token only
/// to one of similar frequency. Equal counts, not equal widths in log frequency: every bin
/// then has tokens to exchange, where a Zipf tail would leave the head's bins nearly empty.
/// </summary>
public static class TokenStrata
{
    /// <summary>
    /// The stratum of each of <paramref name="tokens"/> tokens given most frequent first:
    /// token i gets floor(i * strata / tokens), so the bins are consecutive in rank, numbered
    /// 0..strata-1 from the most frequent, and differ in size by at most one.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokens"/> is below 1, or
    /// <paramref name="strata"/> is below 1 or above <paramref name="tokens"/> (a bin would be empty).</exception>
    public static int[] ByRank(int tokens, int strata)
    {
        if (tokens < 1) throw new ArgumentOutOfRangeException(nameof(tokens), tokens, "at least one token is needed");
        if (strata < 1 || strata > tokens)
            throw new ArgumentOutOfRangeException(nameof(strata), strata, $"must lie in 1..{tokens} (the token count), so that no bin is empty");
        var stratum = new int[tokens];
        // long: i * strata overflows int from 46341^2 on.
        for (int i = 0; i < tokens; i++) stratum[i] = (int)((long)i * strata / tokens);
        return stratum;
    }

    /// <summary>
    /// <see cref="ByRank"/> for tokens in any order: ranks by <paramref name="values"/>
    /// (e.g. frequencies) descending, equal values in index order (a stable sort), and token
    /// i gets the bin of its rank.
    /// </summary>
    /// <exception cref="ArgumentException">A value is NaN (it has no rank).</exception>
    /// <exception cref="ArgumentOutOfRangeException">As <see cref="ByRank"/>, with tokens = values.Count.</exception>
    public static int[] ByValue(IReadOnlyList<double> values, int strata)
    {
        ArgumentNullException.ThrowIfNull(values);
        for (int i = 0; i < values.Count; i++)
            if (double.IsNaN(values[i])) throw new ArgumentException($"values[{i}] is NaN; every token needs a value to be ranked", nameof(values));
        if (values.Count < 1) throw new ArgumentOutOfRangeException(nameof(values), values.Count, "at least one token is needed");
        var byRank = ByRank(values.Count, strata);
        // OrderByDescending is stable: ties keep index order, so the bins are reproducible.
        var order = Enumerable.Range(0, values.Count).OrderByDescending(i => values[i]).ToArray();
        var stratum = new int[values.Count];
        for (int rank = 0; rank < order.Length; rank++) stratum[order[rank]] = byRank[rank];
        return stratum;
    }
}
