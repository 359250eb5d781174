using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Statistics;
using ProbSig.Theory.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Empirics.LanguageModels.Comparison;

/// <summary>
/// Computes every THEORY 4 metric of an observed similarity matrix against a predicted one,
/// each with its token-permutation null, fast enough for 2048 tokens (two million pairs).
/// <para>Why not Theory's <see cref="PermutationNull"/> with each metric: every draw there
/// re-sorts all pairs (Spearman, precision, curve) or rebuilds the neighbour lists, about a
/// second per metric per draw at 2048 tokens. A permutation only renames tokens, so the
/// multiset of predicted pair values, their ranks, the strong-pair set, the neighbour sets
/// and the curve's bins move with it unchanged. Each is computed once as an N x N matrix;
/// a draw is then one gather of those matrices (libtorch, float64) and a few dot products.
/// The values are the Theory metrics' own, ties included (average ranks; ties at a top-set
/// cut-off kept, shared fraction over the larger set); the properties test them against
/// Theory's metrics and null, draw by draw. Permutations are drawn exactly as Theory's null
/// draws them (Fisher-Yates from <c>new Random(seed)</c>), so a seed gives the same draws.</para>
/// <para>Kendall's tau has no such shortcut (the discordant count needs a sort per draw), so
/// its null uses <see cref="ComparisonOptions.KendallPermutations"/> draws, the first ones
/// of the same sequence.</para>
/// </summary>
public static class StructureComparer
{
    /// <summary>Compares <paramref name="observed"/> with <paramref name="predicted"/> (square,
    /// symmetric, same tokens; NaN marks an undefined entry). Tokens with undefined entries
    /// are dropped first (<see cref="SimilarityMatrices.CommonDefinedTokens"/>).</summary>
    /// <exception cref="ArgumentException">Shapes differ, or fewer than 3 tokens remain.</exception>
    public static StructureComparison Compare(Matrix<double> observed, Matrix<double> predicted, ComparisonOptions? options = null)
    {
        options ??= new ComparisonOptions();
        options.Validate();
        SimilarityMatrices.Validate(observed, predicted);
        var kept = SimilarityMatrices.CommonDefinedTokens(observed, predicted);
        if (kept.Count < SimilarityMatrices.MinimumTokens)
            throw new ArgumentException($"only {kept.Count} tokens are defined in both matrices; at least {SimilarityMatrices.MinimumTokens} are needed", nameof(predicted));
        var o = SimilarityMatrices.Restrict(observed, kept);
        var p = SimilarityMatrices.Restrict(predicted, kept);
        Runtime.TorchRuntime.Initialise();
        using var scope = NewDisposeScope();
        var engine = new Engine(o, p, options);
        return engine.Run(kept, observed.RowCount - kept.Count);
    }

    /// <summary>The permutations Theory's <see cref="PermutationNull"/> draws for this seed, in order.</summary>
    public static int[][] Permutations(int n, int count, int seed)
    {
        var rng = new Random(seed);
        var perms = new int[count][];
        for (int b = 0; b < count; b++)
        {
            var perm = Enumerable.Range(0, n).ToArray();
            for (int i = n - 1; i > 0; i--)
            {
                int j = rng.Next(i + 1);
                (perm[i], perm[j]) = (perm[j], perm[i]);
            }
            perms[b] = perm;
        }
        return perms;
    }

    /// <summary>Average ranks (1-based; ties share their mean rank), as MathNet's Spearman ranks.</summary>
    internal static double[] AverageRanks(double[] values)
    {
        int m = values.Length;
        var order = Enumerable.Range(0, m).ToArray();
        var keys = (double[])values.Clone();
        Array.Sort(keys, order);
        var ranks = new double[m];
        int start = 0;
        while (start < m)
        {
            int end = start + 1;
            while (end < m && keys[end] == keys[start]) end++;
            double rank = (start + 1 + end) / 2.0;
            for (int r = start; r < end; r++) ranks[order[r]] = rank;
            start = end;
        }
        return ranks;
    }

