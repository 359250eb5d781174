using MathNet.Numerics.LinearAlgebra;
using ProbSig.Theory.Metrics;
using ProbSig.Theory.Signatures;

namespace ProbSig.Empirics.Experiments;

/// <summary>
/// R_cos: how well the observed embedding cosines agree with the label-signature cosines
/// (centred, cos(l_i - u, l_j - u)) over the tokens that occur, measured by Pearson over
/// the off-diagonal pairs. Used as a training observer, so it is recorded along training.
/// </summary>
public sealed class SignatureAgreement
{
    private readonly Matrix<double> predicted;
    private readonly ISimilarityMetric metric;

    /// <summary>The tokens compared: those with a defined signature, or the given subset.</summary>
    public IReadOnlyList<int> Tokens { get; }

    /// <summary>Agreement against the centred label-signature cosine of <paramref name="signatures"/>.</summary>
    public SignatureAgreement(SignatureSet signatures, IReadOnlyList<int>? tokens = null, ISimilarityMetric? metric = null)
    {
        Tokens = tokens ?? Enumerable.Range(0, signatures.FeatureCount).Where(signatures.IsDefined).ToArray();
        predicted = SignatureSimilarity.Centred(signatures, Tokens);
        this.metric = metric ?? new PearsonMetric();
    }

    /// <summary>The signature cosine matrix over <see cref="Tokens"/>.</summary>
    public Matrix<double> Predicted => predicted;

    /// <summary>The metric's name (e.g. "pearson").</summary>
    public string MetricName => metric.Name;

    /// <summary>R_cos of an embedding given as one row per feature.</summary>
    public double Measure(double[,] embeddingRows) => metric.Measure(EmbeddingGeometry.Cosine(embeddingRows, Tokens), predicted);

    /// <summary>An observer for <c>Trainer.Train</c>: (step, embedding) to R_cos.</summary>
    public Func<int, double[,], double> Observer => (_, embedding) => Measure(embedding);
}
