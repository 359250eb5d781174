using MathNet.Numerics.LinearAlgebra;
using ProbSig.Theory.Flow;

namespace ProbSig.Theory.Corpus;

/// <summary>
/// THEORY 3.4's linear-regime predictions for a next-token LM: the flows of 3.1 driven by the
/// corpus A of <see cref="CorpusFlowMatrix"/>, nothing computed anew. Untied embeddings follow
/// <see cref="LinearFlow"/> (embedding cosine of cosh(2t sqrt(A^T A)), A read as C x V with
/// C = V = N); tied ones <see cref="TiedLinearFlow"/> (cosine of exp(2t (A + A^T))), which is not
/// the average of a next-side and a previous-side cosine. Each needs a stated t; t* of 3.1 at
/// <see cref="Init"/> is offered for both, lambda = sigma_1(A) untied and mu_max(A + A^T) tied.
/// <para>Cost: each flow is built on first use (a thin SVD, or a dense N x N symmetric
/// eigendecomposition, about 15 s each at N = 2048 with the managed provider), so a caller that
/// wants one of them pays for that one only.</para>
/// </summary>
public sealed class NextTokenLinearRegime
{
    private readonly Lazy<LinearFlow> _untied;
    private readonly Lazy<TiedLinearFlow> _tied;

    private NextTokenLinearRegime(CorpusFlowMatrix matrix, InitScale init)
    {
        Matrix = matrix;
        Init = init;
        _untied = new Lazy<LinearFlow>(() => new LinearFlow(matrix.A));
        _tied = new Lazy<TiedLinearFlow>(() => new TiedLinearFlow(matrix.A));
    }

    /// <summary>The predictions over <paramref name="tokens"/> from the offset-1 counts, at <paramref name="init"/>.</summary>
    /// <exception cref="ArgumentException">See <see cref="CorpusFlowMatrix.Compute"/>.</exception>
    public static NextTokenLinearRegime Compute(CorpusCounts counts, IReadOnlyList<int> tokens, InitScale init)
    {
        ArgumentNullException.ThrowIfNull(init);
        return new NextTokenLinearRegime(CorpusFlowMatrix.Compute(counts, tokens), init);
    }

    /// <summary>The corpus A and the choices it rests on.</summary>
    public CorpusFlowMatrix Matrix { get; }

    /// <summary>The model's initial scale (width d and std s); only d s^2 enters t*.</summary>
    public InitScale Init { get; }

    /// <summary>The untied flow of A (N classes, N tokens).</summary>
    public LinearFlow Untied => _untied.Value;

    /// <summary>The tied flow of A.</summary>
    public TiedLinearFlow Tied => _tied.Value;

    /// <summary>t* of the untied flow, ln(2 / (d s^2)) / (2 sigma_1): NaN when d s^2 &gt;= 2,
    /// +infinity when A = 0 (<see cref="LinearFlow.TryEndOfLinearRegime"/>).</summary>
    public double UntiedEndOfLinearRegime => Untied.TryEndOfLinearRegime(Init, out var t) ? t : double.NaN;

    /// <summary>t* of the tied flow, ln(2 / (d s^2)) / (2 mu_max): NaN when d s^2 &gt;= 2,
    /// +infinity when mu_max &lt;= 0 (<see cref="TiedLinearFlow.TryEndOfLinearRegime"/>).</summary>
    public double TiedEndOfLinearRegime => Tied.TryEndOfLinearRegime(Init, out var t) ? t : double.NaN;

    /// <summary>Predicted untied embedding cosine (N x N) at flow time <paramref name="t"/>.</summary>
    public Matrix<double> UntiedCosine(double t) => Untied.EmbeddingCosine(t);

    /// <summary>Predicted tied embedding cosine (N x N) at flow time <paramref name="t"/>.</summary>
    public Matrix<double> TiedCosine(double t) => Tied.Cosine(t);
}