    /// <summary>Bin of every pair by predicted value, with Theory's <see cref="AgreementCurve"/> rule:
    /// near-equal bins in sorted order, a run of equal values never split (so membership
    /// depends on the values alone and an unstable sort gives the same bins).</summary>
    internal static (int[] Bin, int Bins) CurveBins(double[] predicted, int bins)
    {
        int m = predicted.Length;
        var order = Enumerable.Range(0, m).ToArray();
        var keys = (double[])predicted.Clone();
        Array.Sort(keys, order);
        var bin = new int[m];
        int start = 0, used = 0;
        for (int b = 0; b < bins && start < m; b++)
        {
            int end = (int)((long)(b + 1) * m / bins);
            if (end <= start) continue;
            while (end < m && keys[end] == keys[end - 1]) end++;
            for (int r = start; r < end; r++) bin[order[r]] = used;
            used++;
            start = end;
        }
        return (bin, used);
    }

    /// <summary>The state of one comparison: predicted-side tables every draw gathers from,
    /// and the observed-side vectors they are scored against. A renaming pi sends pair
    /// (i, j) to predicted entry (pi(i), pi(j)), so a draw gathers m pair entries (and the
    /// n k observed-neighbour entries for kNN) instead of permuting whole matrices.</summary>
    private sealed class Engine
    {
        private readonly ComparisonOptions options;
        private readonly int n, m, bins;
        private readonly double[] o, p;
        private readonly int[] bin;
        private readonly Tensor rowIndex, colIndex;   // (m) i and j of the pairs i < j
        private readonly Tensor table;                // (5, n * n): standardised value, standardised rank, strong-pair indicator, centred matrix, bin
        private readonly Tensor predictedFlat;        // (n * n) raw predicted values, for Kendall's draws
        private readonly Tensor zo, ro, io, ko;       // (m) observed: standardised value, rank, strong-pair indicator, centred matrix
        private readonly Tensor kDiagonal, lDiagonal; // (n) diagonals of the centred matrices
        private readonly Tensor neighbourFlat;        // (n * n) predicted neighbour indicator
        private readonly Tensor nbRow, nbCol;         // observed neighbour entries (i, j)
        private readonly Tensor rowO, rowP;           // (n) neighbour-set sizes
        private readonly Tensor binCounts, oPairs;
        private readonly double setO, setP, normK, normL;

        public Engine(Matrix<double> observed, Matrix<double> predicted, ComparisonOptions options)
        {
            this.options = options;
            n = observed.RowCount;
            var (op, pp) = SimilarityMatrices.OffDiagonalPairs(observed, predicted);
            o = op;
            p = pp;
            m = o.Length;
            int k = Math.Min(options.KnnK, n - 1);
            var O = tensor(observed.ToArray(), ScalarType.Float64);
            var P = tensor(predicted.ToArray(), ScalarType.Float64);
            var iu = triu_indices(n, n, 1);
            rowIndex = iu[0].MoveToOuterDisposeScope();
            colIndex = iu[1].MoveToOuterDisposeScope();
            oPairs = tensor(o).MoveToOuterDisposeScope();

            // Pearson and Spearman: standardised value and rank vectors; a draw is one dot product.
            zo = Standardise(oPairs).MoveToOuterDisposeScope();
            var zp = Standardise(tensor(p));
            ro = Standardise(tensor(AverageRanks(o))).MoveToOuterDisposeScope();
            var rp = Standardise(tensor(AverageRanks(p)));

            // Strong pairs: the top q of pairs, ties at the cut-off kept.
            int count = Math.Clamp((int)Math.Floor(options.StrongPairFraction * m + 1e-9), 1, m);
            io = TopIndicator(o, count).MoveToOuterDisposeScope();
            var ip = TopIndicator(p, count);
            setO = io.sum().item<double>();
            setP = ip.sum().item<double>();

            // kNN: each row's k largest off-diagonal entries, ties at the cut-off kept.
            var ao = Neighbours(O, k);
            var ap = Neighbours(P, k);
            rowO = ao.sum(1).MoveToOuterDisposeScope();
            rowP = ap.sum(1).MoveToOuterDisposeScope();
            var nb = ao.nonzero();
            nbRow = nb[.., 0].contiguous().MoveToOuterDisposeScope();
            nbCol = nb[.., 1].contiguous().MoveToOuterDisposeScope();
            neighbourFlat = ap.reshape((long)n * n).MoveToOuterDisposeScope();

            // CKA: HKH and HLH; centring commutes with renaming tokens. Both are symmetric,
            // so the full inner product is twice the pair sum plus the diagonal.
            var kc = Centre(O);
            var lc = Centre(P);
            normK = kc.square().sum().sqrt().item<double>();
            normL = lc.square().sum().sqrt().item<double>();
            var flat = rowIndex * n + colIndex;
            ko = kc.reshape((long)n * n).index_select(0, flat).MoveToOuterDisposeScope();
            kDiagonal = kc.diagonal().contiguous().MoveToOuterDisposeScope();
            lDiagonal = lc.diagonal().contiguous().MoveToOuterDisposeScope();

            // Curve: every pair's bin of predicted value.
            (bin, bins) = CurveBins(p, options.Bins);
            var binTensor = tensor(bin.Select(b => (double)b).ToArray());
            binCounts = zeros(bins, ScalarType.Float64).index_add_(0, tensor(bin.Select(b => (long)b).ToArray()), ones(m, ScalarType.Float64), 1.0).MoveToOuterDisposeScope();

            table = torch.stack([Symmetric(zp, flat), Symmetric(rp, flat), Symmetric(ip, flat), lc, Symmetric(binTensor, flat)])
                .reshape(5, (long)n * n).MoveToOuterDisposeScope();
            predictedFlat = P.reshape((long)n * n).MoveToOuterDisposeScope();
        }

