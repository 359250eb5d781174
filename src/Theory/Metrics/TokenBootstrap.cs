using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Metrics;

/// <summary>
/// The paired bootstrap over tokens for a statistic of several similarity matrices over one
/// token set (THEORY 4; rsatoolbox's bootstrap over conditions, Schuett et al., eLife 2023):
/// a resample draws N tokens with replacement, every pair of two drawn copies of different
/// tokens is a pair of the resample (so tokens i and j drawn c_i and c_j times give c_i c_j
/// copies of pair (i, j)), and the pairs of a token with its own copy are left out, because
/// a similarity of a token to itself says nothing about the structure. Every matrix is read
/// on the same resample, so a difference of two agreements is tested as a difference.
/// <para>
/// Why not the generic path (materialise the resampled matrices, rank again): the pairs of a
/// resample are the original pairs with integer weights, so each matrix is sorted once here and
/// a resample only walks that order, summing weights over tie groups to give the average ranks
/// of the expanded sample. That is the same Spearman, O(P) a resample instead of O(P log P),
/// with no N x N copy (checked against the expanded sample in the property tests).
/// </para>
/// </summary>
public sealed class TokenBootstrap
{
    /// <summary>The most tokens a bootstrap takes: a pair's two tokens are packed in 16 bits each.</summary>
    public const int MaximumTokens = 1 << 16;

    private readonly int tokens, pairs;
    // keys[m][k]: the pair at position k of matrix m's sorted order, (i << 16) | j.
    private readonly int[][] keys;
    // groupEnd[m][k]: the last position of the tie group that starts at position k.
    private readonly int[][] groupEnd;
    // position[m][p]: where natural pair p (row-major i < j) lies in matrix m's sorted order.
    private readonly int[][] position;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(int, int), int[]> cross = new();

    /// <summary>Prepares the bootstrap of <paramref name="matrices"/> (square, one size, symmetric),
    /// over the pairs i &lt; j finite in all of them, each matrix's ties snapped as every metric
    /// snaps them (<see cref="TieSnapping"/>).</summary>
    /// <exception cref="ArgumentException">Fewer than two matrices, shapes that differ, or more than <see cref="MaximumTokens"/> tokens.</exception>
    public TokenBootstrap(IReadOnlyList<Matrix<double>> matrices)
    {
        ArgumentNullException.ThrowIfNull(matrices);
        if (matrices.Count < 2) throw new ArgumentException($"{matrices.Count} matrices given; a bootstrap of an agreement needs at least two", nameof(matrices));
        for (int m = 1; m < matrices.Count; m++) SimilarityMatrices.Validate(matrices[0], matrices[m]);
        tokens = matrices[0].RowCount;
        if (tokens > MaximumTokens) throw new ArgumentException($"the matrices cover {tokens} tokens; a token bootstrap takes at most {MaximumTokens}", nameof(matrices));
        var arrays = matrices.Select(m => m.ToArray()).ToArray();
        var natural = new List<int>();
        for (int i = 0; i < tokens; i++)
            for (int j = i + 1; j < tokens; j++)
            {
                bool defined = true;
                foreach (var a in arrays) defined &= double.IsFinite(a[i, j]);
                if (defined) natural.Add((i << 16) | j);
            }
        pairs = natural.Count;
        keys = new int[arrays.Length][];
        groupEnd = new int[arrays.Length][];
        position = new int[arrays.Length][];
        Parallel.For(0, arrays.Length, m =>
        {
            var values = new double[pairs];
            for (int p = 0; p < pairs; p++) values[p] = arrays[m][natural[p] >> 16, natural[p] & 0xFFFF];
            TieSnapping.Snap(values);
            var order = Enumerable.Range(0, pairs).ToArray();
            var sorted = (double[])values.Clone();
            Array.Sort(sorted, order);
            var end = new int[pairs];
            var key = new int[pairs];
            var where = new int[pairs];
            for (int k = pairs - 1; k >= 0; k--)
            {
                end[k] = k + 1 < pairs && sorted[k + 1] == sorted[k] ? end[k + 1] : k;
                key[k] = natural[order[k]];
                where[order[k]] = k;
            }
            keys[m] = key;
            groupEnd[m] = end;
            position[m] = where;
        });
    }

