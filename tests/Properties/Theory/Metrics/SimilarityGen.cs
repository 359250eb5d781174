using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;
using ProbSig.Theory.Metrics;

namespace ProbSig.Tests.Properties.Theory.Metrics;

/// <summary>
/// A reproducible description of a random similarity matrix: the cosine Gram matrix of
/// <see cref="Tokens"/> Gaussian vectors in <see cref="Width"/> dimensions drawn from
/// <see cref="Seed"/>. Properties draw these descriptions rather than raw matrices so a
/// failing case prints as three numbers that rebuild it.
/// </summary>
public sealed record CosineCase(int Tokens, int Width, int Seed)
{
    /// <summary>Decimals to keep when <see cref="Tied"/> quantises the cosines.</summary>
    public const int TieDecimals = 1;

    /// <summary>The token vectors, Tokens x Width.</summary>
    public Matrix<double> Vectors() => SimilarityGen.Gaussian(Tokens, Width, new Random(Seed));

    /// <summary>The cosine similarity matrix of <see cref="Vectors"/>: symmetric, PSD,
    /// unit diagonal.</summary>
    public Matrix<double> Cosine() => SimilarityGen.CosineOf(Vectors());

    /// <summary>The cosines rounded to <see cref="TieDecimals"/> decimals: many ties, as
    /// rank statistics must handle.</summary>
    public Matrix<double> Tied() => Cosine().Map(v => Math.Round(v, TieDecimals));
}

/// <summary>Custom generators of similarity matrices and permutations for the metric
/// properties.</summary>
public static class SimilarityGen
{
    /// <summary>Cases with 4..<paramref name="maxTokens"/> tokens in 2..6 dimensions. Four
    /// tokens give six pairs, enough that a random case is rarely degenerate; at least two
    /// dimensions keep cosines away from the ±1 of a line.</summary>
    public static Gen<CosineCase> Case(int maxTokens = 24) =>
        from n in Gen.Choose(4, maxTokens)
        from d in Gen.Choose(2, 6)
        from seed in Gen.Choose(0, int.MaxValue)
        select new CosineCase(n, d, seed);

    /// <summary>Two independent cases over the same number of tokens.</summary>
    public static Gen<(CosineCase Observed, CosineCase Predicted)> Pair(int maxTokens = 24) =>
        from c in Case(maxTokens)
        from d in Gen.Choose(2, 6)
        from seed in Gen.Choose(0, int.MaxValue)
        select (c, new CosineCase(c.Tokens, d, seed));

    /// <summary>An n x d matrix of independent standard normal entries (Box-Muller).</summary>
    public static Matrix<double> Gaussian(int n, int d, Random rng) =>
        Matrix<double>.Build.Dense(n, d, (_, _) =>
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        });

    /// <summary>Cosine similarity of the rows of <paramref name="x"/>.</summary>
    public static Matrix<double> CosineOf(Matrix<double> x)
    {
        var gram = x * x.Transpose();
        int n = gram.RowCount;
        var m = Matrix<double>.Build.Dense(n, n, (i, j) => gram[i, j] / Math.Sqrt(gram[i, i] * gram[j, j]));
        // Exact unit diagonal and exact symmetry, whatever the rounding above did.
        for (int i = 0; i < n; i++)
        {
            m[i, i] = 1.0;
            for (int j = 0; j < i; j++) m[i, j] = m[j, i];
        }
        return m;
    }

    /// <summary>A uniform random permutation of 0..n-1 from a seed: the permutation engine's
    /// first draw (<see cref="PermutationNull.Draws"/>).</summary>
    public static int[] Permutation(int n, int seed) => PermutationNull.Draws(n, 1, seed)[0];
}