        public StructureComparison Run(IReadOnlyList<int> kept, int dropped)
        {
            var perms = Permutations(n, Math.Max(options.Permutations, options.KendallPermutations), options.Seed);
            var observedScores = Score(Enumerable.Range(0, n).ToArray());
            double kendall = KendallTauMetric.TauB(o, p);
            var nulls = new double[options.Permutations][];
            for (int b = 0; b < nulls.Length; b++)
            {
                using var scope = NewDisposeScope();
                nulls[b] = Score(perms[b]);
            }
            var kendallNull = new double[options.KendallPermutations];
            for (int b = 0; b < kendallNull.Length; b++)
            {
                using var scope = NewDisposeScope();
                var pairs = predictedFlat.index_select(0, PairIndex(perms[b])).data<double>().ToArray();
                kendallNull[b] = KendallTauMetric.TauB(o, pairs);
            }

            string precisionName = "strong_pair_precision@" + options.StrongPairFraction.ToString("R", CultureInfo.InvariantCulture);
            var metrics = new List<PermutationResult>
            {
                Result("pearson", observedScores[0], nulls.Select(d => d[0])),
                Result("spearman", observedScores[1], nulls.Select(d => d[1])),
                Result("kendall_tau", kendall, kendallNull),
                Result("linear_cka", observedScores[4], nulls.Select(d => d[4])),
                Result($"knn_overlap@{options.KnnK}", observedScores[3], nulls.Select(d => d[3])),
                Result(precisionName, observedScores[2], nulls.Select(d => d[2])),
            };
            return new StructureComparison(n, dropped, metrics, CurveResult(observedScores, nulls), kept.ToArray());
        }

        private AgreementCurveNull CurveResult(double[] observedScores, double[][] nulls)
        {
            var sumP = new double[bins];
            var low = Enumerable.Repeat(double.PositiveInfinity, bins).ToArray();
            var members = new List<int>[bins];
            for (int b = 0; b < bins; b++) members[b] = [];
            for (int r = 0; r < m; r++)
            {
                int b = bin[r];
                sumP[b] += p[r];
                low[b] = Math.Min(low[b], p[r]);
                members[b].Add(r);
            }
            var counts = members.Select(l => l.Count).ToArray();
            var meanObserved = observedScores[5..];
            var curve = new AgreementCurve(low, sumP.Select((s, b) => s / counts[b]).ToArray(), meanObserved, counts);
            var nullMean = new double[bins];
            var nullStd = new double[bins];
            for (int b = 0; b < bins; b++)
            {
                var v = nulls.Select(d => d[5 + b]).Where(double.IsFinite).ToArray();
                nullMean[b] = v.Length > 0 ? v.Mean() : double.NaN;
                nullStd[b] = v.Length > 1 ? v.StandardDeviation() : double.NaN;
            }
            int top = bins - 1;
            var topBin = Result("agreement_top_bin_mean", meanObserved[top], nulls.Select(d => d[5 + top]));
            double overall = o.Average();
            double lift = top == 0 ? double.NaN : (meanObserved[top] - overall) / meanObserved[..top].Select(x => Math.Abs(x - overall)).Average();
            var within = members.Select(l => WithinSpearman(l)).ToArray();
            double rest = within[..top].Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
            return new AgreementCurveNull(curve, nullMean, nullStd, topBin, lift, within[top], rest);
        }