    /// <summary>Tokens N of the matrices.</summary>
    public int Tokens => tokens;

    /// <summary>Pairs i &lt; j finite in every matrix.</summary>
    public int Pairs => pairs;

    /// <summary>Matrices prepared.</summary>
    public int Matrices => keys.Length;

    /// <summary>The statistic on the data itself (every token drawn once).</summary>
    public double Estimate(Func<BootstrapSample, double> statistic)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        return statistic(new BootstrapSample(this, Enumerable.Repeat(1, tokens).ToArray(), new Workspace(this)));
    }

    /// <summary>
    /// The percentile interval of <paramref name="statistic"/> at <paramref name="options"/>'
    /// level: the statistic on each of <see cref="BootstrapOptions.Resamples"/> resamples, the
    /// (B + 1) a/2 -th and (B + 1)(1 - a/2) -th smallest of the finite ones. The resamples are
    /// drawn in turn from one <c>new System.Random(seed)</c> before any is scored (as the
    /// permutation nulls draw theirs), so the interval depends on the seed alone, however the
    /// scoring is spread over threads.
    /// </summary>
    public BootstrapInterval Interval(Func<BootstrapSample, double> statistic, BootstrapOptions options)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        ArgumentNullException.ThrowIfNull(options);
        var counts = Draws(options.Resamples, options.Seed);
        var draws = new double[options.Resamples];
        Parallel.For(0, options.Resamples, () => new Workspace(this), (b, _, workspace) =>
        {
            draws[b] = statistic(new BootstrapSample(this, counts[b], workspace));
            return workspace;
        }, _ => { });
        return BootstrapInterval.FromDraws(Estimate(statistic), draws, options);
    }

    /// <summary>Resample <paramref name="index"/> of the sequence <see cref="Interval"/> draws from <paramref name="seed"/>.</summary>
    public BootstrapSample Resample(int seed, int index) => new(this, Draws(index + 1, seed)[index], new Workspace(this));

    /// <summary>How many times each token is drawn in each of <paramref name="resamples"/> resamples,
    /// N uniform draws each, in turn from one <c>new System.Random(seed)</c>.</summary>
    public int[][] Draws(int resamples, int seed)
    {
        var rng = new Random(seed);
        var all = new int[resamples][];
        for (int b = 0; b < resamples; b++)
        {
            var counts = new int[tokens];
            for (int k = 0; k < tokens; k++) counts[rng.Next(tokens)]++;
            all[b] = counts;
        }
        return all;
    }

    /// <summary>
    /// Matrix <paramref name="m"/>'s pairs in its sorted order under token counts
    /// <paramref name="counts"/>: each pair's weight c_i c_j, and the average rank (1-based, over
    /// the expanded sample) of its tie group; returns the total weight.
    /// </summary>
    internal double Ranks(int m, int[] counts, float[] weights, float[] ranks)
    {
        var key = keys[m];
        var end = groupEnd[m];
        double below = 0;
        for (int k = 0; k < pairs;)
        {
            int last = end[k];
            if (last == k)
            {
                // Most values are untied: one pair, its rank below + (w + 1) / 2.
                int c = counts[key[k] >> 16] * counts[key[k] & 0xFFFF];
                weights[k] = c;
                // Written even at weight 0 (where no Spearman reads it): a branch here mispredicts.
                ranks[k] = (float)(below + (c + 1) * 0.5);
                below += c;
                k++;
                continue;
            }
            double tie = 0;
            for (int q = k; q <= last; q++)
            {
                int c = counts[key[q] >> 16] * counts[key[q] & 0xFFFF];
                weights[q] = c;
                tie += c;
            }
            float rank = (float)(below + (tie + 1) / 2);
            for (int q = k; q <= last; q++) ranks[q] = rank;
            below += tie;
            k = last + 1;
        }
        return below;
    }

    /// <summary>For each position of <paramref name="a"/>'s sorted order, the position of the same pair in <paramref name="b"/>'s.</summary>
    internal int[] Cross(int a, int b) => cross.GetOrAdd((a, b), _ =>
    {
        var result = new int[pairs];
        var where = position[b];
        var natural = position[a];
        // natural pair p sits at natural[p] in a's order and where[p] in b's.
        for (int p = 0; p < pairs; p++) result[natural[p]] = where[p];
        return result;
    });

    /// <summary>One thread's buffers: the sorted weights and ranks of every matrix.</summary>
    internal sealed class Workspace(TokenBootstrap bootstrap)
    {
        // Weights c_i c_j are small integers, exact in a float (half the memory a pass reads).
        // Ranks are half-integers up to the total weight W (about N^2 / 2), exact in a float up
        // to W = 2^23 (N near 4096) and within 1 part in 10^7 beyond: the random gather of the
        // second side's ranks is what a Spearman waits on, and a float halves it (26% faster
        // at N = 1024, the same interval to the last digit).
        public readonly float[][] Weights = Enumerable.Range(0, bootstrap.Matrices).Select(_ => new float[bootstrap.Pairs]).ToArray();
        public readonly float[][] Ranks = Enumerable.Range(0, bootstrap.Matrices).Select(_ => new float[bootstrap.Pairs]).ToArray();
    }
}

