using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Decompositions;

/// <summary>
/// Randomised subspace iteration (Halko, Martinsson &amp; Tropp 2011): a Gaussian sketch of
/// rank + oversample columns, re-orthonormalised power steps (which sharpen the separation of
/// the leading k modes), then an exact SVD of the small projected matrix.
/// <para>Approximate where the spectrum is flat around rank k: on a structure-free Zipf stream's
/// PPMI (10M tokens, N = 2048, rank 64, 2 shared cores) 8 power steps took 17 s against the exact
/// 81 s, but the rows' cosines differed from the exact ones by up to 0.26 (singular values by 7e-3
/// relative); 24 steps took 45 s for 0.016. A rival whose cosines move by 0.26 with the solver is
/// no baseline, so the PPMI-SVD rival uses an exact solver.</para>
/// </summary>
public sealed class RandomisedSvdSolver : SvdSolver
{
    /// <param name="oversample">Sketch columns beyond the rank; negative: max(rank, 16), which doubles
    /// the sketch (PPMI spectra decay slowly, and a wider sketch is cheaper than more power steps at N = 2048).</param>
    /// <param name="powerIterations">Power steps, at least 0.</param>
    /// <param name="seed">Seed of the Gaussian sketch.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative number of power steps.</exception>
    public RandomisedSvdSolver(int oversample = -1, int powerIterations = 8, int seed = 0)
    {
        if (powerIterations < 0) throw new ArgumentOutOfRangeException(nameof(powerIterations), powerIterations, "the number of power steps must be at least 0");
        Oversample = oversample;
        PowerIterations = powerIterations;
        Seed = seed;
    }

    /// <summary>Sketch columns beyond the rank (negative: max(rank, 16)).</summary>
    public int Oversample { get; }

    /// <summary>Re-orthonormalised power steps.</summary>
    public int PowerIterations { get; }

    /// <summary>Seed of the Gaussian sketch.</summary>
    public int Seed { get; }

    /// <inheritdoc/>
    public override string Name => "randomised";

    /// <inheritdoc/>
    protected override LeadingSingularModes Solve(Matrix<double> m, int rank)
    {
        int oversample = Oversample < 0 ? Math.Max(rank, 16) : Oversample;
        int l = Math.Min(m.ColumnCount, rank + oversample);
        var rng = new Random(Seed);
        var omega = Matrix<double>.Build.Dense(m.ColumnCount, l, (_, _) => Gaussian(rng));
        var q = Orthonormal(m * omega);
        for (int it = 0; it < PowerIterations; it++)
        {
            var z = Orthonormal(m.TransposeThisAndMultiply(q));
            q = Orthonormal(m * z);
        }
        var b = q.TransposeThisAndMultiply(m); // l x n
        var svd = b.Svd(true);
        var u = q * svd.U;
        return new LeadingSingularModes(svd.S.SubVector(0, rank).ToArray(), u.SubMatrix(0, u.RowCount, 0, rank));
    }

    private static Matrix<double> Orthonormal(Matrix<double> a) => a.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Q;

    private static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
