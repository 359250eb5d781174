using MathNet.Numerics.LinearAlgebra;
using ProbSig.Theory.Corpus;
using ProbSig.Theory.Geometry;
using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Empirics.LanguageModels.Comparison;

/// <summary>
/// The count-based rival's cosine (THEORY 3.4; Levy, Goldberg &amp; Dagan 2015): rows
/// U_k S_k^p of the truncated SVD of Theory's <see cref="Ppmi"/> matrix, with libtorch's dense
/// float64 SVD. Same definition as Theory's <see cref="PpmiSvd.Exact"/>, which takes about 80 s
/// at N = 2048 with MathNet's managed solver; libtorch takes about a second.
/// </summary>
public static class PpmiSvdCosine
{
    /// <summary>N x N cosine of the rival's word vectors; NaN for tokens with an empty PPMI row.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rank is not 1..N.</exception>
    public static Matrix<double> Compute(Ppmi ppmi, int rank = PpmiSvd.DefaultRank, double eigenvalueWeight = PpmiSvd.DefaultEigenvalueWeight)
    {
        ArgumentNullException.ThrowIfNull(ppmi);
        int n = ppmi.Tokens.Count;
        if (rank < 1 || rank > n) throw new ArgumentOutOfRangeException(nameof(rank), rank, $"rank must be 1..{n}");
        Runtime.TorchRuntime.Initialise();
        using var scope = NewDisposeScope();
        var m = tensor(ppmi.Matrix.ToArray(), ScalarType.Float64);
        var (u, s, _) = linalg.svd(m, fullMatrices: false);
        var w = u[.., ..rank] * s[..rank].pow(eigenvalueWeight).unsqueeze(0);            // (N, k)
        var rows = Matrix<double>.Build.DenseOfArray((double[,])w.data<double>().ToNDArray());
        return RowCosine.Of(rows, ppmi.IsDefined, null, CorpusSignatureSimilarity.ZeroRowNorm);
    }
}