/// <summary>
/// One resample of a <see cref="TokenBootstrap"/>: the agreements a statistic is made of, each
/// computed on the resample's weighted pairs (ranks computed once per matrix and resample).
/// </summary>
public sealed class BootstrapSample
{
    private readonly TokenBootstrap bootstrap;
    private readonly int[] counts;
    private readonly TokenBootstrap.Workspace workspace;
    private readonly double[] total;

    internal BootstrapSample(TokenBootstrap bootstrap, int[] counts, TokenBootstrap.Workspace workspace)
    {
        this.bootstrap = bootstrap;
        this.counts = counts;
        this.workspace = workspace;
        total = Enumerable.Repeat(double.NaN, bootstrap.Matrices).ToArray();
    }

    /// <summary>How many times each token was drawn.</summary>
    public IReadOnlyList<int> Counts => counts;

    /// <summary>Spearman between matrices <paramref name="a"/> and <paramref name="b"/> (indices into
    /// the bootstrap's matrices) over the resample's pairs; NaN with fewer than three pairs or a
    /// constant side.</summary>
    public double Spearman(int a, int b)
    {
        double w0 = Prepare(a);
        Prepare(b);
        if (w0 < 3) return double.NaN;
        var weights = workspace.Weights[a];
        var x = workspace.Ranks[a];
        var y = workspace.Ranks[b];
        var cross = bootstrap.Cross(a, b);
        // The weighted mean of the average ranks of W values is (W + 1) / 2 exactly.
        double mean = (w0 + 1) / 2, sxy = 0, sxx = 0, syy = 0;
        for (int k = 0; k < weights.Length; k++)
        {
            // No test for weight 0 (about 60% of the pairs, at random): the product is 0 anyway,
            // and a branch that mispredicts costs more than the arithmetic.
            double w = weights[k];
            double dx = x[k] - mean, dy = y[cross[k]] - mean;
            sxy += w * dx * dy;
            sxx += w * dx * dx;
            syy += w * dy * dy;
        }
        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NaN;
    }

    /// <summary>The partial Spearman of <paramref name="x"/> and <paramref name="y"/> given
    /// <paramref name="z"/> on the resample (<see cref="PartialRankCorrelation.FromCorrelations"/>).</summary>
    public double PartialSpearman(int x, int y, int z) =>
        PartialRankCorrelation.FromCorrelations(Spearman(x, y), Spearman(x, z), Spearman(y, z));

    private double Prepare(int m)
    {
        if (double.IsNaN(total[m])) total[m] = bootstrap.Ranks(m, counts, workspace.Weights[m], workspace.Ranks[m]);
        return total[m];
    }
}