        private Tensor PairIndex(int[] perm)
        {
            var pi = tensor(perm.Select(x => (long)x).ToArray());
            return pi.index_select(0, rowIndex) * n + pi.index_select(0, colIndex);
        }

        /// <summary>[pearson, spearman, precision, knn, cka, bin means...] under one renaming.</summary>
        private double[] Score(int[] perm)
        {
            var pi = tensor(perm.Select(x => (long)x).ToArray());
            var pairs = table.index_select(1, PairIndex(perm)); // (5, m)
            double pearson = zo.dot(pairs[0]).item<double>();
            double spearman = ro.dot(pairs[1]).item<double>();
            double precision = io.dot(pairs[2]).item<double>() / Math.Max(setO, setP);
            double cka = (2 * ko.dot(pairs[3]).item<double>() + kDiagonal.dot(lDiagonal.index_select(0, pi)).item<double>()) / (normK * normL);
            var hits = neighbourFlat.index_select(0, pi.index_select(0, nbRow) * n + pi.index_select(0, nbCol));
            var shared = zeros(n, ScalarType.Float64).index_add_(0, nbRow, hits, 1.0);
            double knn = (shared / maximum(rowO, rowP.index_select(0, pi))).mean().item<double>();
            var sums = zeros(bins, ScalarType.Float64).index_add_(0, pairs[4].to_type(ScalarType.Int64), oPairs, 1.0);
            var means = (sums / binCounts).data<double>().ToArray();
            return [pearson, spearman, precision, knn, cka, .. means];
        }

        private double WithinSpearman(List<int> members)
        {
            if (members.Count < 3) return double.NaN;
            double r = Correlation.Spearman(members.Select(i => o[i]).ToArray(), members.Select(i => p[i]).ToArray());
            return double.IsFinite(r) ? r : double.NaN;
        }

        private static PermutationResult Result(string name, double value, IEnumerable<double> nullValues)
        {
            var all = nullValues.ToArray();
            var draws = all.Where(d => !double.IsNaN(d)).ToArray();
            double threshold = value - PermutationNull.TieTolerance * Math.Max(1.0, Math.Abs(value));
            int atLeast = draws.Count(d => d >= threshold);
            double mean = draws.Length > 0 ? draws.Mean() : double.NaN;
            double std = draws.Length > 1 ? draws.StandardDeviation() : double.NaN;
            double pValue = double.IsNaN(value) || all.Length == 0 ? double.NaN : (1.0 + atLeast) / (1.0 + all.Length);
            return new PermutationResult(name, value, mean, std, pValue, all.Length);
        }

        /// <summary>(x - mean) / ||x - mean||, so that a dot product of two is their Pearson r.</summary>
        private static Tensor Standardise(Tensor x)
        {
            var c = x - x.mean();
            var norm = c.norm().item<double>();
            return norm > 0 ? c / norm : c * double.NaN;
        }

        private Tensor Symmetric(Tensor pairValues, Tensor flat)
        {
            var full = zeros((long)n * n, ScalarType.Float64);
            full.index_put_(pairValues, flat);
            var matrix = full.reshape(n, n);
            return matrix + matrix.t();
        }

        private static Tensor TopIndicator(double[] values, int count)
        {
            var sorted = (double[])values.Clone();
            Array.Sort(sorted);
            double cutoff = sorted[^count];
            return tensor(values.Select(v => v >= cutoff ? 1.0 : 0.0).ToArray());
        }

        private static Tensor Neighbours(Tensor s, int k)
        {
            var offDiagonal = s.clone();
            offDiagonal.diagonal().fill_(double.NegativeInfinity);
            var cutoff = offDiagonal.topk(k, dim: 1).values[.., k - 1].unsqueeze(1);
            return (offDiagonal >= cutoff).to_type(ScalarType.Float64);
        }

        private static Tensor Centre(Tensor s) =>
            s - s.mean([1], keepdim: true) - s.mean([0], keepdim: true) + s.mean();
    }
}
