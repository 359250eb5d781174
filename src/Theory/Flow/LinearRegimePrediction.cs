using MathNet.Numerics.LinearAlgebra;
using ProbSig.Theory.Populations;
using ProbSig.Theory.Signatures;

namespace ProbSig.Theory.Flow;

/// <summary>
/// What the closed form of THEORY 3.1 predicts for the linear model trained on one
/// population from one initial scale: the signatures, the flow built from their A, its
/// growth rate sigma_1 and the end of the linear regime t*. `predict` reports it and `train`
/// records it beside the measured run, so both commands read the prediction from here.
/// </summary>
public sealed class LinearRegimePrediction
{
    private LinearRegimePrediction(SignatureSet signatures, LinearFlow flow, InitScale init)
    {
        Signatures = signatures;
        Flow = flow;
        Init = init;
        HasEndOfLinearRegime = flow.TryEndOfLinearRegime(init, out var tStar);
        EndOfLinearRegime = tStar;
    }

    /// <summary>Signatures of <paramref name="population"/> under <paramref name="features"/>,
    /// the linear flow of their A, and t* at <paramref name="init"/>.</summary>
    /// <exception cref="ArgumentException">A has a non-finite entry (see <see cref="LinearFlow"/>).</exception>
    public static LinearRegimePrediction Compute(Population population, FeatureMap features, InitScale init)
    {
        ArgumentNullException.ThrowIfNull(population);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(init);
        var signatures = SignatureSet.Compute(population, features);
        return new LinearRegimePrediction(signatures, new LinearFlow(signatures.A), init);
    }

    /// <summary>The probability signatures the prediction starts from.</summary>
    public SignatureSet Signatures { get; }

    /// <summary>The closed-form flow of <see cref="SignatureSet.A"/>.</summary>
    public LinearFlow Flow { get; }

    /// <summary>The initial scale; only d s^2 enters t*.</summary>
    public InitScale Init { get; }

    /// <summary>sigma_1(A), the growth rate of the leading mode.</summary>
    public double Sigma1 => Flow.Sigma1;

    /// <summary>False when d s^2 &gt;= 2: the initialisation is not small, there is no linear
    /// regime and <see cref="EndOfLinearRegime"/> is NaN.</summary>
    public bool HasEndOfLinearRegime { get; }

    /// <summary>t* in flow time (<see cref="LinearFlow.EndOfLinearRegime"/>): NaN without a
    /// linear regime, +infinity when sigma_1 = 0 (nothing grows, so it never ends).</summary>
    public double EndOfLinearRegime { get; }

    /// <summary>The predicted embedding cosine (V x V) at <paramref name="time"/>.</summary>
    public Matrix<double> EmbeddingCosine(FlowTime time) => Flow.EmbeddingCosine(time);
}