/// <summary>Resamples, level and seed of a <see cref="TokenBootstrap"/> interval.</summary>
/// <param name="Resamples">At least 99; 999 is the expected default (p to 0.001, a 95% interval from the 25th and 975th).</param>
/// <param name="Level">Two-sided coverage in (0, 1), e.g. 0.95.</param>
/// <param name="Seed">Seed of the first resample.</param>
public sealed record BootstrapOptions(int Resamples = 999, double Level = 0.95, int Seed = 0)
{
    /// <summary>The resamples checked.</summary>
    public int Resamples { get; } = Resamples >= 99 ? Resamples
        : throw new ArgumentOutOfRangeException(nameof(Resamples), Resamples, "a bootstrap interval needs at least 99 resamples");

    /// <summary>The level checked.</summary>
    public double Level { get; } = Level > 0 && Level < 1 ? Level
        : throw new ArgumentOutOfRangeException(nameof(Level), Level, "the level of an interval lies strictly between 0 and 1");
}

/// <summary>A bootstrap percentile interval of a statistic.</summary>
/// <param name="Estimate">The statistic on the data itself.</param>
/// <param name="Lower">Lower end.</param>
/// <param name="Upper">Upper end.</param>
/// <param name="Level">Two-sided coverage.</param>
/// <param name="Resamples">Resamples drawn.</param>
/// <param name="Undefined">Resamples whose statistic was not finite (left out).</param>
/// <param name="Sd">Standard deviation of the finite resampled statistics.</param>
public sealed record BootstrapInterval(double Estimate, double Lower, double Upper, double Level, int Resamples, int Undefined, double Sd)
{
    /// <summary>The two-sided bootstrap p-value of "the statistic is 0": twice the smaller share of
    /// finite resamples on either side of 0, each count plus one over B + 1 (the permutation nulls'
    /// convention, so the floor is 2 / (B + 1), 0.002 at 999 resamples), capped at 1. It is the
    /// smallest level 1 - L at which the percentile interval of level L would exclude 0, which is
    /// what makes it the p the difference test's interval implies. NaN with fewer than two finite resamples.</summary>
    public double PValue { get; init; } = double.NaN;

    /// <summary>The percentile interval of <paramref name="draws"/> around <paramref name="estimate"/>.</summary>
    public static BootstrapInterval FromDraws(double estimate, IReadOnlyList<double> draws, BootstrapOptions options)
    {
        ArgumentNullException.ThrowIfNull(draws);
        ArgumentNullException.ThrowIfNull(options);
        var finite = draws.Where(double.IsFinite).OrderBy(d => d).ToArray();
        if (finite.Length < 2) return new(estimate, double.NaN, double.NaN, options.Level, draws.Count, draws.Count - finite.Length, double.NaN);
        double alpha = (1 - options.Level) / 2;
        // The (B + 1) alpha -th smallest, 1-based, clamped into the sample.
        int lo = Math.Clamp((int)Math.Floor((finite.Length + 1) * alpha) - 1, 0, finite.Length - 1);
        int hi = Math.Clamp((int)Math.Ceiling((finite.Length + 1) * (1 - alpha)) - 1, 0, finite.Length - 1);
        double mean = finite.Average();
        double sd = Math.Sqrt(finite.Sum(d => (d - mean) * (d - mean)) / (finite.Length - 1));
        int atOrBelow = finite.Count(d => d <= 0), atOrAbove = finite.Count(d => d >= 0);
        double p = Math.Min(1, 2.0 * (1 + Math.Min(atOrBelow, atOrAbove)) / (finite.Length + 1));
        return new(estimate, finite[lo], finite[hi], options.Level, draws.Count, draws.Count - finite.Length, sd) { PValue = p };
    }

    /// <summary>True when the whole interval lies above <paramref name="value"/>.</summary>
    public bool Above(double value) => Lower > value;

    /// <summary>True when the whole interval lies below <paramref name="value"/>.</summary>
    public bool Below(double value) => Upper < value;
}
